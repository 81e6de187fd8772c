"""Quoting and line-wrapping PO strings exactly as GNU gettext's ``msgcat``/``msgmerge`` do.

GNU escapes the string, splits it after every ``\\n``, and wraps each part at 79 columns where
the Unicode line-breaking algorithm (UAX #14, through libunistring) allows a break: after spaces,
after hyphens, between CJK ideographs, never before closing punctuation. Columns are display
widths (an ideograph counts two, a combining mark none). A string that does not fit on the
keyword's line starts with ``""``. Matching this byte for byte is what lets a translator's tool
and ``letterpipe update`` agree on a file.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}

# Line-break classes (UAX #14) of the characters that occur in letters; the rest follow from
# the general category. Only the classes the rules below distinguish are named.
_CLASS = {
    " ": "SP",
    "\u00a0": "GL",
    "\u202f": "GL",
    "\u2007": "GL",
    "\u2011": "GL",
    "\u2060": "WJ",
    "\ufeff": "WJ",
    "\u200b": "ZW",
    "-": "HY",
    "\u00ad": "BA",
    "\u2010": "BA",
    "\u2012": "BA",
    "\u2013": "BA",
    "\u058a": "BA",
    "|": "BA",
    "\u2014": "B2",
    "(": "OP",
    "[": "OP",
    "{": "OP",
    "\u201a": "OP",
    "\u201e": "OP",
    ")": "CP",
    "]": "CP",
    "}": "CL",
    '"': "QU",
    "'": "QU",
    "\u00ab": "QU",
    "\u00bb": "QU",
    "\u2018": "QU",
    "\u2019": "QU",
    "\u201b": "QU",
    "\u201c": "QU",
    "\u201d": "QU",
    "\u201f": "QU",
    "\u2039": "QU",
    "\u203a": "QU",
    "!": "EX",
    "?": "EX",
    "\u061b": "EX",
    "\u061f": "EX",
    "\u06d4": "EX",
    ",": "IS",
    ".": "IS",
    ":": "IS",
    ";": "IS",
    "\u060c": "IS",
    "\u060d": "IS",
    "\u066b": "NU",
    "\u066c": "NU",
    "\u037e": "IS",
    "\u0589": "IS",
    "/": "SY",
    "%": "PO",
    "\u00b0": "PO",
    "\u2030": "PO",
    "\u066a": "PO",
    "$": "PR",
    "+": "PR",
    "\\": "PR",
    "\u00a3": "PR",
    "\u00a5": "PR",
    "\u20ac": "PR",
    "\u2116": "PR",
    "#": "AL",
    "\u2026": "IN",
    "\u2024": "IN",
    "\u2025": "IN",
    "\u3001": "CL",
    "\u3002": "CL",
    "\uff0c": "CL",
    "\uff0e": "CL",
    "\uff09": "CL",
    "\uff3d": "CL",
    "\uff5d": "CL",
    "\u300d": "CL",
    "\u300f": "CL",
    "\u3011": "CL",
    "\u300b": "CL",
    "\u3009": "CL",
    "\u3015": "CL",
    "\u3017": "CL",
    "\uff08": "OP",
    "\uff3b": "OP",
    "\uff5b": "OP",
    "\u300c": "OP",
    "\u300e": "OP",
    "\u3010": "OP",
    "\u300a": "OP",
    "\u3008": "OP",
    "\u3014": "OP",
    "\u3016": "OP",
    "\uff01": "EX",
    "\uff1f": "EX",
    "\uff1a": "NS",
    "\uff1b": "NS",
    "\u30fb": "NS",
    "\u3005": "NS",
    "\u30fc": "NS",
    "\uff05": "PO",
    "\uffe5": "PR",
    "\u200d": "CM",
}


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> str:
    known = _CLASS.get(char)
    if known:
        return known
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Mc"):
        return "CM"
    if category == "Nd":
        return "NU"
    if category == "Cf":
        return "CM"
    if category.startswith("Z"):
        return "BA"
    if unicodedata.east_asian_width(char) in ("W", "F") and category in ("Lo", "Lm", "So", "Nl", "No"):
        return "ID"
    return "AL"


@lru_cache(maxsize=4096)
def display_width(char: str) -> int:
    """Columns a character takes, as libunistring's ``uc_width`` counts them in UTF-8."""
    category = unicodedata.category(char)
    if char == "\u00ad":
        return 1
    if category in ("Mn", "Me", "Cf") or char == "\u200b":
        return 0
    if category == "Cc":
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def _allowed(before: str, after: str, before_space: str | None, wide: bool) -> bool:
    """Whether libunistring allows a break between two classes; ``before_space`` is the class
    before the run of spaces that ``before`` ends (``None`` when ``before`` is not a space);
    ``wide``: ``after`` is an East Asian wide character."""
    if after in ("SP", "ZW"):
        return False
    if before == "ZW" or (before == "SP" and before_space == "ZW"):
        return True
    if after in ("WJ", "CL", "CP", "EX", "IS", "SY"):
        return False
    if before in ("WJ", "GL"):
        return False
    if before == "SP":
        if before_space == "BK":
            return False
        if before_space == "OP":
            return False
        if before_space == "QU" and after == "OP":
            return False
        if before_space in ("CL", "CP") and after == "NS":
            return False
        return not (before_space == "B2" and after == "B2")
    if after == "GL":
        return before in ("BA", "HY")
    if before == "OP":
        return False
    if before == "QU" or after == "QU":
        return False
    if after in ("BA", "HY", "NS", "IN") or before == "BB":
        return False
    if before == "B2" and after == "B2":
        return False
    if before in ("AL", "NU") and after in ("AL", "NU"):
        return False
    if before == "PR" and after in ("ID", "AL", "NU", "OP", "HY"):
        return False
    if before == "ID" and after == "PO":
        return False
    if before == "PO" and after in ("AL", "NU", "OP"):
        return False
    if before in ("AL", "NU") and after in ("PR", "PO"):
        return False
    if before in ("HY", "IS", "SY") and after == "NU":
        return False
    if before in ("CL", "CP") and after in ("PR", "PO"):
        return False
    if before in ("AL", "NU") and after == "OP" and not wide:
        return False
    return not (before == "CP" and after in ("AL", "NU"))


