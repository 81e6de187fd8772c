"""Rendering one language version for the translator's preview, in process and in a scratch folder.

The same stages as the build (merge, check, compile, render) run on the working catalog, with
two differences: fuzzy translations are shown (marked) instead of falling back to the source, and
every message is marked with its state and its line in the translator's file. Nothing is written
into ``locale/`` or ``build/``: the merged catalog and ``.mo`` go to ``workdir``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polib

from letterpipe.catalogs.checks import Finding, blocking, check_catalog
from letterpipe.catalogs.maintain import merged
from letterpipe.catalogs.mofile import compile_catalog
from letterpipe.catalogs.pofile import parse_po, read_catalog, render_po
from letterpipe.errors import CatalogError
from letterpipe.fsutil import write_bytes_atomic
from letterpipe.live.marks import Entry, apply_marks, mark_catalog, message_key
from letterpipe.pipeline.workflow import letter_languages
from letterpipe.project import Project
from letterpipe.render.html import render_page
from letterpipe.source.extract import template_bytes


@dataclass
class Preview:
    """A rendered version: the marked page, and what the translator's panel lists."""

    letter: str
    lang: str
    page: str
    entries: list[Entry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    draft: bool = False

    def count(self, state: str) -> int:
        return sum(entry.state == state for entry in self.entries)


def _lines(po: Path, display: str) -> dict[tuple[str | None, str], str]:
    """Where each entry sits in the translator's own file, as ``file:line``."""
    return {(e.msgctxt, e.msgid): f"{display}:{e.linenum}" for e in polib.pofile(str(po)) if not e.obsolete}


def _attach(entries: list[Entry], findings: list[Finding], merged: Path, po: Path) -> None:
    """Give each finding to its entry: ``check_catalog`` reports the translator file's line, or
    the merged catalog's for an entry the translator's file does not have yet."""
    own = {(e.msgctxt, e.msgid): e.linenum for e in polib.pofile(str(po))}
    fallback = {(e.msgctxt, e.msgid): e.linenum for e in polib.pofile(str(merged)) if not e.obsolete}
    by_line: dict[int, Entry] = {}
    for entry in entries:
        line = own.get(entry.key, fallback.get(entry.key))
        if line is not None:
            by_line.setdefault(line, entry)
    for finding in findings:
        entry = by_line.get(finding.line)
        if entry is not None:
            entry.findings.append(finding)


def render_preview(project: Project, slug: str, lang: str, workdir: Path) -> Preview:
    """Render ``slug`` in ``lang`` from the working catalog; raises the catalog's own errors."""
    _, signatories = project.load(slug)
    source, languages, _ = letter_languages(project, slug)
    if lang == source:
        return Preview(slug, lang, render_page(project, slug, lang, None, languages)[0])
    po = project.po_file(slug, lang)
    if not po.exists():
        raise CatalogError(f"no catalog for {lang}: start one with 'letterpipe init {lang}'", project.relative(po))
    display = project.relative(po)
    template = parse_po(template_bytes(project, slug), project.pot_file(slug))
    merged_path = workdir / f"{slug}.po"
    write_bytes_atomic(merged_path, render_po(merged(project, slug, lang, template)[1]))
    findings = check_catalog(merged_path, po, [s.name for s in signatories], display)
    catalog = read_catalog(merged_path, locale=lang)
    lines = _lines(po, display)
    problems = [f"{lines.get(message_key(m), display)}: {error}" for m, errors in catalog.check() for error in errors]
    if problems:
        raise CatalogError("placeholders do not match their source:\n" + "\n".join(problems))
    entries = mark_catalog(catalog, lines, f"not in {display} yet: run letterpipe update")
    _attach(entries, findings, merged_path, po)
    mo_path = workdir / f"{slug}.mo"
    write_bytes_atomic(mo_path, compile_catalog(catalog, po))
    draft = any(e.state != "translated" for e in entries) or bool(blocking(findings))
    page, _ = render_page(project, slug, lang, mo_path, languages, force_draft=draft)
    return Preview(slug, lang, apply_marks(page, entries), entries, findings, draft)
