"""The translator-facing writes: ``init`` a language, ``update`` catalogs in ``locale/``.

These are the only operations that write into ``locale/``. They never drop a translation
(merging keeps every msgstr, as fuzzy or obsolete when its source changed or disappeared),
never rewrite a catalog they refuse to read, and write a file only when its content changes:
a catalog saved by Poedit, Weblate or msgcat, whatever its line wrapping, is left byte for byte
as it is, and a merge that changes some entries rewrites only those.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from letterpipe.catalogs.interface import InterfaceCatalog, keep_interface
from letterpipe.catalogs.merge import merge_catalog, new_catalog
from letterpipe.catalogs.pofile import PoFile, parse_po, read_po, render_po
from letterpipe.catalogs.validate import validate
from letterpipe.errors import CatalogError
from letterpipe.fsutil import write_bytes_atomic
from letterpipe.project import Project
from letterpipe.render.languages import get_language
from letterpipe.source.extract import source_date, template_bytes
from letterpipe.source.letter import parse_letter


def template(project: Project, slug: str) -> tuple[bytes, PoFile]:
    data = template_bytes(project, slug)
    return data, parse_po(data, project.pot_file(slug))


def merged(project: Project, slug: str, lang: str, pot: PoFile) -> tuple[PoFile, PoFile]:
    """The translator's catalog (read strictly) and its merge with the template, both checked.

    Interface strings (letterpipe's own) become obsolete in it only where the project's override
    or the shipped ``letterpipe`` catalog translates them (:func:`keep_interface`)."""
    path = project.po_file(slug, lang)
    try:
        catalog = read_po(path)
        result = keep_interface(merge_catalog(pot, catalog), catalog, InterfaceCatalog.for_language(project, lang))
        validate(result, lines_from=catalog, path=path)
    except CatalogError as exc:
        where = project.relative(exc.path) if exc.path is not None else None
        raise CatalogError(exc.message.replace(str(path), str(where)), where, exc.line) from None
    return catalog, result


def init_language(project: Project, slug: str, lang: str) -> str:
    """Create ``locale/<lang>/LC_MESSAGES/<slug>.po``; refuse to overwrite an existing one."""
    path = project.po_file(slug, lang)
    if path.exists():
        raise CatalogError("already exists; use 'letterpipe update' to refresh it", path)
    get_language(lang, project.language_table)
    _, pot = template(project, slug)
    address = re.search(r"<([^>]+)>", parse_letter(project.letter_file(slug)).contact)
    write_bytes_atomic(path, render_po(new_catalog(pot, lang, source_date(), address[1] if address else "")))
    return f"created {project.relative(path)}"


def update_catalogs(project: Project, slug: str) -> Iterator[str]:
    """Refresh ``locale/<slug>.pot`` and merge every language's catalog with it, in place.

    Yields one line per file. A catalog that cannot be read is left untouched, the others are
    updated, and then the first refusal is raised (``file:line: reason``)."""
    data, pot = template(project, slug)
    pot_path = project.pot_file(slug)
    pot_changed = not pot_path.exists() or pot_path.read_bytes() != data
    if pot_changed:
        write_bytes_atomic(pot_path, data)
    yield f"{'updated' if pot_changed else 'unchanged'} {project.relative(pot_path)}"
    yield from rewrite_catalogs(
        project,
        (
            (project.po_file(slug, lang), lambda lang=lang: merged(project, slug, lang, pot))
            for lang in project.catalog_languages(slug)
        ),
    )


def rewrite_catalogs(
    project: Project, merges: Iterable[tuple[Path, Callable[[], tuple[PoFile, PoFile]]]]
) -> Iterator[str]:
    """Write back each catalog whose merge changed it, and say so. A catalog that cannot be read
    is left as it is, reported in turn, and raised after the others (every refusal named)."""
    refused: list[CatalogError] = []
    for path, merge in merges:
        try:
            catalog, result = merge()
        except CatalogError as exc:
            refused.append(exc)
            yield f"refused {project.relative(path)} (left as it is)"
            continue
        changed = result.state() != catalog.state()
        if changed:
            write_bytes_atomic(path, render_po(result))
        yield f"{'updated' if changed else 'unchanged'} {project.relative(path)}"
    if refused:
        first = refused[0]
        more = "".join(f"\n{other}" for other in refused[1:])
        raise CatalogError(first.message + more, first.path, first.line)


def behind(project: Project, slug: str) -> list[str]:
    """What ``letterpipe update`` would change in ``locale/``, without writing anything.

    Catalogs that cannot be read are not reported here: the build fails their language."""
    data, pot = template(project, slug)
    stale = []
    pot_path = project.pot_file(slug)
    if not pot_path.exists() or pot_path.read_bytes() != data:
        stale.append(project.relative(pot_path))
    for lang in project.catalog_languages(slug):
        try:
            catalog, result = merged(project, slug, lang, pot)
        except CatalogError:
            continue
        if result.state() != catalog.state():
            stale.append(project.relative(project.po_file(slug, lang)))
    return stale
