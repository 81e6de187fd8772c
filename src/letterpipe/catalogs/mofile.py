"""Compiling a merged catalog into the ``.mo`` the renderer reads (GNU's format, as msgfmt writes it).

Only finished translations go in: fuzzy messages, and plural messages with any form still
empty, are left out so that the page falls back to the source text and says it is incomplete
(msgfmt would ship an empty plural form). Tests compare every lookup with msgfmt's ``.mo``.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING

from letterpipe.catalogs.pofile import PoFile
from letterpipe.errors import CatalogError

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

MAGIC = 0x950412DE


def mo_pairs(po: PoFile) -> list[tuple[bytes, bytes]]:
    pairs = []
    for entry in po.entries:
        if entry.obsolete or (entry.fuzzy and not entry.is_header):
            continue
        if not entry.is_header and not all(entry.translations):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        value = "\0".join(entry.translations)
        if entry.is_header and not value:
            continue
        pairs.append((key.encode("utf-8"), value.encode("utf-8")))
    return sorted(pairs)


def compile_mo(po: PoFile) -> bytes:
    """The ``.mo`` bytes: header, then the two string tables, then the strings, NUL-terminated."""
    pairs = mo_pairs(po)
    count = len(pairs)
    originals_at = 28
    translations_at = originals_at + 8 * count
    data_at = translations_at + 8 * count
    originals, translations, blob = [], [], bytearray()
    for key, _ in pairs:
        originals.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for _, value in pairs:
        translations.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    out = bytearray(struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, 0, data_at))
    for length, offset in originals + translations:
        out += struct.pack("<2I", length, offset)
    return bytes(out + blob)


def compile_catalog(catalog: Catalog, po_path: Path) -> bytes:
    """A ``.mo`` from a Babel catalog (see :func:`letterpipe.catalogs.pofile.read_catalog`), fuzzy
    messages left out; placeholders that differ from the source are refused."""
    import io

    from babel.messages.mofile import write_mo

    problems = [f"{po_path}:{m.lineno or '?'}: {error}" for m, errors in catalog.check() for error in errors]
    if problems:
        raise CatalogError("placeholders do not match their source:\n" + "\n".join(problems), po_path)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()
