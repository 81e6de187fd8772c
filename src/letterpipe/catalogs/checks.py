"""Per-message translation checks, reported with the translator's file, line and an excerpt.

They catch what a careful reviewer would: a dropped figure, a changed URL, lost emphasis, an
altered organisation name, unbalanced brackets, a paragraph left in English; and what a
translator could use to change what diplomats read unseen: bidirectional overrides that reorder
what is shown (``180`` displayed as ``081``), line breaks the source does not have (an extra line
under the closing or a group heading reads like another signatory), a count string whose number
is not the real count, a translation far longer than its source (:data:`MAX_RATIO`), and a
Plural-Forms header that differs from the language's standard.

Waivers are the coordinator's, not the translator's: they live in ``letters/<letter>/waivers.toml``
with a reason (:mod:`letterpipe.catalogs.waivers`); a ``letterpipe-waive`` comment in a ``.po``
file waives nothing.
"""

from __future__ import annotations

import gettext
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import polib

from letterpipe.catalogs.pofile import parse_po
from letterpipe.catalogs.waivers import Waiver
from letterpipe.source.markup import emphasis_counts, link_targets

CHECKS = (
    "empty",
    "fuzzy",
    "links",
    "emphasis",
    "numbers",
    "names",
    "brackets",
    "untranslated-copy",
    "bidi",
    "line-breaks",
    "count",
    "length",
    "plural-forms",
)
#: A translation may be this many times as long as its source, plus :data:`LENGTH_SLACK`
#: characters (short sources such as a closing formula grow most: "Sincerely," becomes a whole
#: sentence in French). Real translations stay well under 2x; a message 3x its source hides text.
MAX_RATIO, LENGTH_SLACK = 3.0, 100
#: Bidirectional embeddings, overrides and isolates: they reorder what is shown without changing
#: the text (U+202E shows ``180`` as ``081``). The marks LRM, RLM and ALM stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Everything a browser, a PDF or a reader may take for a new line.
LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]|%%")
#: Plural formulas are compared on these counts (every rule in CLDR and GNU repeats within 200).
PLURAL_SAMPLE = range(201)
LONG_SOURCE = 60
#: Findings that make a version incomplete rather than failing: it falls back to the source.
INCOMPLETE_CHECKS = frozenset({"fuzzy", "empty"})
_PAIRS = dict(zip("([{«“\uff08\u3010\u300c\u300e", ")]}»”\uff09\u3011\u300d\u300f", strict=True))


@dataclass(frozen=True)
class Finding:
    check: str
    path: str
    line: int
    message: str
    excerpt: str
    #: The coordinator's reason when a waiver covers this finding; then it blocks nothing.
    waived: str = ""

    def __str__(self) -> str:
        waived = f" (waived: {self.waived})" if self.waived else ""
        return f"{self.path}:{self.line}: [{self.check}] {self.message} — “{self.excerpt}”{waived}"


def excerpt(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


_DIGITS = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # Indian grouping: 5,00,000
    r"|\d{1,3}(?:[ \u00a0\u202f.,\u066c\u2009'\u2019]\d{3})+(?:[.,\u066b]\d+)?(?!\d)"  # 50,000 50 000 50.000,5
    r"|\d+(?:[.,\u066b]\d+)?"  # 180, 2.5, 2,5
)
_QUANTITY = re.compile(_DIGITS)


def _words(text: str) -> list[str]:
    return text.split()


