"""Where each language version stands: counts, findings, pages, verification, and a state.

Read from what the build left in ``build/`` (never by re-running anything), so it also tells
the truth about a build that failed half-way: a missing output is a failing version.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polib

from letterpipe.catalogs.checks import blocking, read_findings
from letterpipe.project import Project
from letterpipe.publish.provenance import changed_sources, source_digests


@dataclass
class LanguageStatus:
    """One version's standing. ``state`` is ``complete``, ``incomplete`` (fuzzy or untranslated
    messages, shown in the source language), ``stale`` (a source's content differs from what the
    build recorded), ``failing`` (a blocking check finding, a failed stage, or signatories that do
    not match) or ``not built``. ``stale`` is also set on a failing version built from old sources:
    it shows both. The counts are the letter's own messages; ``interface_missing`` lists
    letterpipe's interface strings that no catalog translates in the language (the page shows them
    in English, so it is incomplete too, but a translator of the letter cannot fix that)."""

    lang: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    findings: list[str] = field(default_factory=list)
    pages: int | None = None
    verified: bool = False
    problems: list[str] = field(default_factory=list)
    state: str = "failing"
    stale: bool = False
    changed: list[str] = field(default_factory=list)
    interface_missing: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.state}, stale" if self.stale and self.state != "stale" else self.state

    #: Why the translation is not approved as it is now ("" when it is, or for the source).
    approval: str = ""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0


def _counts(po: Path, pot: Path) -> tuple[int, int, int]:
    """Translated, fuzzy and untranslated letter messages: those of the letter's template, not the
    interface translations a catalog may still keep (they are reported apart)."""
    catalog = polib.pofile(str(po))
    letter = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot)) if not e.obsolete}
    active = [e for e in catalog if not e.obsolete and (e.msgctxt, e.msgid) in letter]
    fuzzy = sum("fuzzy" in e.flags for e in active)
    translated = sum(e.translated() for e in active)
    return translated, fuzzy, len(active) - translated - fuzzy


def _pot_count(pot: Path) -> int:
    return len([e for e in polib.pofile(str(pot)) if not e.obsolete])


def _recorded_sources(path: Path) -> dict[str, str] | None:
    if not path.exists():
        return None
    recorded = json.loads(path.read_text("utf-8")).get("sources")
    return recorded if isinstance(recorded, dict) else None


def _stale_sources(out: Path, current: dict[str, str]) -> list[str] | None:
    """The sources that changed since what is in ``out`` was built; None when it is current.

    The page's summary and the verification report each record the sources they were made from;
    a PDF left over from a build whose html stage since failed is stale by construction.
    """
    changed: set[str] = set()
    found = False
    for name in ("letter.json", "verify.json"):
        recorded = _recorded_sources(out / name)
        if recorded is not None:
            found = True
            changed.update(changed_sources(recorded, current))
    if not found and (out / "letter.pdf").exists():
        return ["letter.pdf left over from an earlier build"]
    return sorted(changed) or None


#: Each stage of a version and the output it leaves when it succeeds ({slug}: the letter).
STAGES = {
    "merge": "{slug}.po",
    "compile": "{slug}.mo",
    "check": "checks.json",
    "version": "verify.json",
}


def _log_error(log: Path, root: Path) -> list[str]:
    """The error a stage printed (paths inside the project shown relative to it)."""
    text = log.read_text("utf-8", errors="replace") if log.exists() else ""
    if "letterpipe: error: " not in text:
        return []
    body = text[text.index("letterpipe: error: ") + len("letterpipe: error: ") :]
    body = body.replace(f"{root}/", "").replace(f"{root.resolve()}/", "")
    return [line.rstrip() for line in body.splitlines() if line.strip()][:40]


def _stage_errors(project: Project, slug: str, lang: str) -> list[str]:
    """What the failed stages of one version printed, in pipeline order: a stage whose output is
    missing and whose log holds an error (a log whose output exists is from an earlier run). The
    letter's own extract stage counts for every version."""
    errors: list[str] = []
    logs, out = project.build / "logs" / slug, project.build / slug
    if not (out / f"{slug}.pot").exists():
        errors += [f"extract: {line}" for line in _log_error(logs / "extract.log", project.root)]
    for stage, output in STAGES.items():
        if not (out / lang / output.format(slug=slug)).exists():
            errors += [f"{stage}: {line}" for line in _log_error(logs / lang / f"{stage}.log", project.root)]
    return errors


