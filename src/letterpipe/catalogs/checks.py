"""Per-message translation checks, reported with the translator's file, line and an excerpt.

They catch what a careful reviewer would: a dropped figure, a changed URL, lost emphasis, an
altered organisation name, unbalanced brackets, a paragraph left in English. A translator can
waive one check for one message with a comment that gives the reason::

    # letterpipe-waive: numbers: the year is written out in words in this language
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

import polib

from letterpipe.catalogs.pofile import parse_po
from letterpipe.source.markup import emphasis_counts, link_targets

WAIVER = re.compile(r"^\s*letterpipe-waive:\s*(?P<check>[a-z-]+)\s*(?::\s*(?P<reason>.*))?$")
CHECKS = ("empty", "fuzzy", "links", "emphasis", "numbers", "names", "brackets", "untranslated-copy")
LONG_SOURCE = 60
#: Findings that make a version incomplete rather than failing: it falls back to the source.
INCOMPLETE_CHECKS = frozenset({"fuzzy", "empty"})
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,\u066c\u2009']\d{3})+(?!\d)|\d+")
_PAIRS = dict(zip("([{«“\uff08\u3010\u300c\u300e", ")]}»”\uff09\u3011\u300d\u300f", strict=True))


@dataclass(frozen=True)
class Finding:
    check: str
    path: str
    line: int
    message: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] {self.message} — “{self.excerpt}”"


def excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def numbers(text: str) -> set[str]:
    """Every figure written with digits, separators removed, in any script's digits."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    return {re.sub(r"\D", "", match).lstrip("0") or "0" for match in _NUMBER.findall(ascii_digits)}


def unbalanced(text: str) -> list[str]:
    problems = []
    for opening, closing in _PAIRS.items():
        if text.count(opening) != text.count(closing):
            problems.append(f"{opening}{closing}")
    return problems


def waivers(entry: polib.POEntry) -> tuple[dict[str, str], list[str]]:
    """Waived checks with their reasons, and problems with the waivers themselves."""
    waived: dict[str, str] = {}
    problems = []
    for line in (entry.tcomment or "").splitlines():
        match = WAIVER.match(line)
        if not match:
            continue
        check, reason = match["check"], (match["reason"] or "").strip()
        if check not in CHECKS:
            problems.append(f"waiver names an unknown check {check!r} (known: {', '.join(CHECKS)})")
        elif not reason:
            problems.append(f"waiver of {check!r} gives no reason")
        else:
            waived[check] = reason
    return waived, problems


def check_message(source: str, translation: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """``(check, problem)`` pairs for one translated message."""
    found: list[tuple[str, str]] = []
    if link_targets(source) != link_targets(translation):
        found.append(("links", f"links differ: source {link_targets(source)}, translation {link_targets(translation)}"))
    if emphasis_counts(source) != emphasis_counts(translation):
        found.append(("emphasis", "emphasis (*…*, **…**) not preserved"))
    lost = sorted(numbers(source) - numbers(translation), key=lambda n: (len(n), n))
    if lost:
        found.append(("numbers", f"figures of the source missing: {', '.join(lost)}"))
    for name in names:
        if name in source and name not in translation:
            found.append(("names", f"signatory name {name!r} is altered or missing"))
    bad = unbalanced(translation)
    if bad:
        found.append(("brackets", f"unbalanced {' '.join(bad)}"))
    if len(source) >= LONG_SOURCE and " " in source and translation.strip() == source.strip():
        found.append(("untranslated-copy", "translation is a copy of the English source"))
    return found


def check_catalog(merged: Path, translator_file: Path, names: list[str], display_path: str) -> list[Finding]:
    """Check a merged catalog; lines point into the translator's own file."""
    catalog = polib.pofile(str(merged), wrapwidth=0)
    lines = (
        {e.key: e.first_line for e in parse_po(translator_file.read_bytes(), translator_file).entries}
        if translator_file.exists()
        else {}
    )
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete:
            continue
        line = lines.get((entry.msgctxt, entry.msgid), entry.linenum)
        waived, waiver_problems = waivers(entry)
        for problem in waiver_problems:
            findings.append(Finding("waiver", display_path, line, problem, excerpt(entry.msgid)))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        results: list[tuple[str, str]] = []
        if "fuzzy" in entry.flags:
            results.append(("fuzzy", "fuzzy: the source changed, review the translation"))
        elif not all(translations):
            results.append(("empty", "not translated"))
        else:
            source = entry.msgid
            for translation in translations:
                results.extend(check_message(source, translation, names))
        for check, problem in dict.fromkeys(results):
            if check not in waived:
                findings.append(Finding(check, display_path, line, problem, excerpt(entry.msgid)))
    return findings


def findings_json(findings: list[Finding]) -> bytes:
    return (json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that make a version failing (a wrong translation), not merely incomplete."""
    return [f for f in findings if f.check not in INCOMPLETE_CHECKS]


def read_findings(path: Path) -> list[Finding]:
    return [Finding(**item) for item in json.loads(path.read_text("utf-8"))]
