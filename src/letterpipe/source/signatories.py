"""The canonical signatory list: loaded from a CSV, checked, put in its published order, fingerprinted.

Names are untrusted text that must come out byte for byte the same in every language, so the
loader refuses anything ambiguous (stray or doubled spaces, non-NFC text, duplicates that differ
only in case or accents) instead of silently "cleaning" it: a cleaned name is an altered name.
(``letterpipe signatories import`` suggests the cleaning; a human accepts it.)

Published columns are exactly ``group``, ``name``, ``role`` and ``lang``. Any other column must be
private: listed in the letter header's ``private:`` field, or named with the ``private:`` prefix
(``private:email``). Private cells are dropped here, at load, so no :class:`Signatory` carries
them and nothing downstream (pages, PDFs, catalogs, status, logs, releases) can leak them. A
column that is neither is refused rather than guessed at.

The published order is the letter's groups in header order; within a group, rows as listed in
the file (``order: as listed``, the default: a late signatory appended at the end of the file
is printed with its group) or sorted by a named CLDR collation (``order: alphabetical fr``).
The loader returns that order, so the renderer, verification and the fingerprint all agree.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.unitext import ZWJ, ZWNJ, is_default_ignorable

#: The published columns; nothing else ever leaves the signatory file.
COLUMNS = ("group", "name", "role", "lang")
#: A column named ``private:<anything>`` is private by convention, without a letter header entry.
PRIVATE_PREFIX = "private:"
#: Well-formed BCP 47 tags in canonical case: language, script, region, variants.
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|[0-9]{3}))?(-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$")


@dataclass(frozen=True)
class Signatory:
    group: str
    name: str
    role: str
    line: int
    #: BCP 47 tag of the name's language (``zh-Hant``, ``ja``), or "" when not given.
    lang: str = ""

    @property
    def direction(self) -> str:
        """The direction of the name's first strong character: each name is set in its own."""
        return text_direction(self.name)

    @property
    def role_direction(self) -> str:
        return text_direction(self.role)


def text_direction(text: str) -> str:
    """``rtl`` if the first strong character is right-to-left, else ``ltr``."""
    for char in text:
        bidi = unicodedata.bidirectional(char)
        if bidi == "L":
            return "ltr"
        if bidi in ("R", "AL"):
            return "rtl"
    return "ltr"