def _silent_failure(project: Project, logs: Path, missing: list[str]) -> str:
    """A stage that stopped without letterpipe's error line (a crash in a library) still names
    itself and its log, and quotes the log's last line."""
    ran = [stage for stage in STAGES if (logs / f"{stage}.log").exists()]
    if not ran:
        return f"not built: {', '.join(missing)} (see {project.relative(logs)})"
    log = logs / f"{ran[-1]}.log"
    lines = [line.strip() for line in log.read_text("utf-8", errors="replace").splitlines() if line.strip()]
    last = f": {lines[-1][:160]!r}" if lines else ""
    return (
        f"{ran[-1]}: stopped without an error message (the process crashed?){last};"
        f" not built: {', '.join(missing)}; see {project.relative(log)}"
    )


def language_status(project: Project, slug: str, lang: str, source: str) -> LanguageStatus:
    out = project.build / slug / lang
    status = LanguageStatus(lang)
    merged, pot, pdf = out / f"{slug}.po", project.build / slug / f"{slug}.pot", out / "letter.pdf"
    if lang == source:
        status.translated = _pot_count(pot) if pot.exists() else 0
    elif merged.exists() and pot.exists():
        status.translated, status.fuzzy, status.untranslated = _counts(merged, pot)
    info = out / "letter.json"
    if info.exists():
        status.interface_missing = list(json.loads(info.read_text("utf-8")).get("interface_missing", []))
    checks = out / "checks.json"
    if checks.exists():
        status.findings = [str(f) for f in blocking(read_findings(checks))]
    verify = out / "verify.json"
    report = json.loads(verify.read_text("utf-8")) if verify.exists() else None
    if report is not None:
        status.verified = bool(report["ok"])
        status.problems += report["problems"]
    if report is not None and isinstance(report.get("pages"), int):
        status.pages = report["pages"]
    elif pdf.exists():
        from pypdf import PdfReader

        status.pages = len(PdfReader(str(pdf)).pages)
    missing = [name for name in ("letter.html", "letter.pdf", "verify.json") if not (out / name).exists()]
    built = [n for n in ("letter.json", "letter.html", "letter.pdf", "verify.json", f"{slug}.po") if (out / n).exists()]
    stale = _stale_sources(out, source_digests(project, slug, lang))
    status.stale, status.changed = stale is not None, stale or []
    logs = project.build / "logs" / slug / lang
    errors = _stage_errors(project, slug, lang)
    if missing and not errors and not built and not any(logs.glob("*.log")):
        status.state = "not built"
        return status
    status.problems += errors
    if missing and not errors:
        status.problems.append(_silent_failure(project, logs, missing))
    if status.problems or status.findings:
        status.state = "failing"
    elif status.stale:
        status.state = "stale"
    elif status.fuzzy or status.untranslated or status.interface_missing:
        status.state = "incomplete"
    else:
        status.state = "complete"
    return status


