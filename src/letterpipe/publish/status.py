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


@dataclass
class LanguageStatus:
    """One version's standing. ``state`` is ``complete``, ``incomplete`` (fuzzy or untranslated
    messages, shown in the source language), ``stale`` (a source is newer than the PDF) or
    ``failing`` (a blocking check finding, a failed stage, or signatories that do not match)."""

    lang: str
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    findings: list[str] = field(default_factory=list)
    pages: int | None = None
    verified: bool = False
    problems: list[str] = field(default_factory=list)
    state: str = "failing"

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 0.0


def _counts(po: Path) -> tuple[int, int, int]:
    catalog = polib.pofile(str(po))
    active = [e for e in catalog if not e.obsolete]
    fuzzy = sum("fuzzy" in e.flags for e in active)
    translated = sum(e.translated() for e in active)
    return translated, fuzzy, len(active) - translated - fuzzy


def _pot_count(pot: Path) -> int:
    return len([e for e in polib.pofile(str(pot)) if not e.obsolete])


def _newest_input(project: Project, slug: str, lang: str) -> float:
    inputs = [project.letter_file(slug), project.signatories_file(slug), *project.template_files()]
    po = project.po_file(slug, lang)
    if po.exists():
        inputs.append(po)
    return max(p.stat().st_mtime for p in inputs if p.exists())


STAGES = ("merge", "compile", "check", "html", "pdf", "verify", "version")


def _stage_errors(logs: Path) -> list[str]:
    """What the failed stages of one version printed, in pipeline order."""
    errors: list[str] = []
    for stage in STAGES:
        log = logs / f"{stage}.log"
        if not log.exists():
            continue
        text = log.read_text("utf-8", errors="replace")
        if "letterpipe: error: " not in text:
            continue
        body = text[text.index("letterpipe: error: ") + len("letterpipe: error: ") :]
        errors += [f"{stage}: {line.rstrip()}" for line in body.splitlines() if line.strip()][:40]
    return errors


def language_status(project: Project, slug: str, lang: str, source: str) -> LanguageStatus:
    out = project.build / slug / lang
    status = LanguageStatus(lang)
    merged, pot, pdf = out / f"{slug}.po", project.build / slug / f"{slug}.pot", out / "letter.pdf"
    if lang == source:
        status.translated = _pot_count(pot) if pot.exists() else 0
    elif merged.exists():
        status.translated, status.fuzzy, status.untranslated = _counts(merged)
    checks = out / "checks.json"
    if checks.exists():
        status.findings = [str(f) for f in blocking(read_findings(checks))]
    if pdf.exists():
        from pypdf import PdfReader

        status.pages = len(PdfReader(str(pdf)).pages)
    verify = out / "verify.json"
    if verify.exists():
        report = json.loads(verify.read_text("utf-8"))
        status.verified = bool(report["ok"])
        status.problems += report["problems"]
    missing = [name for name in ("letter.html", "letter.pdf", "verify.json") if not (out / name).exists()]
    if missing:
        logs = project.build / "logs" / slug / lang
        status.problems += _stage_errors(logs) or [f"not built: {', '.join(missing)} (see {project.relative(logs)})"]
    if status.problems or status.findings:
        status.state = "failing"
    elif pdf.exists() and pdf.stat().st_mtime < _newest_input(project, slug, lang):
        status.state = "stale"
    elif status.fuzzy or status.untranslated:
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

    def blockers(self) -> list[str]:
        """Why a release cannot be made, one line per reason; empty when it can."""
        lines = []
        by_lang = {s.lang: s for s in self.languages}
        for lang in self.release:
            s = by_lang.get(lang)
            if s is None:
                lines.append(f"{self.letter}/{lang}: no catalog for a language meant for release")
                continue
            if s.state == "complete":
                continue
            lines.append(f"{self.letter}/{lang}: {s.state}")
            if s.fuzzy or s.untranslated:
                lines.append(f"  {s.fuzzy} fuzzy and {s.untranslated} untranslated message(s)")
            lines += [f"  {p}" for p in s.problems + s.findings]
        return lines

    def to_json(self) -> bytes:
        data = {
            "letter": self.letter,
            "source": self.source,
            "release": self.release,
            "languages": [asdict(s) | {"percent": round(s.percent, 1), "total": s.total} for s in self.languages],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def letter_status(project: Project, slug: str) -> LetterStatus:
    from letterpipe.pipeline.workflow import letter_languages

    source, languages, release = letter_languages(project, slug)
    return LetterStatus(slug, source, release, [language_status(project, slug, lang, source) for lang in languages])


def format_table(status: LetterStatus) -> str:
    rows = [f"{status.letter}"]
    rows.append(f"  {'lang':<8} {'done':>4} {'fuzzy':>5} {'todo':>4} {'%':>6} {'finds':>5} {'pages':>5}  state")
    for s in status.languages:
        pages = "-" if s.pages is None else str(s.pages)
        rows.append(
            f"  {s.lang:<8} {s.translated:>4} {s.fuzzy:>5} {s.untranslated:>4} {s.percent:>5.1f}%"
            f" {len(s.findings):>5} {pages:>5}  {s.state}"
        )
        details = s.problems + s.findings
        rows += [f"           {line}" for line in details[:6]]
        if len(details) > 6:
            rows.append(f"           ... {len(details) - 6} more in build/{status.letter}/status.json")
    return "\n".join(rows)
