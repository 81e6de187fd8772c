"""The canonical signatory list: loaded from a CSV, checked, and fingerprinted.

Names are untrusted text that must come out byte for byte the same in every language, so the
loader refuses anything ambiguous (stray or doubled spaces, non-NFC text, duplicates that differ
only in case or accents) instead of silently "cleaning" it: a cleaned name is an altered name.
"""

from __future__ import annotations

import csv
import hashlib
import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError

COLUMNS = ("group", "name", "role")


@dataclass(frozen=True)
class Signatory:
    group: str
    name: str
    role: str
    line: int

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
    """Case, spacing and diacritics folded away: two names equal here are the same signatory."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split())


def _check_text(value: str, what: str, path: Path, line: int) -> None:
    if value != value.strip():
        raise SignatoryError(f"{what} {value!r} has leading or trailing spaces", path, line)
    if "  " in value or any(c in value for c in "\t\n\r\u00a0"):
        raise SignatoryError(f"{what} {value!r} has doubled or unusual white space", path, line)
    if unicodedata.normalize("NFC", value) != value:
        raise SignatoryError(f"{what} {value!r} is not in Unicode NFC; save the CSV as NFC", path, line)
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200d\u200c":
            raise SignatoryError(f"{what} {value!r} contains the invisible character U+{ord(char):04X}", path, line)


def load_signatories(path: Path, groups: Iterable[str]) -> list[Signatory]:
    """Read the CSV (``group,name,role``), in print order, refusing anything ambiguous."""
    known = list(groups)
    from letterpipe.limits import MAX_CSV_BYTES, read_limited

    raw = read_limited(path, MAX_CSV_BYTES, "signatory list", SignatoryError)
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
        got = ",".join(header)
        got = got if len(got) <= 40 else got[:39] + "…"
        raise SignatoryError(f"the header must be 'group,name,role' (role optional), got {got!r}", path, 1)
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
        group, name, role = cells["group"], cells["name"], cells.get("role", "")
        if group not in known:
            raise SignatoryError(
                f"unknown group {group!r}; the letter defines {', '.join(known) or 'no groups'}", path, line
            )
        if not name.strip():
            raise SignatoryError("empty name", path, line)
        _check_text(name, "name", path, line)
        if role:
            _check_text(role, "role", path, line)
        key = duplicate_key(name)
        if key in seen:
            raise SignatoryError(
                f"duplicate signatory {name!r}: same as {seen[key].name!r} on line {seen[key].line}", path, line
            )
        signatory = Signatory(group, name, role, line)
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
