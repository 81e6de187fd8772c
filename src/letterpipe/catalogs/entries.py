"""The contents of a PO file as letterpipe holds them: entries, the file, its header fields.

Every entry remembers the exact text it was read from (``raw``) and what that text said
(``raw_state``); writers reuse the text while the content is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    """One message. ``comments`` are translator comments as written after ``#``; ``notes`` the
    extracted ``#.`` comments; ``line`` is where its ``msgid`` stands in the file read."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    #: Where the entry's text starts (its first comment line), as polib counts.
    first_line: int = field(default=0, compare=False)
    raw: str | None = field(default=None, compare=False, repr=False)
    raw_state: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None and not self.obsolete

    @property
    def translations(self) -> list[str]:
        return list(self.msgstr_plural) if self.msgid_plural is not None else [self.msgstr]

    @property
    def translated(self) -> bool:
        return not self.fuzzy and all(self.translations)

    def state(self) -> tuple:
        """Everything a PO file says about the message, layout aside."""
        return (
            self.msgctxt,
            self.msgid,
            self.msgid_plural,
            self.msgstr if self.msgid_plural is None else None,
            tuple(self.msgstr_plural),
            tuple(self.comments),
            tuple(self.notes),
            tuple(self.references),
            frozenset(self.flags),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
        )

    def set_flag(self, flag: str, on: bool) -> None:
        if on and flag not in self.flags:
            self.flags = [flag, *self.flags] if flag == "fuzzy" else [*self.flags, flag]
        elif not on and flag in self.flags:
            self.flags = [f for f in self.flags if f != flag]


@dataclass
class PoFile:
    """A catalog as read: its entries in file order (header first), and text after the last."""

    path: Path
    entries: list[Entry]
    trailer: str = ""
    crlf: bool = False

    @property
    def header(self) -> Entry | None:
        return next((e for e in self.entries if e.is_header), None)

    @property
    def messages(self) -> list[Entry]:
        """Live messages, header and obsolete ones excluded."""
        return [e for e in self.entries if not e.obsolete and not e.is_header]

    def state(self) -> tuple:
        return tuple(e.state() for e in self.entries), self.trailer.strip()

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        return next((e for e in self.entries if e.key == (msgctxt, msgid) and not e.obsolete), None)


def header_fields(entry: Entry | None) -> list[tuple[str, str]]:
    """``Key: value`` lines of a header entry, in order."""
    if entry is None:
        return []
    fields = []
    for line in entry.msgstr.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields.append((key.strip(), value.strip()))
    return fields


def header_value(entry: Entry | None, name: str) -> str | None:
    return next((value for key, value in header_fields(entry) if key.lower() == name.lower()), None)


def set_header_value(entry: Entry, name: str, value: str, after: str | None = None) -> None:
    """Set one header field in place, keeping every other line as it was; a new field goes
    after ``after`` (or at the end)."""
    lines = entry.msgstr.split("\n")
    trailing = lines and lines[-1] == ""
    body = lines[:-1] if trailing else lines
    for index, line in enumerate(body):
        key, sep, _ = line.partition(":")
        if sep and key.strip().lower() == name.lower():
            body[index] = f"{name}: {value}"
            break
    else:
        position = len(body)
        if after is not None:
            for index, line in enumerate(body):
                if line.partition(":")[0].strip().lower() == after.lower():
                    position = index + 1
        body.insert(position, f"{name}: {value}")
    entry.msgstr = "\n".join(body) + ("\n" if trailing or not entry.msgstr else "")
