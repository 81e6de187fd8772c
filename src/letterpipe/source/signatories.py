"""The canonical signatory list: loaded from a CSV, checked, and fingerprinted.

Names are untrusted text that must come out byte for byte the same in every language, so the
loader refuses anything ambiguous (stray or doubled spaces, non-NFC text, duplicates that differ
only in case or accents) instead of silently "cleaning" it: a cleaned name is an altered name.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.unitext import ZWJ, ZWNJ, is_default_ignorable

COLUMNS = ("group", "name", "role", "lang")
_LANG_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@dataclass(frozen=True)
class Signatory:
    group: str
    name: str
    role: str
    line: int
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


def load_signatories(path: Path, groups: Iterable[str]) -> list[Signatory]:
    """Read the CSV (``group,name,role``), in print order, refusing anything ambiguous."""
    known = list(groups)
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
    if header[:2] != ["group", "name"] or any(h not in COLUMNS for h in header) or len(set(header)) != len(header):
        raise SignatoryError(
            f"the header must be 'group,name,role,lang' (role and lang optional), got {','.join(header)!r}", path, 1
        )
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
        cells = dict(zip(header, row, strict=True))
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
        if lang and not _LANG_TAG.fullmatch(lang):
            raise SignatoryError(f"lang {lang!r} is not a language tag such as zh-Hant or ja", path, line)
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
    return out


def canonical_form(signatories: Iterable[Signatory]) -> bytes:
    """The documented normal form that the fingerprint hashes.

    One line per signatory in print order: ``group``, ``name`` and ``role`` joined by TAB,
    each line ending in LF, UTF-8, text already NFC (the loader guarantees it).
    """
    return "".join(f"{s.group}\t{s.name}\t{s.role}\n" for s in signatories).encode("utf-8")


def fingerprint(signatories: Iterable[Signatory]) -> str:
    """SHA-256 (hex) of :func:`canonical_form`: the same in every language version."""
    return hashlib.sha256(canonical_form(signatories)).hexdigest()


def to_json(signatories: Iterable[Signatory]) -> bytes:
    """The list as JSON, for attaching to PDFs and release manifests."""
    items = [{"group": s.group, "name": s.name, "role": s.role} for s in signatories]
    return (json.dumps(items, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
