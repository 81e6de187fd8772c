"""Rendering one language version for the translator's preview, in process and in a scratch folder.

The same stages as the build (merge, check, compile, render) run on the working catalog, with
two differences: fuzzy translations are shown (marked) instead of falling back to the source, and
every message is marked with its state and its line in the translator's file. Nothing is written
into ``locale/`` or ``build/``: the merged catalog and ``.mo`` go to ``workdir``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from letterpipe.catalogs.checks import Finding, blocking, check_catalog
from letterpipe.catalogs.entries import PoFile
from letterpipe.catalogs.maintain import merged, template
from letterpipe.catalogs.mofile import compile_mo
from letterpipe.catalogs.pofile import read_po, render_po
from letterpipe.errors import CatalogError
from letterpipe.fsutil import write_bytes_atomic
from letterpipe.live.marks import Entry, apply_marks, mark_catalog
from letterpipe.pipeline.workflow import letter_languages
from letterpipe.project import Project
from letterpipe.render.html import render_page


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


def _attach(entries: list[Entry], findings: list[Finding], merged_path: Path, own: PoFile) -> None:
    """Give each finding to its entry: ``check_catalog`` reports the line of the entry in the
    translator's file, or in the merged catalog for an entry that file does not have yet."""
    lines = {e.key: e.first_line for e in own.entries if not e.obsolete}
    fallback = {e.key: e.first_line for e in read_po(merged_path).entries if not e.obsolete}
    by_line: dict[int, Entry] = {}
    for entry in entries:
        line = lines.get(entry.key, fallback.get(entry.key))
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
    display = project.relative(po)
    if not po.exists():
        raise CatalogError(f"no catalog for {lang}: start one with 'letterpipe init {lang}'", display)
    own, result = merged(project, slug, lang, template(project, slug)[1])
    merged_path = workdir / f"{slug}.po"
    write_bytes_atomic(merged_path, render_po(result, keep_layout=False))
    findings = check_catalog(merged_path, po, [s.name for s in signatories], display)
    where = {e.key: f"{display}:{e.first_line}" for e in own.entries if not e.obsolete}
    entries = mark_catalog(result, where, f"not in {display} yet: run letterpipe update")
    _attach(entries, findings, merged_path, own)
    mo_path = workdir / f"{slug}.mo"
    write_bytes_atomic(mo_path, compile_mo(result))
    draft = any(e.state != "translated" for e in entries) or bool(blocking(findings))
    page, _ = render_page(project, slug, lang, mo_path, languages, force_draft=draft)
    return Preview(slug, lang, apply_marks(page, entries), entries, findings, draft)
