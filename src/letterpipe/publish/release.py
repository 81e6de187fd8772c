"""Making a release: a new numbered folder that a coordinator can attach to an email, with proof.

A release is decided in two steps around a build (see ``cli.release``): :func:`plan_release` reads
the build and says whether anything changed since the latest release and which number comes
next; after the pages are rendered with that number, :func:`make_release` assembles the folder
beside ``releases/`` and renames it into place in one step. Nothing earlier is ever rewritten or
deleted, and a refused or interrupted release leaves no numbered folder behind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from letterpipe.errors import VerificationError
from letterpipe.project import Project
from letterpipe.publish import changelog as changes
from letterpipe.publish.edition import Edition, Pending, page_keys, read_edition
from letterpipe.publish.releases import SUMS, latest_manifest, releases_dir, sums_text, update_pointer
from letterpipe.publish.signing import SignerConfig, sign_release
from letterpipe.publish.status import LetterStatus, letter_status
from letterpipe.source.changes import changes_file, load_changes
from letterpipe.source.signatories import fingerprint
from letterpipe.source.signatories import to_json as signatories_json

TOOLS = ("letterpipe", "weasyprint", "babel", "jinja2", "snakemake", "pypdf", "markdown-it-py")


def source_revision(project: Project) -> str:
    """The git commit of the sources, marked ``-dirty`` when letters/ or locale/ have edits."""
    git = shutil.which("git")
    if git is None:
        return "unknown"
    head = subprocess.run([git, "-C", str(project.root), "rev-parse", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return "unknown"
    dirty = subprocess.run(
        [git, "-C", str(project.root), "status", "--porcelain", "--", "letters", "locale", "templates"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")


def tool_versions() -> dict[str, str]:
    out = {}
    for name in TOOLS:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def flatten_links(html: str, slug: str, lang: str, languages: list[str]) -> str:
    """Point a page's links at the release's flat file names (``<letter>_<lang>.html``).

    The hrefs are the template's own, so exact replacement is safe: a translation or a name can
    never contain ``href="`` (quotes are escaped).
    """
    for code in languages:
        html = html.replace(f'href="../{code}/letter.html"', f'href="{slug}_{code}.html"')
    return html.replace('href="letter.pdf"', f'href="{slug}_{lang}.pdf"')


def gate(status: LetterStatus) -> None:
    """Refuse, listing every reason, unless each language meant for release is complete and current."""
    blockers = status.blockers()
    if blockers:
        raise VerificationError(f"{status.letter}: release blocked:\n" + "\n".join(blockers))


@dataclass(frozen=True)
class Plan:
    """What ``plan_release`` decided: ``pending`` is None when nothing changed since ``latest``."""

    letter: str
    latest: Mapping | None
    pending: Pending | None


def plan_release(project: Project, slug: str, date: str, signed: bool = False) -> Plan:
    """Gate the build, then compare each page's content (and whether it is signed) with the latest
    release's."""
    status = letter_status(project, slug)
    gate(status)
    latest = latest_manifest(project, slug)
    keys = page_keys(project, slug, status.release)
    same = latest is not None and (latest["keys"], latest["languages"]) == (keys, status.release)
    if same and latest is not None and bool(latest.get("signed")) == signed:
        return Plan(slug, latest, None)
    return Plan(slug, latest, Pending((latest["version"] if latest else 0) + 1, date))


def _messages(project: Project, slug: str, source: str, languages: list[str]) -> dict[str, changes.MessageList]:
    out = {}
    for lang in languages:
        if lang == source:
            out[lang] = changes.catalog_messages(project.build / slug / f"{slug}.pot", True)
        else:
            out[lang] = changes.catalog_messages(project.build / slug / lang / f"{slug}.po", False)
    return out


@dataclass(frozen=True)
class Released:
    folder: Path
    files: list[str]
    fingerprint: str
    summary: str
    signed: list[str]


def _check_rendered(project: Project, slug: str, languages: list[str], edition: Edition) -> None:
    """Every page must print the number being released: else the sources moved during the release."""
    for lang in languages:
        info = json.loads((project.build / slug / lang / "letter.json").read_text("utf-8"))
        printed = info.get("edition") or {}
        if printed.get("version") != edition.version or printed.get("draft", True):
            raise VerificationError(
                f"{slug}/{lang}: the page does not print version {edition.version}: "
                "a source changed while the release was being made; run the release again"
            )


def make_release(project: Project, plan: Plan, signer: SignerConfig | None = None) -> Released:
    """Write ``releases/<N>/`` for ``plan.pending`` from the pages just rendered with that number.

    The changelog takes its reasons from ``letters/<letter>/signatory-changes.csv``. With
    ``signer``, every PDF and ``SHA256SUMS`` are signed (see :mod:`letterpipe.publish.signing`);
    the detached signature ``SHA256SUMS.p7s`` is the one file ``SHA256SUMS`` cannot list.
    """
    slug = plan.letter
    assert plan.pending is not None
    status = letter_status(project, slug)
    gate(status)
    edition = read_edition(project.build / slug / "edition.json")
    if (edition.version, edition.date) != (plan.pending.version, plan.pending.date):
        raise VerificationError(f"{slug}: the build did not render version {plan.pending.version}")
    _check_rendered(project, slug, status.release, edition)
    letter, signatories = project.load(slug)
    parent = releases_dir(project, slug)
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=parent.parent))
    target = parent / str(edition.version)
    try:
        files = []
        for lang in status.release:
            pdf, html = f"{slug}_{lang}.pdf", f"{slug}_{lang}.html"
            shutil.copyfile(project.build / slug / lang / "letter.pdf", staging / pdf)
            page = (project.build / slug / lang / "letter.html").read_text("utf-8")
            (staging / html).write_text(flatten_links(page, slug, lang, status.release), "utf-8")
            files += [pdf, html]
        previous = plan.latest
        manifest = {
            "letter": slug,
            "version": edition.version,
            "date": edition.date,
            "previous": {"version": previous["version"], "date": previous["date"]} if previous else None,
            "languages": status.release,
            "signatories": len(signatories),
            "fingerprint": fingerprint(signatories),
            "added": edition.added,
            "source_revision": source_revision(project),
            "tools": tool_versions(),
            "files": sorted([*files, "CHANGELOG.md", "changelog.json", "manifest.json"]),
            "keys": edition.keys,
            "signatory_list": json.loads(signatories_json(signatories)),
            "messages": _messages(project, slug, letter.source_language, status.release),
            "signed": signer is not None,
        }
        recorded = load_changes(changes_file(project.letter_file(slug).parent))
        log = changes.build_changelog(previous, manifest, recorded)
        titles = {gid: heading.text for gid, heading in letter.groups.items()}
        (staging / "changelog.json").write_bytes(changes.to_json(log))
        (staging / "CHANGELOG.md").write_text(changes.to_markdown(log, titles), "utf-8")
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
        (staging / SUMS).write_text(sums_text(staging, manifest["files"]), "utf-8")
        signed = sign_release(staging, signer) if signer else ["not signed: no signing key configured"]
        for path in staging.iterdir():
            os.chmod(path, 0o444)
        os.chmod(staging, 0o755)
        if target.exists():
            raise VerificationError(f"{project.relative(target)} exists already: another release was made meanwhile")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    update_pointer(project, slug, edition.version)
    names = sorted(p.name for p in target.iterdir())
    return Released(target, names, manifest["fingerprint"], changes.summary(log), signed)