_THOUSAND, _MILLION, _BILLION = Decimal(10) ** 3, Decimal(10) ** 6, Decimal(10) ** 9
#: Words and characters that multiply the figure before them, so ``20億``, ``2 млрд`` and
#: ``2 अरब`` are all two billion. Matched whole (casefolded), longest first, and chained
#: (``mil millones``, ``พันล้าน``).
MULTIPLIERS: dict[str, Decimal] = {
    **dict.fromkeys(
        _words(
            "thousand thousands mille mil mila tausend tsd duizend тысяча тысячи тысяч тыс тисяча тисячі тисяч тис "
            "tysiąc tysiące tysięcy tys bin ribu elfu nghìn ngàn χιλιάδες χιλιάδα "
            "ألف ألفا ألفًا آلاف الف هزار ہزار אלף אלפים "
            "हज़ार हजार হাজার ஆயிரம் พัน 千 천 հազար ათასი ሺ ሺህ ពាន់ ထောင်"
        ),
        _THOUSAND,
    ),
    **dict.fromkeys(_words("万 萬 만 ម៉ឺន သောင်း"), Decimal(10) ** 4),
    **dict.fromkeys(_words("लाख লাখ লক্ষ லட்சம் แสน သိန်း សែន"), Decimal(10) ** 5),
    **dict.fromkeys(
        _words(
            "million millions millón millones milhão milhões milione milioni mio miljoen миллион миллиона миллионов "
            "млн мільйон мільйони мільйонів млн milion miliony milionów mln milyon juta triệu εκατομμύριο "
            "εκατομμύρια مليون ملايين میلیون ملین מיליון মিলিয়ন மில்லியன் ล้าน 百万 백만 միլիոն მილიონი ሚሊዮን "
            "លាន သန်း"
        ),
        _MILLION,
    ),
    **dict.fromkeys(_words("करोड़ करोड কোটি கோடி ကုဋေ"), Decimal(10) ** 7),
    **dict.fromkeys(_words("億 亿 억"), Decimal(10) ** 8),
    **dict.fromkeys(
        _words(
            "billion billions milliard milliards milliarde milliarden mrd miljard миллиард миллиарда миллиардов млрд "
            "мільярд мільярди мільярдів млрд miliard miliardy miliardów mld milyar miliar bilioni tỷ tỉ "
            "δισεκατομμύριο δισεκατομμύρια مليار مليارات میلیارد ملیارد ارب מיליארד अरब বিলিয়ন பில்லியன் "
            "bilhão bilhões միլիարդ მილიარდი ቢሊዮን ប៊ីលាន"
        ),
        _BILLION,
    ),
    **dict.fromkeys(_words("兆 조"), Decimal(10) ** 12),
}
_WORDS = sorted(MULTIPLIERS, key=len, reverse=True)
_GAP = re.compile(r"[ \u00a0\u202f\u2009*_-]*")


def _value(figure: str) -> Decimal:
    """``50,000`` and ``50.000`` are fifty thousand, ``2,5`` and ``2.5`` two and a half."""
    grouped = re.fullmatch(r"\d{1,3}(?:([^\d])\d{3})+(?:([.,\u066b])(\d+))?|\d{1,2}(?:,\d{2})+,\d{3}", figure)
    if grouped and (grouped.group(2) is None or grouped.group(2) != grouped.group(1)):
        whole = re.sub(r"\D", "", figure[: grouped.start(2)] if grouped.group(2) else figure)
        fraction = grouped.group(3) or ""
        return Decimal(f"{whole}.{fraction}" if fraction else whole)
    match = re.fullmatch(r"(\d+)(?:[.,\u066b](\d+))?", figure)
    if match:
        return Decimal(f"{match[1]}.{match[2]}" if match[2] else match[1])
    return Decimal(re.sub(r"\D", "", figure) or "0")


def _multiplier(rest: str) -> Decimal:
    """The product of the multiplier words that follow a figure, ``1`` when none does."""
    factor = Decimal(1)
    while True:
        gap = _GAP.match(rest)
        after = rest[gap.end() if gap else 0 :]
        folded = after.casefold()
        word = next((w for w in _WORDS if folded.startswith(w)), None)
        if word is None:
            return factor
        end = len(word)
        if end < len(after) and after[end].isalpha() and not _joins_next(word[-1]):
            return factor
        factor *= MULTIPLIERS[word]
        rest = after[end:]


def _joins_next(char: str) -> bool:
    """Scripts written without spaces between words (Thai, Khmer, Myanmar, CJK) run a multiplier into the next word."""
    return ord(char) >= 0x0E00 and unicodedata.category(char) == "Lo" and not 0x0E80 <= ord(char) < 0x0F00


def _display(value: Decimal) -> str:
    return format(value.normalize(), "f")


def numbers(text: str) -> set[str]:
    """Every quantity written with digits, in any script's digits, multiplier words applied.

    ``50,000``, ``50 000``, ``50.000``, Persian digits with the Arabic thousands separator and
    ``5万`` are all ``50000``; ``2 млрд``, ``20億`` and ``2 अरब`` are all ``2000000000``. Figures
    are compared as quantities, never as digit strings.
    """
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    found: set[str] = set()
    for match in _QUANTITY.finditer(ascii_digits):
        found.add(_display(_value(match.group()) * _multiplier(ascii_digits[match.end() :])))
    return found


