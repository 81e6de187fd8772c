"""Withdrawals and corrections of signatories, with a reason and a date, kept beside the letter.

``letters/<letter>/signatory-changes.csv`` is a history, one row per event, never rewritten::

    date,kind,group,name,previous,reason
    2021-10-04,withdrawn,organisations,Example Org,,Asked to be removed after a board decision
    2021-10-05,corrected,organisations,Fundación Karisma,Fundacion Karisma,Spelling requested by the organisation
    2021-11-02,rejoined,organisations,Example Org,,Board reversed its decision

``withdrawn`` names a signatory that must no longer be listed; ``corrected`` gives the current
name and the ``previous`` one (equal when only the role or group was corrected); ``rejoined``
lifts an earlier withdrawal. The loader refuses a list that still carries a withdrawn or
superseded name, and the import skips them. ``reason`` is published in the release changelog:
write it for readers. Columns named ``private:...`` are allowed for notes that stay private.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError

FILE_NAME = "signatory-changes.csv"
KINDS = ("withdrawn", "corrected", "rejoined")
_COLUMNS = ("date", "kind", "group", "name", "previous", "reason")
_REQUIRED = ("date", "kind", "name", "reason")


@dataclass(frozen=True)
class SignatoryChange:
    """One withdrawal, correction or return: what a release changelog lists."""

    date: dt.date
    kind: str
    name: str
    reason: str
    group: str = ""
    previous: str = ""
    line: int = 0


def changes_file(letter_dir: Path) -> Path:
    return letter_dir / FILE_NAME


def load_changes(path: Path) -> list[SignatoryChange]:
    """Every recorded change, in file order; a missing file means none. Errors name file and line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return []
    except UnicodeDecodeError:
        raise SignatoryError("not valid UTF-8", path) from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
        rows = [(reader.line_num, row) for row in reader]
    except StopIteration:
        return []
    except csv.Error as exc:
        raise SignatoryError(f"malformed CSV: {exc}", path, reader.line_num) from None
    for column in header:
        if column not in _COLUMNS and not column.startswith("private:"):
            raise SignatoryError(f"unknown column {column!r} (known: {', '.join(_COLUMNS)}, private:...)", path, 1)
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise SignatoryError(f"the header lacks {', '.join(missing)}", path, 1)
    out: list[SignatoryChange] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SignatoryError(f"expected {len(header)} columns, found {len(row)}", path, line)
        cells = {h: c.strip() for h, c in zip(header, row, strict=True) if not h.startswith("private:")}
        kind = cells["kind"].lower()
        if kind not in KINDS:
            raise SignatoryError(f"kind must be one of {', '.join(KINDS)}, got {cells['kind']!r}", path, line)
        try:
            date = dt.date.fromisoformat(cells["date"])
        except ValueError:
            raise SignatoryError(f"date must be YYYY-MM-DD, got {cells['date']!r}", path, line) from None
        if not cells["name"] or not cells["reason"]:
            raise SignatoryError("every change needs a name and a reason", path, line)
        if kind == "corrected" and not cells.get("previous"):
            raise SignatoryError(
                "a correction needs the previous name (the same name if only the role changed)", path, line
            )
        out.append(
            SignatoryChange(
                date, kind, cells["name"], cells["reason"], cells.get("group", ""), cells.get("previous", ""), line
            )
        )
    return out


def standing_changes(changes: list[SignatoryChange]) -> dict[str, SignatoryChange]:
    """Names that must not be listed now, by duplicate key: withdrawn (not since rejoined) or superseded.

    A correction is keyed by its previous name; any spelling under that key other than the
    corrected name itself is superseded (so a correction that only adds an accent still holds).
    """
    from letterpipe.source.signatories import duplicate_key

    standing: dict[str, SignatoryChange] = {}
    for change in sorted(changes, key=lambda c: (c.date, c.line)):
        if change.kind == "withdrawn":
            standing[duplicate_key(change.name)] = change
        elif change.kind == "rejoined":
            standing.pop(duplicate_key(change.name), None)
        else:
            if duplicate_key(change.previous) != duplicate_key(change.name):
                standing.pop(duplicate_key(change.name), None)
            standing[duplicate_key(change.previous)] = change
    return standing


def changes_since(letter_dir: Path, since: dt.date | None = None) -> list[SignatoryChange]:
    """The changes a release changelog lists: those dated after ``since`` (all when None), by date.

    Each record carries ``name``, ``kind`` (withdrawn, corrected, rejoined), ``reason``, ``date``,
    and ``group``/``previous`` when given. Private columns are never read into it.
    """
    changes = load_changes(changes_file(letter_dir))
    return sorted((c for c in changes if since is None or c.date > since), key=lambda c: (c.date, c.line))
