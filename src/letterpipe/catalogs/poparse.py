"""Parsing PO files as GNU gettext's lexer and grammar do (``po-lex.c``, ``po-gram.y``).

Read line by line with the lexer's token rules: a string may follow its keyword on the
next line, several keywords may share a line, a backslash at the end of a line joins it to the
next, a ``#`` outside a string starts a comment. A syntax error raises :class:`CatalogError`
with its line. Bytes are decoded only once a string is complete, so escapes such as
``\\xc3\\xa9`` make the characters they stand for and nothing is dropped or altered.
"""

from __future__ import annotations

import re
from pathlib import Path

from letterpipe.catalogs.entries import Entry, PoFile
from letterpipe.errors import CatalogError

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=[\s\"]|$)")
_SIMPLE_ESCAPES = {"n": 10, "t": 9, "b": 8, "r": 13, "f": 12, "v": 11, "a": 7, "\\": 92, '"': 34}


class _Syntax(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _unquote(text: str, lineno: int) -> tuple[list[bytes], str]:
    """The strings at the start of ``text`` as bytes, and what follows them."""
    strings: list[bytes] = []
    rest = text.lstrip()
    while rest.startswith('"'):
        out = bytearray()
        index = 1
        while True:
            if index >= len(rest):
                raise _Syntax(lineno, 'string not closed: the closing " is missing at the end of the line')
            char = rest[index]
            if char == '"':
                index += 1
                break
            if char == "\\":
                if index + 1 >= len(rest):
                    raise _Syntax(lineno, 'string not closed: the line ends with a backslash, not with "')
                code = rest[index + 1]
                if code in _SIMPLE_ESCAPES:
                    out.append(_SIMPLE_ESCAPES[code])
                    index += 2
                elif code in "01234567":
                    digits = re.match(r"[0-7]{1,3}", rest[index + 1 :])[0]  # type: ignore[index]
                    out.append(int(digits, 8) & 0xFF)
                    index += 1 + len(digits)
                elif code == "x" and index + 2 < len(rest) and rest[index + 2] in "0123456789abcdefABCDEF":
                    digits = re.match(r"[0-9a-fA-F]+", rest[index + 2 :])[0]  # type: ignore[index]
                    out.append(int(digits, 16) & 0xFF)
                    index += 2 + len(digits)
                else:
                    raise _Syntax(lineno, f"invalid escape sequence '\\{code}' in a string")
                continue
            out += char.encode("utf-8")
            index += 1
        strings.append(bytes(out))
        rest = rest[index:].lstrip()
    return strings, rest


def _decode(parts: list[bytes], lineno: int) -> str:
    try:
        return b"".join(parts).decode("utf-8")
    except UnicodeDecodeError:
        raise _Syntax(lineno, "escape sequences make bytes that are not valid UTF-8") from None


class _Builder:
    """The state machine of GNU's PO grammar: comments, then msgctxt? msgid msgid_plural? msgstr."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.entries: list[Entry] = []
        self.pending: list[tuple[int, str]] = []
        self.first_line: int | None = None
        self.current: Entry | None = None
        self.fields: dict[str, list[bytes]] = {}
        self.field_line: dict[str, int] = {}
        self.last_field: str | None = None
        self.complete = False
        self.end_line = 0
        self.raw_invalid = False
        self.awaiting: tuple[int, str] | None = None
        self.keep_raw = True

    def comment(self, lineno: int, text: str) -> None:
        if self.current is not None and not self.complete:
            raise _Syntax(self.field_line.get("msgid", lineno), "missing msgstr: a message ends without a translation")
        self.finish()
        if self.first_line is None:
            self.first_line = lineno
        self.pending.append((lineno, text))

    def keyword(self, lineno: int, keyword: str, index: str | None, strings: list[bytes], obsolete: bool) -> None:
        if keyword in ("msgctxt", "msgid"):
            starts_new = keyword == "msgctxt" or "msgctxt" not in self.fields or "msgid" in self.fields
            if self.current is not None and not self.complete and starts_new:
                raise _Syntax(
                    self.field_line.get("msgid", lineno), "missing msgstr: a message ends without a translation"
                )
            if starts_new or self.current is None:
                self.finish()
                self.start(lineno, obsolete)
            if keyword in self.fields:
                raise _Syntax(lineno, f"{keyword} given twice in one message")
        elif self.current is None or "msgid" not in self.fields:
            raise _Syntax(lineno, f"{keyword} without a msgid before it")
        assert self.current is not None
        if self.current.obsolete != obsolete:
            raise _Syntax(lineno, "a message is partly obsolete (#~) and partly not")
        if keyword == "msgid_plural" and (
            "msgid_plural" in self.fields or any(k.startswith("msgstr") for k in self.fields)
        ):
            raise _Syntax(lineno, "msgid_plural out of place")
        if keyword == "msgstr":
            name = "msgstr" if index is None else f"msgstr[{int(index)}]"
            plural = "msgid_plural" in self.fields
            if index is None and plural:
                raise _Syntax(lineno, "a plural message needs msgstr[0], msgstr[1], …, not msgstr")
            if index is not None and not plural:
                raise _Syntax(self.field_line["msgid"], "msgstr[N] without msgid_plural")
            if index is None and self.complete:
                raise _Syntax(lineno, "msgstr given twice in one message")
            if index is not None:
                expected = sum(1 for k in self.fields if k.startswith("msgstr["))
                if int(index) != expected:
                    raise _Syntax(lineno, f"plural form has wrong index: expected msgstr[{expected}]")
            keyword = name
            self.complete = True
        self.fields[keyword] = list(strings)
        self.field_line[keyword] = lineno
        self.last_field = keyword
        self.end_line = lineno

    def previous_line(self, lineno: int, text: str) -> None:
        """A ``#|`` line: previous msgctxt/msgid/msgid_plural, kept with the comments."""
        self.comment(lineno, "|" + text)

    def continuation(self, lineno: int, strings: list[bytes], obsolete: bool) -> None:
        if self.current is None or self.last_field is None or not (self.current.obsolete == obsolete):
            raise _Syntax(lineno, "a string outside any message (missing keyword such as msgstr)")
        self.fields[self.last_field] += strings
        self.end_line = lineno
        self.awaiting = None

    def start(self, lineno: int, obsolete: bool) -> None:
        self.current = Entry(msgid="", obsolete=obsolete, line=lineno)
        if self.first_line is None:
            self.first_line = lineno

    def finish(self) -> None:
        if self.current is None:
            return
        entry = self.current
        entry.line = self.field_line.get("msgid", entry.line)
        last: list[str] = []
        for lineno, text in self.pending:
            _apply_comment(entry, lineno, text, last)
        entry.msgctxt = (
            _decode(self.fields["msgctxt"], self.field_line["msgctxt"]) if "msgctxt" in self.fields else None
        )
        entry.msgid = _decode(self.fields["msgid"], self.field_line["msgid"])
        if "msgid_plural" in self.fields:
            entry.msgid_plural = _decode(self.fields["msgid_plural"], self.field_line["msgid_plural"])
            count = sum(1 for k in self.fields if k.startswith("msgstr["))
            entry.msgstr_plural = [
                _decode(self.fields[f"msgstr[{i}]"], self.field_line[f"msgstr[{i}]"]) for i in range(count)
            ]
        else:
            entry.msgstr = _decode(self.fields["msgstr"], self.field_line["msgstr"])
        assert self.first_line is not None
        entry.first_line = self.first_line
        keep = self.keep_raw and not self.raw_invalid
        entry.raw = "".join(self.lines[self.first_line - 1 : self.end_line]) if keep else None
        entry.raw_state = entry.state()
        self.entries.append(entry)
        self.current, self.fields, self.field_line = None, {}, {}
        self.pending, self.first_line, self.last_field, self.complete = [], None, None, False
        self.raw_invalid = False


def _apply_comment(entry: Entry, lineno: int, text: str, last: list[str]) -> None:
    """Apply one comment line; ``last`` holds the previous field a ``#| "…"`` line continues."""
    kind = text[:1]
    if kind == ".":
        entry.notes.append(text[2:] if text.startswith(". ") else text[1:])
    elif kind == ":":
        entry.references += text[1:].split()
    elif kind == ",":
        for flag in text[1:].split(","):
            if flag.strip() and flag.strip() not in entry.flags:
                entry.flags.append(flag.strip())
    elif kind == "|":
        strings_text = text[1:].strip()
        match = re.match(r"(msgctxt|msgid_plural|msgid)\s", strings_text + " ")
        attribute = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid", "msgid_plural": "previous_msgid_plural"}
        if match:
            strings, rest = _unquote(strings_text[match.end() :], lineno)
            if strings and not rest.strip():
                setattr(entry, attribute[match[1]], _decode(strings, lineno))
                last[:] = [attribute[match[1]]]
                return
        elif strings_text.startswith('"') and last:
            strings, rest = _unquote(strings_text, lineno)
            if not rest.strip():
                name = last[0]
                setattr(entry, name, (getattr(entry, name) or "") + _decode(strings, lineno))
                return
        if strings_text:
            raise _Syntax(lineno, "a '#|' line must hold the previous msgctxt, msgid or msgid_plural, quoted")
        entry.comments.append(text)
    else:
        entry.comments.append(text)


def parse_po(data: bytes, path: Path) -> PoFile:
    """Parse without the msgfmt checks (see :func:`read_po`); syntax errors raise."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError("starts with a byte-order mark (BOM), which gettext refuses: save without BOM", path, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("bytes that are not valid UTF-8 (catalogs must be saved as UTF-8)", path, line) from None
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    numbers: list[int] | None = None
    if "\\\n" in text:
        text, numbers = _join_continuations(text)
    lines = text.splitlines(keepends=True)
    builder = _Builder(lines)
    builder.keep_raw = numbers is None
    try:
        for lineno, line in enumerate(lines, start=1):
            _parse_line(builder, lineno, line.rstrip("\n"))
        if builder.awaiting is not None:
            _missing_string(builder.awaiting)
        if builder.current is not None and not builder.complete:
            raise _Syntax(builder.field_line.get("msgid", len(lines)), "missing msgstr: the file ends inside a message")
        builder.finish()
    except _Syntax as exc:
        line = numbers[exc.line - 1] if numbers and 0 < exc.line <= len(numbers) else exc.line
        raise CatalogError(exc.reason, path, line) from None
    if numbers is not None:
        for entry in builder.entries:
            entry.line = numbers[entry.line - 1] if 0 < entry.line <= len(numbers) else entry.line
    trailer = "".join(lines[builder.pending[0][0] - 1 :]) if builder.pending else ""
    return PoFile(path, builder.entries, trailer, crlf)


def _parse_line(builder: _Builder, lineno: int, line: str) -> None:
    stripped = line.strip()
    if not stripped:
        return
    if builder.awaiting is not None and not stripped.removeprefix("#~").lstrip().startswith('"'):
        _missing_string(builder.awaiting)
    obsolete = False
    if stripped.startswith("#~"):
        obsolete = True
        body = stripped[2:]
        if body.startswith("|"):
            builder.previous_line(lineno, body[1:])
            return
        stripped = body.strip()
        if not stripped:
            return
        if stripped.startswith("#"):
            if stripped.startswith("#|"):
                builder.previous_line(lineno, stripped[2:])
            else:
                builder.comment(lineno, stripped[1:])
            return
    elif stripped.startswith("#"):
        builder.comment(lineno, stripped[1:] if not line.startswith("#") else line.rstrip()[1:])
        return
    if stripped.startswith('"'):
        strings, rest = _unquote(stripped, lineno)
        builder.continuation(lineno, strings, obsolete)
        _trailing(builder, lineno, rest, obsolete)
        return
    match = _KEYWORD.match(stripped)
    if not match:
        word = stripped.split()[0]
        if word == "domain":
            raise _Syntax(lineno, "'domain' directives are not supported: one catalog holds one letter")
        raise _Syntax(lineno, f"expected a keyword (msgid, msgstr, …) or a quoted string, found {word!r}")
    strings, rest = _unquote(stripped[match.end() :], lineno)
    if not strings and rest.strip() and not rest.lstrip().startswith("#"):
        raise _Syntax(lineno, f'{match[1].split("[")[0]} must be followed by a quoted string ("…")')
    keyword = match[1].split("[")[0]
    builder.keyword(lineno, keyword, match[2], strings, obsolete)
    if not strings:
        # GNU's lexer lets the string follow on the next line.
        builder.awaiting = (lineno, match[1].split("[")[0])
    _trailing(builder, lineno, rest, obsolete)


def _join_continuations(text: str) -> tuple[str, list[int]]:
    """GNU's lexer drops every backslash that ends a line, inside strings too; the physical line
    each logical line starts on is kept for error messages."""
    out: list[str] = []
    numbers = [1]
    physical = 1
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and text[index + 1 : index + 2] == "\n":
            physical += 1
            index += 2
            continue
        out.append(char)
        if char == "\n":
            physical += 1
            numbers.append(physical)
        index += 1
    return "".join(out), numbers


def _missing_string(awaiting: tuple[int, str]) -> None:
    raise _Syntax(awaiting[0], f'{awaiting[1]} must be followed by a quoted string ("…")')


def _trailing(builder: _Builder, lineno: int, rest: str, obsolete: bool) -> None:
    rest = rest.strip()
    if not rest:
        return
    # GNU's lexer reads tokens, not lines: a comment or another keyword may follow a string on
    # the same line. Neither message can keep its original text then, or the line would be
    # written twice.
    if builder.entries:
        builder.entries[-1].raw = None
    builder.raw_invalid = True
    if rest.startswith(("#|", "#~")) and not rest[2:].strip():
        return  # a bare marker, which GNU's lexer skips
    if rest.startswith("#"):
        builder.comment(lineno, rest[1:])
        builder.first_line = lineno + 1
        builder.raw_invalid = True
        return
    if _KEYWORD.match(rest) or rest.split()[0] == "domain":
        _parse_line(builder, lineno, f"#~ {rest}" if obsolete else rest)
        builder.raw_invalid = True
        return
    raise _Syntax(lineno, f'text after the closing quote: {rest!r} (is a " missing or misplaced?)')
