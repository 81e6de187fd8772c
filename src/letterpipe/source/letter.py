"""The source letter: a metadata header and a Markdown body, parsed into translatable units.

The format is deliberately small so that every unit maps to exactly one gettext message and keeps
the line it came from (for error messages and the POT's source references)::

    ---
    title: Coalition letter to ...
    date: 2021-09-30
    salutation: Excellencies,
    group organisations: Civil society organizations
    ---

    # A heading

    A paragraph, possibly spread over
    several lines, with *emphasis* and [links](https://example.org).

    - a list item
    > a quotation

Inline Markdown stays inside the message so translators can move emphasis and links with the
words they belong to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from letterpipe.errors import LetterSyntaxError

#: Metadata fields whose values readers see, so they are messages for translators.
READER_FIELDS = (
    "title",
    "addressee",
    "venue",
    "lede",
    "salutation",
    "closing",
    "author",
    "keywords",
)
#: Metadata fields that configure the build and are never translated.
CONFIG_FIELDS = ("date", "language", "release", "private", "order", "version", "contact")
REQUIRED_FIELDS = ("title", "date")

_FIELD_RE = re.compile(r"^(?P<key>[a-z][a-z-]*(?: [a-z0-9][a-z0-9_-]*)?):[ \t]*(?P<value>.*)$")
_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.+?)[ \t#]*$")
_ITEM_RE = re.compile(r"^(?P<marker>[-*+]|\d{1,3}[.)])[ \t]+(?P<text>.*)$")
_SPACE_RE = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of white space: a message's identity must not depend on line wrapping."""
    return _SPACE_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Field:
    """One metadata value and the line it sits on."""

    key: str
    text: str
    line: int


@dataclass(frozen=True)
class Block:
    """One unit of the body: a heading, paragraph, list item or quotation."""

    kind: str
    text: str
    line: int
    level: int = 0
    ordered: bool = False


@dataclass(frozen=True)
class Letter:
    """A parsed letter. ``slug`` is its folder name and its gettext domain."""

    slug: str
    path: Path
    date: dt.date
    source_language: str
    fields: dict[str, Field]
    groups: dict[str, Field]
    blocks: tuple[Block, ...] = field(default=())
    release: tuple[str, ...] | None = None
    #: Shown to translators in the catalogs' Project-Id-Version (the date when not given).
    version: str = ""
    #: Where translators report problems with the source text (Report-Msgid-Bugs-To).
    contact: str = ""
    #: Signatory columns never published (``private:`` in the header), lower case.
    private_columns: tuple[str, ...] = ()
    #: Published order per group id (``order <group>:``; key ``""`` is ``order:``, the default).
    order: dict[str, Field] = field(default_factory=dict)

    def order_of(self, gid: str) -> str:
        """The order spec of one group: its own ``order <group>:``, else ``order:``, else as listed."""
        found = self.order.get(gid) or self.order.get("")
        return found.text if found else "as listed"

    def field_text(self, key: str) -> str:
        found = self.fields.get(key)
        return found.text if found else ""

    def messages(self) -> list[tuple[str, int, str]]:
        """Every translatable unit as ``(text, line, where)``, in reading order.

        ``where`` is a translator comment saying where the text appears in the letter.
        """
        out: list[tuple[str, int, str]] = []
        for key in READER_FIELDS:
            if key in self.fields:
                f = self.fields[key]
                out.append((f.text, f.line, _FIELD_COMMENTS[key]))
        section = ""
        for block in self.blocks:
            if block.kind == "heading":
                out.append((block.text, block.line, f"Heading (level {block.level}) in the letter body."))
                section = block.text
                continue
            where = f"under the heading “{section}”" if section else "before the first heading"
            out.append((block.text, block.line, f"{_BLOCK_NAMES[block.kind]} of the letter body, {where}."))
        for gid, f in self.groups.items():
            out.append((f.text, f.line, f"Heading of the signatory group '{gid}'."))
        return out


_FIELD_COMMENTS = {
    "title": "Title of the letter: page heading, PDF title and browser tab.",
    "addressee": "To whom the letter is addressed, shown above the salutation.",
    "venue": "The occasion or venue, shown under the title.",
    "lede": "Summary shown under the title, before the letter itself.",
    "salutation": "Salutation that opens the letter.",
    "closing": "Closing formula before the signatories.",
    "author": "Who sends the letter: PDF author metadata and page footer.",
    "keywords": "PDF keywords metadata, comma-separated; not printed.",
}
_BLOCK_NAMES = {"paragraph": "A paragraph", "item": "A list item", "quote": "A quotation"}


def _parse_header(lines: list[str], path: Path) -> tuple[dict[str, Field], dict[str, Field], int]:
    if not lines or lines[0].strip() != "---":
        raise LetterSyntaxError("a letter must start with a '---' metadata header", path, 1)
    fields: dict[str, Field] = {}
    groups: dict[str, Field] = {}
    for index in range(1, len(lines)):
        lineno = index + 1
        raw = lines[index].rstrip()
        if raw == "---":
            return fields, groups, index + 1
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = _FIELD_RE.match(raw)
        if not match:
            raise LetterSyntaxError(f"expected 'key: value' in the metadata header, got {raw!r}", path, lineno)
        key, value = match["key"], normalize_space(match["value"])
        if not value:
            raise LetterSyntaxError(f"metadata field {key!r} is empty", path, lineno)
        if key.startswith("group "):
            gid = key.split(" ", 1)[1]
            if gid in groups:
                raise LetterSyntaxError(f"signatory group {gid!r} is defined twice", path, lineno)
            groups[gid] = Field(gid, value, lineno)
            continue
        if key.startswith("order "):
            if key in fields:
                raise LetterSyntaxError(f"metadata field {key!r} is given twice", path, lineno)
            fields[key] = Field(key, value, lineno)
            continue
        if key not in READER_FIELDS and key not in CONFIG_FIELDS:
            known = ", ".join((*READER_FIELDS, *CONFIG_FIELDS, "group <id>", "order <group>"))
            raise LetterSyntaxError(f"unknown metadata field {key!r} (known: {known})", path, lineno)
        if key in fields:
            raise LetterSyntaxError(f"metadata field {key!r} is given twice", path, lineno)
        fields[key] = Field(key, value, lineno)
    raise LetterSyntaxError("the metadata header is not closed by a '---' line", path, 1)


