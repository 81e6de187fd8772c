"""The translator-facing writes: ``init`` a language, ``update`` catalogs in ``locale/``.

These are the only operations that write into ``locale/``. They are explicit commands, write only
when content changes, and never drop a translation: merging keeps every msgstr, as fuzzy or
obsolete when its source changed or disappeared.
"""

from __future__ import annotations

import io

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from letterpipe.catalogs.merge import merge, new_catalog
from letterpipe.catalogs.pofile import render_catalog
from letterpipe.errors import CatalogError
from letterpipe.fsutil import write_if_changed
from letterpipe.project import Project
from letterpipe.render.languages import get_language
from letterpipe.source.extract import source_date, template_bytes


def _template(project: Project, slug: str) -> tuple[bytes, Catalog]:
    data = template_bytes(project, slug)
    return data, read_po(io.BytesIO(data))


def init_language(project: Project, slug: str, lang: str) -> str:
    """Create ``locale/<lang>/LC_MESSAGES/<slug>.po``; refuse to overwrite an existing one."""
    path = project.po_file(slug, lang)
    if path.exists():
        raise CatalogError("already exists; use 'letterpipe update' to refresh it", path)
    get_language(lang, project.language_table)
    _, template = _template(project, slug)
    write_if_changed(path, render_catalog(new_catalog(template, lang, source_date())))
    return f"created {project.relative(path)}"


def update_catalogs(project: Project, slug: str) -> list[str]:
    """Refresh ``locale/<slug>.pot`` and merge every language's catalog with it, in place."""
    data, template = _template(project, slug)
    report = []
    pot = project.pot_file(slug)
    report.append(f"{'updated' if write_if_changed(pot, data) else 'unchanged'} {project.relative(pot)}")
    for lang in project.catalog_languages(slug):
        path = project.po_file(slug, lang)
        merged = merge(template, path, lang)
        changed = write_if_changed(path, render_catalog(merged))
        report.append(f"{'updated' if changed else 'unchanged'} {project.relative(path)}")
    return report
