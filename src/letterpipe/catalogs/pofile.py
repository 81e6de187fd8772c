"""Reading and writing ``.po``/``.pot`` files: strict on the way in, GNU-style on the way out.

A translator's ``.po`` is read strictly (a syntax error names the file and line) and never
rewritten by a build: :func:`merge` returns a new catalog that the build writes under ``build/``.
Only ``letterpipe update`` and ``letterpipe init`` write into ``locale/``, and only when the
content changes.
"""

from __future__ import annotations

import io
from pathlib import Path

import polib
from babel import UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, unescape

from letterpipe.errors import CatalogError
from letterpipe.limits import check_catalog_bytes

PO_WIDTH = 76


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a ``.po``/``.pot`` strictly: malformed input raises :class:`CatalogError` with its line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("catalog not found", path) from None
    check_catalog_bytes(data, path)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            "not valid UTF-8 (catalogs must be saved as UTF-8)", path, data[: exc.start].count(b"\n") + 1
        ) from None
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True, charset="utf-8")
    except PoFileError as exc:
        line = _lineno(exc)
        if line is None:
            raise CatalogError(str(exc), path) from None
        text = data.decode("utf-8").splitlines()[line - 1] if line <= data.count(b"\n") + 1 else ""
        raise CatalogError(f"{_describe(exc)}: {text.strip()!r}", path, line) from None
    except (UnknownLocaleError, ValueError) as exc:
        raise CatalogError(f"cannot read catalog: {exc}", path) from None
    for message in [*catalog, *catalog.obsolete.values()]:
        _restore_previous(message)
    return catalog


def _restore_previous(message: Message) -> None:
    """Babel reads ``#| msgid`` lines as translator comments; turn them back into ``previous_id``.

    Without this, every ``update`` would move the previous source text into a ``# |`` comment
    and lose the information translators use to see what changed.
    """
    lines = [c for c in message.user_comments if c.startswith("|")]
    if not lines:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    fields: dict[str, str] = {}
    current = None
    for line in lines:
        body = line[1:].strip()
        keyword, _, rest = body.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgctxt") and rest.startswith('"'):
            current, body = keyword, rest
        if current is not None and body.startswith('"'):
            fields[current] = fields.get(current, "") + unescape(body)
    if "msgid" in fields:
        message.previous_id = [fields["msgid"]] + ([fields["msgid_plural"]] if "msgid_plural" in fields else [])


def _lineno(exc: PoFileError) -> int | None:
    """Babel counts lines from 0; editors and msgfmt count from 1."""
    tail = str(exc).rsplit(" on ", 1)
    return int(tail[1]) + 1 if len(tail) == 2 and tail[1].isdigit() else None


def _describe(exc: PoFileError) -> str:
    text = str(exc)
    return text.rsplit(" on ", 1)[0] if _lineno(exc) is not None else text


def render_catalog(catalog: Catalog) -> bytes:
    """Serialise a catalog as GNU gettext does: previous msgids (``#|``) and obsoletes kept.

    Written with polib: Babel's writer folds a long previous msgid into one wrapped comment
    that no PO parser can read back.
    """
    po = polib.POFile(wrapwidth=PO_WIDTH, encoding="utf-8", check_for_duplicates=False)
    po.header = "\n".join(line.removeprefix("#").removeprefix(" ") for line in catalog.header_comment.splitlines())
    po.metadata_is_fuzzy = bool(catalog.fuzzy)
    po.metadata = {key: value.strip() for key, value in catalog.mime_headers}
    for message in catalog:
        if message.id:
            po.append(_entry(message, obsolete=False))
    for message in catalog.obsolete.values():
        po.append(_entry(message, obsolete=True))
    return (str(po).rstrip("\n") + "\n").encode("utf-8")


def _entry(message: Message, obsolete: bool) -> polib.POEntry:
    plural = isinstance(message.id, (list, tuple))
    msgid = message.id[0] if plural else message.id
    entry = polib.POEntry(
        msgid=msgid,
        msgctxt=message.context,
        occurrences=[(path, str(line) if line else "") for path, line in message.locations],
        comment="\n".join(message.auto_comments),
        tcomment="\n".join(message.user_comments),
        flags=sorted(message.flags, key=lambda flag: (flag != "fuzzy", flag)),
        obsolete=obsolete,
    )
    if plural:
        entry.msgid_plural = message.id[1]
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        entry.msgstr_plural = {index: text or "" for index, text in enumerate(strings)}
    else:
        entry.msgstr = message.string or ""
    if message.previous_id:
        entry.previous_msgid = message.previous_id[0]
        if len(message.previous_id) > 1:
            entry.previous_msgid_plural = message.previous_id[1]
    return entry