def _parse_body(lines: list[str], first: int, path: Path) -> list[Block]:
    blocks: list[Block] = []
    chunk: list[tuple[int, str]] = []

    def flush() -> None:
        if chunk:
            blocks.extend(_chunk_blocks(chunk, path))
            chunk.clear()

    for index in range(first, len(lines)):
        if lines[index].strip():
            chunk.append((index + 1, lines[index].rstrip()))
        else:
            flush()
    flush()
    return blocks


def _chunk_blocks(chunk: list[tuple[int, str]], path: Path) -> list[Block]:
    lineno, first = chunk[0]
    heading = _HEADING_RE.match(first)
    if heading:
        if len(chunk) > 1:
            raise LetterSyntaxError("a heading must stand alone, followed by a blank line", path, chunk[1][0])
        return [Block("heading", normalize_space(heading["text"]), lineno, level=len(heading["hashes"]))]
    if first.startswith(">"):
        parts = []
        for n, text in chunk:
            if not text.startswith(">"):
                raise LetterSyntaxError("every line of a quotation must start with '>'", path, n)
            parts.append(text[1:])
        return [Block("quote", normalize_space(" ".join(parts)), lineno)]
    if _ITEM_RE.match(first):
        items: list[Block] = []
        current: list[str] = []
        start = lineno
        ordered = False
        for n, text in chunk:
            item = _ITEM_RE.match(text)
            if item:
                if current:
                    items.append(Block("item", normalize_space(" ".join(current)), start, ordered=ordered))
                current, start = [item["text"]], n
                ordered = item["marker"][0].isdigit()
            elif text[:1] in (" ", "\t"):
                current.append(text)
            else:
                raise LetterSyntaxError("a list item's continuation line must be indented", path, n)
        items.append(Block("item", normalize_space(" ".join(current)), start, ordered=ordered))
        if any(not b.text for b in items):
            raise LetterSyntaxError("empty list item", path, lineno)
        return items
    return [Block("paragraph", normalize_space(" ".join(text for _, text in chunk)), lineno)]


def parse_letter(path: Path, slug: str | None = None) -> Letter:
    """Read and validate a letter file; errors name the file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LetterSyntaxError("letter not found", path) from None
    return parse_letter_text(data, path, slug)


def parse_letter_text(data: bytes, path: Path, slug: str | None = None) -> Letter:
    """Parse a letter's bytes; ``path`` names it in errors and gives the default slug."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LetterSyntaxError("not valid UTF-8", path, data[: exc.start].count(b"\n") + 1) from None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    fields, groups, body_start = _parse_header(lines, path)
    for key in REQUIRED_FIELDS:
        if key not in fields:
            raise LetterSyntaxError(f"the metadata header lacks the required field {key!r}", path, 1)
    date_field = fields.pop("date")
    try:
        date = dt.date.fromisoformat(date_field.text)
    except ValueError:
        raise LetterSyntaxError(f"date must be YYYY-MM-DD, got {date_field.text!r}", path, date_field.line) from None
    lang_field = fields.pop("language", None)
    release_field = fields.pop("release", None)
    version_field = fields.pop("version", None)
    contact_field = fields.pop("contact", None)
    release = tuple(code.strip() for code in release_field.text.split(",") if code.strip()) if release_field else None
    private_field = fields.pop("private", None)
    private = tuple(c.strip().lower() for c in private_field.text.split(",") if c.strip()) if private_field else ()
    order = _signatory_order(fields, groups, path)
    blocks = _parse_body(lines, body_start, path)
    if not blocks:
        raise LetterSyntaxError("the letter has no body text", path, body_start + 1)
    return Letter(
        slug=slug or path.parent.name,
        path=path,
        date=date,
        source_language=lang_field.text if lang_field else "en",
        fields=fields,
        groups=groups,
        blocks=tuple(blocks),
        release=release,
        version=version_field.text if version_field else "",
        contact=contact_field.text if contact_field else "",
        private_columns=private,
        order=order,
    )


def _signatory_order(fields: dict[str, Field], groups: dict[str, Field], path: Path) -> dict[str, Field]:
    """``order:`` and ``order <group>:`` taken out of ``fields``, each checked by signatories.check_order."""
    from letterpipe.source.signatories import check_order

    order: dict[str, Field] = {}
    for key in [k for k in fields if k == "order" or k.startswith("order ")]:
        found = fields.pop(key)
        gid = key.partition(" ")[2]
        if gid and gid not in groups:
            raise LetterSyntaxError(f"{key!r}: the letter defines no group {gid!r}", path, found.line)
        problem = check_order(found.text)
        if problem:
            raise LetterSyntaxError(f"{key}: {problem}", path, found.line)
        order[gid] = found
    return order
