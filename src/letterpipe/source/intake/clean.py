"""Suggested fixes for imported names and roles; nothing here changes a value by itself.

Each fix is a pure function of the raw value, so a human can accept any subset: the value that
is written is the raw one with exactly the accepted fixes applied, in the fixed order
``invisible``, ``nfc``, ``spaces``. Near-duplicates and truncated names are judged on names
folded by :func:`near_key`: case, accents, punctuation, a leading article ("The"), common
abbreviations ("Int'l", "Assn", "&"), an acronym in brackets and a trailing country name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.source.signatories import _check_text

_JOINERS = "\u200c\u200d"
_ARTICLES = ("the", "la", "le", "les", "el", "los", "las", "l", "die", "der", "das")
_ABBREVIATIONS = {
    "intl": "international",
    "internat": "international",
    "assn": "association",
    "assoc": "association",
    "asoc": "asociacion",
    "org": "organisation",
    "organization": "organisation",
    "orgs": "organisations",
    "organizations": "organisations",
    "ctr": "centre",
    "cntr": "centre",
    "center": "centre",
    "fdn": "foundation",
    "fdtn": "foundation",
    "fund": "foundation",
    "inst": "institute",
    "natl": "national",
    "soc": "society",
    "dept": "department",
    "univ": "university",
}
_ACRONYM_RE = re.compile(r"\s*\([\w.&\- ]{2,15}\)")
_CONNECTORS = frozenset(
    [
        "and",
        "of",
        "for",
        "the",
        "de",
        "des",
        "du",
        "la",
        "et",
        "y",
        "e",
        "for",
        "on",
        "in",
        "to",
        "und",
        "der",
        "&",
        "-",
    ]
)
_FIELD_LIMITS = frozenset((30, 32, 40, 50, 60, 64, 80, 100, 128, 150, 200, 255, 256))


def _strip_invisible(value: str) -> str:
    kept = "".join(c for c in value if unicodedata.category(c) not in ("Cc", "Cf") or c in _JOINERS)
    try:
        _check_text(" ".join(kept.split()) or "x", "name", _NOWHERE, 0)
    except SignatoryError as exc:
        if "invisible" in exc.message:
            return "".join(c for c in kept if c not in _JOINERS)
    return kept


def _spaces(value: str) -> str:
    return " ".join(value.split())


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


_NOWHERE = Path("import")
#: Value fixes in the order they are applied; each is offered on its own.
FIXES: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("invisible", "invisible characters removed", _strip_invisible),
    ("nfc", "Unicode normalised to NFC", _nfc),
    ("spaces", "stray or doubled spaces removed", _spaces),
)


def value_fixes(value: str) -> list[tuple[str, str, str]]:
    """``(kind, description, fixed value)`` for each fix that would change ``value`` on its own."""
    return [(kind, text, fix(value)) for kind, text, fix in FIXES if fix(value) != value]


def apply_fixes(value: str, kinds: set[str]) -> str:
    for kind, _, fix in FIXES:
        if kind in kinds:
            value = fix(value)
    return value


def clean_fully(value: str) -> str:
    return apply_fixes(value, {kind for kind, _, _ in FIXES})


@cache
def _countries() -> frozenset[str]:
    from babel import Locale

    names: set[str] = {"usa", "us", "uk", "drc", "uae"}
    for tag in ("en", "fr", "es", "pt", "de", "ar", "ru"):
        for code, name in Locale.parse(tag).territories.items():
            if code.isalpha() and len(code) == 2:
                names.add(_fold(name))
    return frozenset(names)


def _fold(text: str) -> str:
    """Case, accents, apostrophes and punctuation folded away; ``&`` and ``+`` read as "and"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and ").replace("+", " and "))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'\u2019\u02bc")
    return " ".join("".join(" " if unicodedata.category(c)[0] in "PSZ" else c for c in kept).split())


def near_key(name: str, country: str = "") -> str:
    """A folding under which two differently typed names are probably the same signatory."""
    words = [_ABBREVIATIONS.get(w, w) for w in _fold(_ACRONYM_RE.sub(" ", clean_fully(name))).split()]
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    countries = _countries() | ({_fold(country)} if country.strip() else set())
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[-size:]) in countries:
            words = words[:-size]
            break
    return " ".join(words)


def truncation(name: str) -> str | None:
    """Why ``name`` looks cut off, or None."""
    for opening, closing in ("()", "[]", "“”", "«»"):
        if name.count(opening) > name.count(closing):
            return f"an unclosed {opening!r}"
    if name.count('"') % 2:
        return "an unclosed quotation mark"
    last = name.rstrip().rsplit(" ", 1)[-1].casefold()
    if name.rstrip()[-1:] in ",;:-\u2013\u2014/&" or (last in _CONNECTORS and " " in name.strip()):
        return f"it ends with {last!r}"
    if len(name) in _FIELD_LIMITS and name.rstrip()[-1:] not in ").":
        return f"it is exactly {len(name)} characters long, a common field limit"
    return None


def fold_name(name: str) -> str:
    """Case, accents and punctuation folded: the form :func:`completes` compares."""
    return _fold(name)


def completes(short: str, longer: str) -> bool:
    """``longer`` starts with ``short`` (case and accents aside) and goes on: ``short`` may be cut off."""
    a, b = _fold(short), _fold(longer)
    return len(a) >= 4 and len(b) > len(a) and b.startswith(a)
