"""Plural forms: the standard formula per language, and a safe evaluator for ``plural=`` expressions.

The formulas are GNU gettext's (its ``plural-table.c``, which ``msginit`` applies) and, for the
languages that table lacks, CLDR's as gettext writes them. Babel 2.18's Arabic formula swaps
forms 4 and 5 (Babel bug #816); it is not used. A language missing here falls back to Babel.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TWO = "nplurals=2; plural=(n != 1);"
_EAST_SLAVIC = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
STANDARD: dict[str, str] = {
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5);"
    ),
    "zh": "nplurals=1; plural=0;",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "vi": "nplurals=1; plural=0;",
    "id": "nplurals=1; plural=0;",
    "th": "nplurals=1; plural=0;",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "en": _TWO,
    "de": _TWO,
    "nl": _TWO,
    "sv": _TWO,
    "da": _TWO,
    "nb": _TWO,
    "nn": _TWO,
    "es": _TWO,
    "pt": _TWO,
    "it": _TWO,
    "el": _TWO,
    "fi": _TWO,
    "et": _TWO,
    "he": _TWO,
    "hu": _TWO,
    "tr": _TWO,
    "bg": _TWO,
    "ru": _EAST_SLAVIC,
    "uk": _EAST_SLAVIC,
    "be": _EAST_SLAVIC,
    "sr": _EAST_SLAVIC,
    "hr": _EAST_SLAVIC,
    "bs": _EAST_SLAVIC,
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
}


def standard_plural_forms(lang: str) -> str:
    """The ``Plural-Forms`` value for a language code such as ``ar``, ``pt_BR`` or ``zh_Hans``."""
    if lang in STANDARD:
        return STANDARD[lang]
    base = re.split(r"[_@-]", lang)[0]
    if base in STANDARD:
        return STANDARD[base]
    from babel.messages.plurals import get_plural

    babel = get_plural(lang)
    return f"nplurals={babel.num_plurals}; plural={babel.plural_expr};"


# --- parsing and evaluating C plural expressions ----------------------------------------------

_TOKEN = re.compile(r"\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]))")
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


class PluralError(ValueError):
    pass


def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals`` and the compiled ``plural`` of a ``Plural-Forms`` value (GNU's grammar)."""
    nplurals = re.search(r"nplurals\s*=\s*(\d+)", value)
    plural = re.search(r"plural\s*=\s*([^;]*)", value)
    if not plural:
        raise PluralError('lacks a "plural=EXPRESSION" attribute')
    if not nplurals:
        raise PluralError('lacks a "nplurals=INTEGER" attribute')
    return int(nplurals[1]), compile_plural(plural[1])


def compile_plural(expression: str) -> Callable[[int], int]:
    tokens: list[str] = []
    position = 0
    text = expression.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise PluralError(f"invalid plural expression {expression!r}")
        tokens.append(match[0].strip())
        position = match.end()
    parser = _Parser(tokens, expression)
    tree = parser.ternary()
    if parser.index != len(tokens):
        raise PluralError(f"invalid plural expression {expression!r}")
    return tree


class _Parser:
    def __init__(self, tokens: list[str], source: str) -> None:
        self.tokens, self.index, self.source = tokens, 0, source

    def peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise PluralError(f"invalid plural expression {self.source!r}")
        self.index += 1
        return token

    def ternary(self) -> Callable[[int], int]:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    def binary(self, level: int) -> Callable[[int], int]:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            left = _operator(self.take(), left, self.binary(level + 1))
        return left

    def unary(self) -> Callable[[int], int]:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise PluralError(f"invalid plural expression {self.source!r}")


def _operator(op: str, a: Callable[[int], int], b: Callable[[int], int]) -> Callable[[int], int]:
    table: dict[str, Callable[[int, int], int]] = {
        "||": lambda x, y: int(bool(x) or bool(y)),
        "&&": lambda x, y: int(bool(x) and bool(y)),
        "==": lambda x, y: int(x == y),
        "!=": lambda x, y: int(x != y),
        "<": lambda x, y: int(x < y),
        ">": lambda x, y: int(x > y),
        "<=": lambda x, y: int(x <= y),
        ">=": lambda x, y: int(x >= y),
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x // y,
        "%": lambda x, y: x % y,
    }
    function = table[op]
    if op == "||":
        return lambda n: int(bool(a(n)) or bool(b(n)))
    if op == "&&":
        return lambda n: int(bool(a(n)) and bool(b(n)))
    return lambda n: function(a(n), b(n))


def form_counts(nplurals: int, plural: Callable[[int], int]) -> list[int]:
    """How many of n = 0..1000 each form serves (GNU checks the same range)."""
    counts = [0] * max(nplurals, 0)
    for n in range(1001):
        try:
            value = plural(n)
        except ZeroDivisionError:
            raise PluralError("plural expression can produce a division by zero") from None
        if value < 0 or value >= nplurals:
            raise PluralError(f"nplurals = {nplurals} but plural expression can produce values as large as {value}")
        counts[value] += 1
    return counts


def differs_from_standard(lang: str, value: str) -> bool:
    """Whether a catalog's Plural-Forms picks other forms than the standard for some n in 0..1000
    (the same formula written differently does not count)."""
    try:
        nplurals, plural = parse_plural_forms(value)
        standard_n, standard = parse_plural_forms(standard_plural_forms(lang))
    except (PluralError, ValueError, LookupError):
        return False
    return nplurals != standard_n or any(plural(n) != standard(n) for n in range(1001))
