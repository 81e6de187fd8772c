"""Keeping the ``letterpipe`` domain in step with the packaged templates.

For letterpipe's developers: ``python -m letterpipe.catalogs.interface_update`` re-extracts
``letterpipe/locale/letterpipe.pot`` from the packaged templates and merges every shipped
catalog with it (msgmerge-style: nothing is dropped; a removed string becomes obsolete). A test
fails while the committed POT lags behind the templates.

For projects: :func:`update_overrides` merges a project's own ``locale/<lang>/LC_MESSAGES/
letterpipe.po`` with the packaged POT (``letterpipe update``), and :func:`init_override` starts
one (``letterpipe init <lang> --interface``).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from letterpipe.catalogs.interface import DOMAIN, PACKAGED_LOCALE, packaged_pot, project_catalog
from letterpipe.catalogs.maintain import rewrite_catalogs
from letterpipe.catalogs.merge import merge_catalog, new_catalog
from letterpipe.catalogs.pofile import Entry, PoFile, header_value, parse_po, read_po, render_po
from letterpipe.catalogs.validate import validate
from letterpipe.errors import CatalogError
from letterpipe.fsutil import write_bytes_atomic, write_if_changed
from letterpipe.project import PACKAGED_TEMPLATES, Project
from letterpipe.source.extract import JINJA_OPTIONS, extract_entries, header_text, po_date, source_date

HEADER_COMMENTS = [
    " Translations template for letterpipe's own words (the 'letterpipe' gettext domain):",
    " what letterpipe adds around every letter, in every language version.",
    " Translators: a project may override any of them in locale/<lang>/LC_MESSAGES/letterpipe.po.",
]


def _header(created: str) -> Entry:
    return Entry(
        msgid="",
        msgstr=header_text(DOMAIN, "", created),
        comments=list(HEADER_COMMENTS),
        flags=["fuzzy"],
    )


def build_interface_template(created: str = "YEAR-MO-DA HO:MI+ZONE") -> PoFile:
    """The interface messages of the packaged templates (references without lines: moving a
    string inside a template does not touch 33 catalogs)."""
    sources = [
        (path, "jinja2", JINJA_OPTIONS, f"templates/{path.name}", False)
        for path in sorted(PACKAGED_TEMPLATES.glob("*.j2"))
    ]
    entries = extract_entries(sources)
    return PoFile(packaged_pot(), [_header(created), *entries.values()])


def interface_template_bytes() -> bytes:
    """The POT as it should be committed; the committed date is kept when nothing else changed."""
    path = packaged_pot()
    if path.exists():
        created = header_value(parse_po(path.read_bytes(), path).header, "POT-Creation-Date")
        if created:
            candidate = render_po(build_interface_template(created))
            if candidate == path.read_bytes():
                return candidate
    return render_po(build_interface_template(po_date(source_date())))


def update_packaged() -> Iterator[str]:
    """Write the packaged POT and merge every shipped catalog with it."""
    data = interface_template_bytes()
    path = packaged_pot()
    yield f"{'updated' if write_if_changed(path, data) else 'unchanged'} {path.name}"
    pot = parse_po(data, path)
    for po_path in sorted(PACKAGED_LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        catalog = read_po(po_path)
        result = merge_catalog(pot, catalog)
        validate(result, lines_from=catalog, path=po_path)
        changed = result.state() != catalog.state() and write_if_changed(po_path, render_po(result))
        yield f"{'updated' if changed else 'unchanged'} {po_path.relative_to(PACKAGED_LOCALE)}"


def update_overrides(project: Project) -> Iterator[str]:
    """Merge each project override of the interface with the packaged POT; a catalog that cannot
    be read is left as it is and reported (after the others)."""
    pot = parse_po(packaged_pot().read_bytes(), packaged_pot())

    def merge(path: Path) -> tuple[PoFile, PoFile]:
        catalog = read_po(path)
        result = merge_catalog(pot, catalog)
        validate(result, lines_from=catalog, path=path)
        return catalog, result

    overrides = sorted(project.locale.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    yield from rewrite_catalogs(project, ((path, lambda path=path: merge(path)) for path in overrides))


def init_override(project: Project, lang: str) -> str:
    """Start ``locale/<lang>/LC_MESSAGES/letterpipe.po``: every message empty, so only what the
    project fills in overrides letterpipe's own translation."""
    from letterpipe.render.languages import get_language

    path = project_catalog(project, lang)
    if path.exists():
        raise CatalogError("already exists; use 'letterpipe update' to refresh it", path)
    get_language(lang, project.language_table)
    pot = parse_po(packaged_pot().read_bytes(), packaged_pot())
    catalog = new_catalog(pot, lang, source_date())
    write_bytes_atomic(path, render_po(PoFile(path, catalog.entries)))
    return f"created {project.relative(path)}"


def main() -> int:
    try:
        for line in update_packaged():
            print(line)
    except CatalogError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