#: English number words: a source that spells "four days" may be translated "4天".
_SPELLED = {
    word: str(value)
    for value, word in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen twenty"
        )
    )
} | {"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90"}
_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*[月월]")


def spelled_numbers(text: str) -> set[str]:
    """Figures an English source spells out ("four", "twelve"): a translation may write them in digits."""
    return {_SPELLED[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _SPELLED}


def month_numbers(text: str) -> set[str]:
    """Months written as numbers (``6月``, ``6월``): Chinese, Japanese and Korean have no month names."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    return {str(int(m)) for m in _MONTH.findall(ascii_digits) if 1 <= int(m) <= 12}


def unbalanced(text: str) -> list[str]:
    problems = []
    for opening, closing in _PAIRS.items():
        if text.count(opening) != text.count(closing):
            problems.append(f"{opening}{closing}")
    return problems


def check_message(source: str, translation: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """``(check, problem)`` pairs for one translated message."""
    found: list[tuple[str, str]] = []
    if link_targets(source) != link_targets(translation):
        found.append(("links", f"links differ: source {link_targets(source)}, translation {link_targets(translation)}"))
    if emphasis_counts(source) != emphasis_counts(translation):
        found.append(("emphasis", "emphasis (*…*, **…**) not preserved"))
    source_figures, translated_figures = numbers(source), numbers(translation)
    lost = sorted(source_figures - translated_figures, key=lambda n: (len(n), n))
    unexplained = translated_figures - source_figures - spelled_numbers(source) - month_numbers(translation)
    extra = sorted(unexplained, key=lambda n: (len(n), n))
    if lost or extra:
        parts = [f"figures of the source missing: {', '.join(lost)}"] if lost else []
        parts += [f"figures not in the source: {', '.join(extra)}"] if extra else []
        found.append(("numbers", "; ".join(parts)))
    for name in names:
        if name in source and name not in translation:
            found.append(("names", f"signatory name {name!r} is altered or missing"))
    bad = unbalanced(translation)
    if bad:
        found.append(("brackets", f"unbalanced {' '.join(bad)}"))
    if len(source) >= LONG_SOURCE and " " in source and translation.strip() == source.strip():
        found.append(("untranslated-copy", "translation is a copy of the English source"))
    controls = sorted({f"U+{ord(c):04X}" for c in translation if c in BIDI_CONTROLS})
    if controls:
        found.append(("bidi", f"bidirectional controls {', '.join(controls)} reorder what readers see; remove them"))
    added = len(LINE_BREAKS.findall(translation)) - len(LINE_BREAKS.findall(source))
    if added > 0:
        found.append(("line-breaks", f"{added} line break(s) that the source does not have"))
    if len(translation) > MAX_RATIO * len(source) + LENGTH_SLACK:
        sizes = f"{len(translation)} characters for a source of {len(source)}"
        found.append(("length", f"translation is {sizes} (limit {MAX_RATIO}x + {LENGTH_SLACK})"))
    return found


def plural_function(header: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals`` and the formula of a Plural-Forms header; :class:`ValueError` when malformed."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", header)
    if not match or len(header) > 500:
        raise ValueError(f"malformed Plural-Forms {header[:80]!r} (expected 'nplurals=N; plural=EXPR;')")
    try:
        return int(match[1]), gettext.c2py(match[2])
    except (ValueError, SyntaxError, RecursionError) as exc:
        raise ValueError(f"malformed Plural-Forms {header[:80]!r}: {exc}") from None


def _mapping(header: str) -> tuple[int, tuple[int, ...]]:
    count, formula = plural_function(header)
    return count, tuple(formula(n) for n in PLURAL_SAMPLE)


def standard_plurals(lang: str) -> list[str]:
    """The Plural-Forms a language's catalogs may have: the standard one (GNU's table, with CLDR's
    rule where GNU has none: :func:`letterpipe.catalogs.plurals.standard_plural_forms`), and Babel's
    where it differs, since tools built on Babel write that."""
    from babel.messages.plurals import get_plural

    from letterpipe.catalogs.plurals import standard_plural_forms

    try:
        babel = str(get_plural(lang))
    except (ValueError, LookupError):
        babel = None
    try:
        standard = standard_plural_forms(lang)
    except (ValueError, LookupError):
        return [babel] if babel else []
    return [standard] + ([babel] if babel else [])


def plural_problem(header: str | None, lang: str) -> str | None:
    """Why a catalog's Plural-Forms is not the language's standard, or ``None`` when it is.

    Compared by evaluating both formulas for n in 0..200, so spelling (spaces, parentheses)
    does not matter and a different rule always shows.
    """
    standards = standard_plurals(lang)
    if header is None:
        return "the catalog has no Plural-Forms header" + (f"; use {standards[0]!r}" if standards else "")
    try:
        mapping = _mapping(header)
    except ValueError as exc:
        return str(exc)
    if not standards or any(mapping == _mapping(standard) for standard in standards):
        return None
    wrong = next((n for n in PLURAL_SAMPLE if all(mapping[1][n] != _mapping(s)[1][n] for s in standards)), None)
    detail = f" (it picks form {mapping[1][wrong]} for n = {wrong})" if wrong is not None else ""
    return f"Plural-Forms {header!r} is not the standard for {lang}{detail}; use {standards[0]!r}"


def _figures(text: str) -> bool:
    """Whether ``text`` has a digit of any script outside printf placeholders."""
    return any(c.isdigit() for c in _PLACEHOLDER.sub("", text))


def count_problems(source: str, forms: list[str], header: str | None) -> list[str]:
    """A count string (``%(count)s signatories``) must print the real count: no figure of its
    own in any form, and its placeholder in every form used for more than one number."""
    placeholders = sorted(set(_PLACEHOLDER.findall(source)) - {"%%"})
    problems = []
    if any(_figures(form) for form in forms):
        problems.append("a count string has a figure of its own instead of its placeholder: it prints a false count")
    counts: dict[int, int] = {}
    try:
        if header:
            _, formula = plural_function(header)
            for n in PLURAL_SAMPLE:
                counts[formula(n)] = counts.get(formula(n), 0) + 1
    except ValueError:
        counts = {}
    for index, form in enumerate(forms):
        missing = [p for p in placeholders if p not in form]
        if missing and counts.get(index, 2) > 1:
            problems.append(f"form {index} lacks {', '.join(missing)}: the count would not be printed")
    return problems


def check_catalog(
    merged: Path,
    translator_file: Path,
    names: list[str],
    display_path: str,
    lang: str | None = None,
    waivers: Iterable[Waiver] = (),
    signature_lines: Iterable[str] = (),
) -> list[Finding]:
    """Check a merged catalog; lines point into the translator's own file.

    ``waivers`` are the coordinator's (:mod:`letterpipe.catalogs.waivers`): a waived finding is
    kept, marked with the waiver's reason, and blocks nothing. ``signature_lines`` are the
    closing and group headings: they may not gain a single line break.
    """
    catalog = polib.pofile(str(merged), wrapwidth=0)
    lines = (
        {e.key: e.first_line for e in parse_po(translator_file.read_bytes(), translator_file).entries}
        if translator_file.exists()
        else {}
    )
    lang = lang or catalog.metadata.get("Language") or ""
    waived = {(w.check, w.message): w.reason for w in waivers}
    signature = set(signature_lines)
    header = catalog.metadata.get("Plural-Forms")
    findings: list[Finding] = []
    problem = plural_problem(header, lang) if lang else None
    if problem:
        findings.append(Finding("plural-forms", display_path, 1, problem, "Plural-Forms"))
    for entry in catalog:
        if entry.obsolete:
            continue
        line = lines.get((entry.msgctxt, entry.msgid), entry.linenum)
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        results: list[tuple[str, str]] = []
        if "fuzzy" in entry.flags:
            results.append(("fuzzy", "fuzzy: the source changed, review the translation"))
        elif not all(translations):
            results.append(("empty", "not translated"))
        else:
            source = entry.msgid
            for translation in translations:
                results.extend(check_message(source, translation, names))
                if source in signature and LINE_BREAKS.search(translation):
                    results.append(
                        ("line-breaks", "a closing or group heading on several lines reads like signatories")
                    )
            if entry.msgid_plural:
                results += [("count", p) for p in count_problems(source, translations, header)]
        for check, problem in dict.fromkeys(results):
            reason = waived.get((check, entry.msgid), "")
            findings.append(Finding(check, display_path, line, problem, excerpt(entry.msgid), reason))
    return findings


def findings_json(findings: list[Finding]) -> bytes:
    return (json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that make a version failing (a wrong translation), not merely incomplete."""
    return [f for f in findings if f.check not in INCOMPLETE_CHECKS and not f.waived]


def read_findings(path: Path) -> list[Finding]:
    return [Finding(**item) for item in json.loads(path.read_text("utf-8"))]
