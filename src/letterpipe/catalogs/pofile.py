"""Reading and writing ``.po``/``.pot`` files: strict on the way in, GNU-exact on the way out.

A translator's file is untrusted input. :func:`read_po` parses it the way GNU gettext's lexer
does and then applies the checks of ``msgfmt --check`` (:mod:`letterpipe.catalogs.validate`):
whatever msgfmt refuses is refused with ``file:line: reason``, whatever it accepts is read
without dropping or altering a character.

Every entry remembers the exact text it was read from. :func:`render_po` writes an entry whose
content did not change as that text, and any other entry as GNU ``msgmerge`` would (see
:mod:`letterpipe.catalogs.wrap`), so a file saved by Poedit, Weblate (translate-toolkit), msgcat
or an editor without wrapping comes back byte-identical, and a merge touches only the entries
that changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from letterpipe.catalogs.entries import Entry, PoFile, header_fields, header_value, set_header_value
from letterpipe.catalogs.poparse import _Syntax, _unquote, parse_po
from letterpipe.catalogs.wrap import PAGE_WIDTH, format_string
from letterpipe.errors import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

__all__ = [
    "Entry",
    "PoFile",
    "format_entry",
    "header_fields",
    "header_value",
    "parse_po",
    "read_catalog",
    "read_po",
    "render_po",
    "set_header_value",
]


def read_po(path: Path) -> PoFile:
    """Read a catalog strictly: what ``msgfmt --check`` refuses raises :class:`CatalogError`."""
    from letterpipe.catalogs.validate import validate

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("catalog not found", path) from None
    po = parse_po(data, path)
    validate(po)
    return po


def _references(refs: list[str], width: int) -> list[str]:
    lines: list[str] = []
    line = "#:"
    for ref in refs:
        if len(line) > 2 and len(line) + 1 + len(ref) > width:
            lines.append(line)
            line = "#:"
        line += " " + ref
    if refs:
        lines.append(line)
    return lines


def format_entry(entry: Entry, width: int = PAGE_WIDTH) -> str:
    """One entry as GNU ``msgmerge``/``msgcat`` write it."""
    wrap: int | None = None if "no-wrap" in entry.flags else width
    out = [f"#{c}" for c in entry.comments]
    if not entry.obsolete:
        out += [f"#. {n}" if n else "#." for n in entry.notes]
        out += _references(entry.references, width)
    flags = [f for f in entry.flags if f == "fuzzy"] + [f for f in entry.flags if f != "fuzzy"]
    if flags:
        out.append("#, " + ", ".join(flags))
    previous = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out += format_string("msgctxt", entry.previous_msgctxt, previous, wrap)
    if entry.previous_msgid is not None:
        out += format_string("msgid", entry.previous_msgid, previous, wrap)
    if entry.previous_msgid_plural is not None:
        out += format_string("msgid_plural", entry.previous_msgid_plural, previous, wrap)
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        out += format_string("msgctxt", entry.msgctxt, prefix, wrap)
    out += format_string("msgid", entry.msgid, prefix, wrap)
    if entry.msgid_plural is not None:
        out += format_string("msgid_plural", entry.msgid_plural, prefix, wrap)
        for index, text in enumerate(entry.msgstr_plural):
            out += format_string(f"msgstr[{index}]", text, prefix, wrap)
    else:
        out += format_string("msgstr", entry.msgstr, prefix, wrap)
    return "\n".join(out) + "\n"


def render_entry(entry: Entry) -> str:
    """The entry's original text while its content is unchanged, else GNU's layout."""
    if entry.raw is not None and entry.raw_state == entry.state():
        return entry.raw if entry.raw.endswith("\n") else entry.raw + "\n"
    if entry.is_header and entry.raw is not None and entry.raw_state is not None:
        kept = _render_header(entry, entry.raw, entry.raw_state)
        if kept is not None:
            return kept
    return format_entry(entry)


def _render_header(entry: Entry, raw: str, raw_state: tuple) -> str | None:
    """A changed header with each unchanged field's lines as they were: a new POT date must not
    rewrap the Plural-Forms line a translator's tool wrote its own way."""
    lines = raw.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("msgstr")), None)
    state = entry.state()
    if start is None or lines[start].strip() != 'msgstr ""' or state[:3] + state[5:] != raw_state[:3] + raw_state[5:]:
        return None
    fields: dict[str, list[str]] = {}
    pending: list[str] = []
    text = ""
    for line in lines[start + 1 :]:
        try:
            strings, rest = _unquote(line, 0)
        except _Syntax:
            return None
        if rest.strip():
            return None
        text += b"".join(strings).decode("utf-8", errors="replace")
        pending.append(line)
        if text.endswith("\n"):
            fields[text], pending, text = pending, [], ""
    out = [*lines[: start + 1]]
    for field_text in entry.msgstr.splitlines(keepends=True):
        out += fields.get(field_text) or format_string("msgstr", field_text, continuation=True)
    return "\n".join(out) + "\n"


def render_po(po: PoFile, keep_layout: bool = True) -> bytes:
    """The whole file: entries separated by one blank line, as every gettext tool writes them.

    ``keep_layout=False`` writes every entry in GNU's layout (for build outputs, which other
    readers such as polib then parse)."""
    render = render_entry if keep_layout else format_entry
    text = "\n".join(render(entry) for entry in po.entries)
    if po.trailer.strip():
        text += "\n" + po.trailer if text else po.trailer
    return text.encode("utf-8")


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """A catalog read strictly (:func:`read_po`), as a Babel :class:`~babel.messages.catalog.Catalog`
    for code that edits messages through Babel's API (tests, the renderer's fixtures)."""
    import io

    from babel.messages.pofile import read_po as babel_read_po

    po = read_po(path)
    return babel_read_po(io.BytesIO(render_po(po)), locale=locale, charset="utf-8")
