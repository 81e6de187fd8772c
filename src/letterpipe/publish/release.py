"""Packaging a release: the versions a coordinator can attach to an email, with proof.

All or nothing: the release folder is assembled beside its final place and renamed into it only
when every language meant for release is complete, checked and verified.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from letterpipe.errors import VerificationError
from letterpipe.project import Project
from letterpipe.publish.signing import SignerConfig, sign_release
from letterpipe.publish.status import letter_status
from letterpipe.source.signatories import fingerprint

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


def make_release(project: Project, slug: str, target: Path, signer: SignerConfig | None = None) -> list[str]:
    """Write ``target`` (``build/<letter>/release``) or raise, listing what blocks the release.

    With ``signer``, every PDF and ``SHA256SUMS`` are signed (see :mod:`letterpipe.publish.signing`).
    """
    status = letter_status(project, slug)
    blockers = status.blockers()
    if blockers:
        raise VerificationError("release blocked:\n" + "\n".join(blockers))
    _, signatories = project.load(slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".release-", dir=target.parent))
    try:
        files = []
        for lang in status.release:
            pdf, html = f"{slug}_{lang}.pdf", f"{slug}_{lang}.html"
            shutil.copyfile(project.build / slug / lang / "letter.pdf", staging / pdf)
            page = (project.build / slug / lang / "letter.html").read_text("utf-8")
            (staging / html).write_text(flatten_links(page, slug, lang, status.release), "utf-8")
            files += [pdf, html]
        sums = "".join(f"{hashlib.sha256((staging / n).read_bytes()).hexdigest()}  {n}\n" for n in sorted(files))
        (staging / "SHA256SUMS").write_text(sums, "utf-8")
        signed = sign_release(staging, signer) if signer else ["not signed: no signing key configured"]
        manifest = {
            "letter": slug,
            "languages": status.release,
            "signatories": len(signatories),
            "fingerprint": fingerprint(signatories),
            "source_revision": source_revision(project),
            "tools": tool_versions(),
            "files": sorted(files),
            "signed": signer is not None,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return (
        signed
        + [f"released {project.relative(target / f)}" for f in sorted(files)]
        + [f"fingerprint {manifest['fingerprint']}"]
    )