def _breaks(chars: list[str], prohibited: set[int]) -> list[bool]:
    """``breaks[i]``: a line may start at ``chars[i]``."""
    breaks = [False] * len(chars)
    prev: str | None = None
    before_space: str | None = None
    for index, char in enumerate(chars):
        cls = line_break_class(char)
        if prev is None:
            prev = "AL" if cls == "CM" else cls
            before_space = "BK" if cls == "SP" else None
            continue
        if cls == "CM" and prev not in ("SP", "ZW"):
            continue
        after_space_mark = cls == "CM"
        if cls == "CM":
            cls = "AL"
        if index not in prohibited and chars[index - 1] != "\u200d":
            # libunistring breaks before a mark that follows a space, whatever precedes the space.
            breaks[index] = after_space_mark or _allowed(prev, cls, before_space, display_width(char) == 2)
        if cls == "SP":
            if prev != "SP":
                before_space = prev
        else:
            before_space = None
        prev = cls
    return breaks


def _portions(value: str) -> list[str]:
    parts, start = [], 0
    for index, char in enumerate(value):
        if char == "\n":
            parts.append(value[start : index + 1])
            start = index + 1
    if start < len(value) or not parts:
        parts.append(value[start:])
    return parts


def format_string(
    keyword: str, value: str, prefix: str = "", width: int | None = PAGE_WIDTH, continuation: bool = False
) -> list[str]:
    """The lines of ``<prefix><keyword> "value"`` as GNU writes them (``width=None``: no wrapping);
    ``continuation``: only the lines that would follow a ``keyword ""`` line."""
    after_break = len(prefix) + 1
    limit = (width - 1 if width is not None else 1 << 30) - after_break
    lines: list[str] = []
    first = not continuation
    portions = _portions(value)
    for number, portion in enumerate(portions):
        chars: list[str] = []
        prohibited: set[int] = set()
        for char in portion:
            escaped = _ESCAPES.get(char)
            if escaped is not None:
                chars.append("\\")
                chars.append(escaped)
                prohibited.add(len(chars) - 1)
            else:
                chars.append(char)
        if portion.endswith("\n"):
            prohibited.add(len(chars) - 2)
        possible = _breaks(chars, prohibited)
        last = number == len(portions) - 1
        while True:
            start = (len(keyword) + 1) if first else 0
            starts = _fit(chars, possible, limit, start)
            if first and chars and (not last or start > limit or starts):
                lines.append(f'{prefix}{keyword} ""')
                first = False
                continue
            break
        pieces, previous = [], 0
        for cut in [*starts, len(chars)]:
            pieces.append("".join(chars[previous:cut]))
            previous = cut
        for piece_number, piece in enumerate(pieces):
            head = f"{prefix}{keyword} " if first and piece_number == 0 else prefix
            lines.append(f'{head}"{piece}"')
        first = False
    return lines


def _fit(chars: list[str], possible: list[bool], width: int, start_column: int) -> list[int]:
    """Where libunistring's ``ulc_width_linebreaks`` breaks: at the last opportunity before a
    piece would pass ``width``."""
    starts: list[int] = []
    last: int | None = None
    column = start_column
    piece = 0
    for index, char in enumerate(chars):
        if possible[index]:
            if last is not None and column + piece > width:
                starts.append(last)
                column = 0
            last = index
            column += piece
            piece = 0
        piece += display_width(char)
    if last is not None and column + piece > width:
        starts.append(last)
    return starts
