"""Per-message translation checks, reported with the translator's file, line and an excerpt.

They catch what a careful reviewer would: a dropped figure, a changed URL, lost emphasis, an
altered organisation name, unbalanced brackets, a paragraph left in English. A translator can
waive one check for one message with a comment that gives the reason::

    # letterpipe-waive: numbers: the year is written out in words in this language
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path

import polib

from letterpipe.catalogs.pofile import parse_po
from letterpipe.source.markup import emphasis_counts, link_targets

WAIVER = re.compile(r"^\s*letterpipe-waive:\s*(?P<check>[a-z-]+)\s*(?::\s*(?P<reason>.*))?$")
CHECKS = ("empty", "fuzzy", "links", "emphasis", "numbers", "names", "brackets", "untranslated-copy")
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

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] {self.message} — “{self.excerpt}”"


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


def waivers(entry: polib.POEntry) -> tuple[dict[str, str], list[str]]:
    """Waived checks with their reasons, and problems with the waivers themselves."""
    waived: dict[str, str] = {}
    problems = []
    for line in (entry.tcomment or "").splitlines():
        match = WAIVER.match(line)
        if not match:
            continue
        check, reason = match["check"], (match["reason"] or "").strip()
        if check not in CHECKS:
            problems.append(f"waiver names an unknown check {check!r} (known: {', '.join(CHECKS)})")
        elif not reason:
            problems.append(f"waiver of {check!r} gives no reason")
        else:
            waived[check] = reason
    return waived, problems


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
    return found


def check_catalog(merged: Path, translator_file: Path, names: list[str], display_path: str) -> list[Finding]:
    """Check a merged catalog; lines point into the translator's own file."""
    catalog = polib.pofile(str(merged), wrapwidth=0)
    lines = (
        {e.key: e.first_line for e in parse_po(translator_file.read_bytes(), translator_file).entries}
        if translator_file.exists()
        else {}
    )
    findings: list[Finding] = []
    for entry in catalog:
        if entry.obsolete:
            continue
        line = lines.get((entry.msgctxt, entry.msgid), entry.linenum)
        waived, waiver_problems = waivers(entry)
        for problem in waiver_problems:
            findings.append(Finding("waiver", display_path, line, problem, excerpt(entry.msgid)))
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
        for check, problem in dict.fromkeys(results):
            if check not in waived:
                findings.append(Finding(check, display_path, line, problem, excerpt(entry.msgid)))
    return findings


def findings_json(findings: list[Finding]) -> bytes:
    return (json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """Findings that make a version failing (a wrong translation), not merely incomplete."""
    return [f for f in findings if f.check not in INCOMPLETE_CHECKS]


def read_findings(path: Path) -> list[Finding]:
    return [Finding(**item) for item in json.loads(path.read_text("utf-8"))]