def duplicate_key(name: str) -> str:
    """Case, spacing, diacritics and joiners folded away: two names equal here are the same signatory.

    ZWNJ and ZWJ change how letters join, not which name it is: a Persian name with and without
    the ZWNJ of its plural suffix is one organisation, spelled carefully or not.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold().replace(ZWNJ, "").replace(ZWJ, ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def _check_text(value: str, what: str, path: Path, line: int) -> None:
    if value != value.strip():
        raise SignatoryError(f"{what} {value!r} has leading or trailing spaces", path, line)
    if "  " in value or any(c in value for c in "\t\n\r\u00a0"):
        raise SignatoryError(f"{what} {value!r} has doubled or unusual white space", path, line)
    if unicodedata.normalize("NFC", value) != value:
        raise SignatoryError(f"{what} {value!r} is not in Unicode NFC; save the CSV as NFC", path, line)
    for index, char in enumerate(value):
        if char in (ZWNJ, ZWJ):
            if not _joiner_in_word(value, index):
                raise SignatoryError(
                    f"{what} {value!r} has U+{ord(char):04X} outside a word of a script that uses joiners "
                    "(Arabic, Syriac, N'Ko, Mongolian, the Indic scripts, Khmer, Myanmar)",
                    path,
                    line,
                )
        elif unicodedata.category(char) in ("Cc", "Cf") or is_default_ignorable(char):
            raise SignatoryError(f"{what} {value!r} contains the invisible character U+{ord(char):04X}", path, line)


#: Blocks of the scripts whose spelling uses ZWNJ/ZWJ inside words: Arabic (with its supplements
#: and presentation forms), Syriac, Thaana, N'Ko, the Indic scripts Devanagari to Sinhala,
#: Myanmar, Khmer and Mongolian.
JOINER_SCRIPTS: tuple[tuple[int, int], ...] = (
    (0x0600, 0x08FF),
    (0x0900, 0x0DFF),
    (0x1000, 0x109F),
    (0x1780, 0x18AF),
    (0xA8E0, 0xA8FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _joiner_in_word(value: str, index: int) -> bool:
    """A joiner between two letters or marks, the one before it of a script that uses joiners."""
    if index == 0 or index == len(value) - 1:
        return False
    before, after = value[index - 1], value[index + 1]
    if not all(unicodedata.category(c)[0] in "LM" for c in (before, after)):
        return False
    base = next((c for c in reversed(value[:index]) if unicodedata.category(c)[0] == "L"), before)
    return any(lo <= ord(base) <= hi for lo, hi in JOINER_SCRIPTS)


def is_private(column: str, declared: Iterable[str] = ()) -> bool:
    """Whether a signatory-file column is private: declared in the letter header, or ``private:``-prefixed."""
    column = column.strip().lower()
    return column.startswith(PRIVATE_PREFIX) or column in {d.strip().lower() for d in declared}


def check_order(spec: str) -> str | None:
    """What is wrong with an ``order:`` value, or None. ``as listed`` or ``alphabetical <CLDR locale>``."""
    words = spec.split()
    if [w.lower() for w in words] in (["as", "listed"], ["as", "entered"]):
        return None
    if not words or words[0].lower() != "alphabetical":
        return f"expected 'as listed' or 'alphabetical <locale>', got {spec!r}"
    if len(words) != 2:
        return f"name one collation locale, e.g. 'alphabetical en' or 'alphabetical fr', got {spec!r}"
    try:
        _collator(words[1])
    except SignatoryError as exc:
        return exc.message
    return None


def _collator(tag: str) -> Callable[[str], bytes]:
    """The sort key of a CLDR collation (ICU), refusing a locale ICU has no collation data for."""
    import icu

    locale = icu.Locale.forLanguageTag(tag.replace("_", "-"))
    available = {str(loc) for loc in icu.Collator.getAvailableLocales()}
    if tag != "root" and str(locale) not in available and locale.getLanguage() not in available:
        raise SignatoryError(f"no CLDR collation for {tag!r} (e.g. en, fr, de, es, sv, root)")
    collator = icu.Collator.createInstance(locale)
    return collator.getSortKey


def published_order(signatories: list[Signatory], groups: Iterable[str], order: Mapping[str, str]) -> list[Signatory]:
    """Groups in the letter's order; within each, as listed or by its named collation.

    Ties under a collation (names ICU finds equal) keep file order, so the result never
    depends on anything but the file and the letter header.
    """
    out: list[Signatory] = []
    for gid in groups:
        members = [s for s in signatories if s.group == gid]
        words = order.get(gid, "as listed").split()
        if words and words[0].lower() == "alphabetical":
            key = _collator(words[1])
            members.sort(key=lambda s: (key(s.name), s.line))
        out.extend(members)
    return out


def load_signatories(
    path: Path,
    groups: Iterable[str],
    *,
    private: Iterable[str] = (),
    order: Mapping[str, str] | None = None,
) -> list[Signatory]:
    """Read the CSV (``group,name[,role][,lang]`` plus private columns), refusing anything ambiguous.

    Returns the published fields only, in the published order (see the module docstring);
    ``private`` names the columns the letter header declares private, ``order`` each group's
    order spec (default: as listed).
    """
    known = list(groups)
    declared = [c.strip().lower() for c in private]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SignatoryError("signatory list not found", path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SignatoryError("not valid UTF-8", path, raw[: exc.start].count(b"\n") + 1) from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SignatoryError("the file is empty; expected the header 'group,name,role'", path, 1) from None
    except csv.Error as exc:
        raise SignatoryError(f"malformed CSV: {exc}", path, 1) from None
    header = [h.strip().lower() for h in header]
    _check_header(header, declared, path)
    out: list[Signatory] = []
    seen: dict[str, Signatory] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise SignatoryError(f"malformed CSV: {exc}", path, reader.line_num) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SignatoryError(f"expected {len(header)} columns, found {len(row)}", path, line)
        cells = {h: cell for h, cell in zip(header, row, strict=True) if h in COLUMNS}
        group, name, role, lang = cells["group"], cells["name"], cells.get("role", ""), cells.get("lang", "")
        if group not in known:
            raise SignatoryError(
                f"unknown group {group!r}; the letter defines {', '.join(known) or 'no groups'}", path, line
            )
        if not name.strip():
            raise SignatoryError("empty name", path, line)
        _check_text(name, "name", path, line)
        if role:
            _check_text(role, "role", path, line)
        if lang and not _LANG_RE.match(lang):
            raise SignatoryError(
                f"lang {lang!r} is not a BCP 47 tag in canonical case (e.g. zh-Hant, ja, pt-BR)", path, line
            )
        key = duplicate_key(name)
        if key in seen:
            raise SignatoryError(
                f"duplicate signatory {name!r}: same as {seen[key].name!r} on line {seen[key].line}", path, line
            )
        signatory = Signatory(group, name, role, line, lang)
        seen[key] = signatory
        out.append(signatory)
    if not out:
        raise SignatoryError("the signatory list has no signatories", path)
    _check_changes(out, path)
    return published_order(out, known, order or {})


def _check_header(header: list[str], declared: list[str], path: Path) -> None:
    if header[:2] != ["group", "name"] or len(set(header)) != len(header):
        raise SignatoryError(
            f"the header must start 'group,name' (then role, lang, private columns), got {','.join(header)!r}", path, 1
        )
    for column in header:
        if column not in COLUMNS and not is_private(column, declared):
            raise SignatoryError(
                f"column {column!r} is neither published ({', '.join(COLUMNS)}) nor private: declare it in the "
                f"letter header ('private: {column}') or rename it '{PRIVATE_PREFIX}{column}'",
                path,
                1,
            )


def _check_changes(signatories: list[Signatory], path: Path) -> None:
    """A withdrawn signatory, or a name since corrected, must not be listed: refuse, naming both files."""
    from letterpipe.source.changes import changes_file, load_changes, standing_changes

    found = changes_file(path.parent)
    if not found.exists():
        return
    standing = standing_changes(load_changes(found))
    for s in signatories:
        change = standing.get(duplicate_key(s.name))
        if change is None:
            continue
        if change.kind == "withdrawn":
            raise SignatoryError(
                f"{s.name!r} was withdrawn on {change.date} ({found.name}:{change.line}); remove the row", path, s.line
            )
        if change.kind == "corrected" and s.name != change.name:
            raise SignatoryError(
                f"{s.name!r} was corrected to {change.name!r} on {change.date} ({found.name}:{change.line})",
                path,
                s.line,
            )


def canonical_form(signatories: Iterable[Signatory]) -> bytes:
    """The documented normal form that the fingerprint hashes.

    One line per signatory in published order: ``group``, ``name`` and ``role`` joined by TAB,
    then, only when the signatory has a ``lang``, a TAB and the tag; each line ends in LF, UTF-8,
    text already NFC (the loader guarantees it). A list without ``lang`` values therefore hashes
    exactly as before the column existed. Private columns never enter it.
    """
    return "".join(
        f"{s.group}\t{s.name}\t{s.role}" + (f"\t{s.lang}" if s.lang else "") + "\n" for s in signatories
    ).encode("utf-8")


def fingerprint(signatories: Iterable[Signatory]) -> str:
    """SHA-256 (hex) of :func:`canonical_form`: the same in every language version."""
    return hashlib.sha256(canonical_form(signatories)).hexdigest()


def to_json(signatories: Iterable[Signatory]) -> bytes:
    """The list as JSON, for attaching to PDFs and release manifests."""
    items = [
        {"group": s.group, "name": s.name, "role": s.role} | ({"lang": s.lang} if s.lang else {}) for s in signatories
    ]
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