@dataclass
class LetterStatus:
    letter: str
    source: str
    release: list[str]
    languages: list[LanguageStatus]
    released: int | None = None
    release_problem: str | None = None
    #: Problems of the letter as a whole, such as a folder name that is not built.
    problems: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        """A letter folder that is not built at all (its name is invalid)."""
        return bool(self.problems) and not self.languages

    def blockers(self) -> list[str]:
        """Why a release cannot be made, one line per reason; empty when it can."""
        lines = [f"{self.letter}: {self.release_problem}"] if self.release_problem else []
        lines += self.problems
        by_lang = {s.lang: s for s in self.languages}
        for lang in self.release:
            s = by_lang.get(lang)
            if s is None:
                lines.append(f"{self.letter}/{lang}: no catalog for a language meant for release")
                continue
            if s.approval:
                lines.append(f"{self.letter}/{lang}: {s.approval}")
            if s.state == "complete":
                continue
            lines.append(f"{self.letter}/{lang}: {s.label}")
            if s.fuzzy or s.untranslated:
                lines.append(f"  {s.fuzzy} fuzzy and {s.untranslated} untranslated message(s)")
            if s.interface_missing:
                lines.append(f"  {interface_line(s)}")
            if s.stale:
                lines.append(f"  changed since it was built: {', '.join(s.changed)}")
            lines += [f"  {p}" for p in s.problems + s.findings]
        return lines

    def to_json(self) -> bytes:
        data = {
            "letter": self.letter,
            "source": self.source,
            "release": self.release,
            "released": self.released,
            "release_problem": self.release_problem,
            "languages": [asdict(s) | {"percent": round(s.percent, 1), "total": s.total} for s in self.languages],
            "problems": self.problems,
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def letter_status(project: Project, slug: str) -> LetterStatus:
    from letterpipe.errors import ReleaseIntegrityError
    from letterpipe.pipeline.workflow import letter_languages, rejected_versions
    from letterpipe.publish.approval import approval_problem
    from letterpipe.publish.releases import check_releases

    source, languages, release = letter_languages(project, slug)
    statuses = [language_status(project, slug, lang, source) for lang in languages]
    for entry in statuses:
        if entry.lang != source and entry.lang in release:
            entry.approval = approval_problem(project, slug, entry.lang) or ""
    statuses += [LanguageStatus(lang, problems=[reason]) for lang, reason in rejected_versions(project, slug).items()]
    status = LetterStatus(slug, source, release, statuses)
    try:
        status.released = (check_releases(project, slug) or [None])[-1]
    except ReleaseIntegrityError as exc:
        status.release_problem = str(exc)
    return status


def interface_line(s: LanguageStatus) -> str:
    """letterpipe's own strings missing in a language, and where a project can supply them."""
    shown = ", ".join(repr(m) for m in s.interface_missing[:3]) + (" ..." if len(s.interface_missing) > 3 else "")
    return (
        f"interface: {len(s.interface_missing)} of letterpipe's own string(s) untranslated in {s.lang} ({shown}); "
        f"translate them in locale/{s.lang}/LC_MESSAGES/letterpipe.po (letterpipe init {s.lang} --interface)"
    )


def rejected_letter_statuses(project: Project) -> list[LetterStatus]:
    """Letter folders that are not built, as failing entries naming the folder."""
    return [LetterStatus(name, "", [], [], problems=[reason]) for name, reason in project.rejected_letters().items()]


def format_table(status: LetterStatus) -> str:
    released = f"latest release: version {status.released}" if status.released else "not released yet"
    rows = [f"{status.letter}" if status.rejected else f"{status.letter} ({released})"]
    rows += [f"  {line}" for line in status.problems]
    if status.rejected:
        return "\n".join(rows)
    if status.release_problem:
        rows.append(f"  {status.release_problem}")
    rows.append(f"  {'lang':<8} {'done':>4} {'fuzzy':>5} {'todo':>4} {'%':>6} {'finds':>5} {'pages':>5}  state")
    for s in status.languages:
        pages = "-" if s.pages is None else str(s.pages)
        rows.append(
            f"  {s.lang:<8} {s.translated:>4} {s.fuzzy:>5} {s.untranslated:>4} {s.percent:>5.1f}%"
            f" {len(s.findings):>5} {pages:>5}  {s.label}"
        )
        details = s.problems + s.findings + ([s.approval] if s.approval else [])
        if s.interface_missing:
            details = [interface_line(s), *details]
        if s.stale:
            details = [f"changed since it was built: {', '.join(s.changed)}", *details]
        rows += [f"           {line}" for line in details[:6]]
        if len(details) > 6:
            rows.append(f"           ... {len(details) - 6} more in build/{status.letter}/status.json")
    return "\n".join(rows)
