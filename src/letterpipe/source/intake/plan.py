"""What an import would do: suggested fixes first, then per export row add, change, skip or same.

Suggestions are computed once from the export and the list, independently of which are
accepted, so their ids (``F1``, ``F2`` ...) are the same in a dry run and in the run that writes.
The plan is then made from exactly the accepted ones: a value that still fails the loader's
checks is held back (skipped, with the fix that would let it in), never written.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.source.changes import SignatoryChange
from letterpipe.source.intake.clean import (
    apply_fixes,
    clean_fully,
    completes,
    fold_name,
    near_key,
    truncation,
    value_fixes,
)
from letterpipe.source.intake.listfile import ListFile, Record
from letterpipe.source.intake.mapping import ColumnMap, agreed, fold
from letterpipe.source.intake.read import Row, Table
from letterpipe.source.letter import Letter
from letterpipe.source.signatories import _LANG_RE, _check_text, duplicate_key

_NOWHERE = Path("import")


@dataclass(frozen=True)
class Suggestion:
    id: str
    row: int
    field: str
    kind: str
    before: str
    #: The fixed value, for value fixes; the name it merges into, for duplicates; "" to hold the row back.
    after: str
    message: str


@dataclass
class Candidate:
    """One export row, read through the mapping (published fields and private cells only)."""

    row: int
    name: str
    role: str = ""
    lang: str = ""
    group: str = ""
    country: str = ""
    private: dict[str, str] = field(default_factory=dict)
    skip: str = ""

    def shown(self) -> str:
        """The source row as shown to the coordinator: mapped published cells only, never private ones."""
        parts = [f"name={self.name!r}"]
        parts += [f"{k}={v!r}" for k, v in (("group", self.group), ("role", self.role), ("country", self.country)) if v]
        return f"row {self.row}: " + ", ".join(parts)


@dataclass
class Action:
    kind: str  # add, change, skip, same
    row: int
    name: str
    detail: str = ""
    group: str = ""
    cells: dict[str, str] = field(default_factory=dict)
    #: Export column -> value, for the private columns.
    private: dict[str, str] = field(default_factory=dict)
    target: Record | None = None


@dataclass
class Plan:
    suggestions: list[Suggestion]
    actions: list[Action]
    accepted: set[str]

    def count(self, kind: str) -> int:
        return sum(a.kind == kind for a in self.actions)

    @property
    def writes(self) -> bool:
        return any(a.kind in ("add", "change") for a in self.actions)


def candidates(table: Table, mapping: ColumnMap, letter: Letter) -> list[Candidate]:
    cols = mapping.columns
    out = []
    for row in table.rows:
        cell = _getter(row)
        cand = Candidate(
            row.number,
            cell(cols["name"]),
            role=cell(cols.get("role")),
            lang=cell(cols.get("lang")).strip(),
            country=cell(cols.get("country")).strip(),
            private={c: cell(c) for c in mapping.private},
        )
        cand.group = _group(cell(cols.get("group")), mapping, letter)
        if "consent" in cols and not agreed(cell(cols["consent"])):
            cand.skip = f"did not agree to be listed ({cell(cols['consent']).strip() or 'no answer'!r})"
        elif not cand.name.strip():
            cand.skip = "no name"
        elif not cand.group:
            given = cell(cols.get("group")).strip()
            cand.skip = (
                f"group {given!r} is none of the letter's ({', '.join(letter.groups)})"
                if given
                else "no group: map a group column or pass --group"
            )
        out.append(cand)
    return out


def _getter(row: Row):
    return lambda column: row.cells.get(column, "") if column else ""


def _group(value: str, mapping: ColumnMap, letter: Letter) -> str:
    value = fold(value)
    if not value:
        return mapping.default_group or ""
    if value in mapping.group_values:
        return mapping.group_values[value]
    for gid, heading in letter.groups.items():
        if value in (fold(gid), fold(heading.text)):
            return gid
    singular = {near_key(gid).removesuffix("s"): gid for gid in letter.groups}
    return singular.get(near_key(value).removesuffix("s"), "")


def suggest(cands: list[Candidate], listing: ListFile) -> list[Suggestion]:
    """Every suggested fix, numbered in row order (see the module docstring).

    A near-duplicate of a listed name merges into the listed one (the list is authoritative);
    of two new rows, the shorter merges into the longer, which is usually the unabbreviated.
    """
    found: list[tuple[int, int, str, str, str, str, str]] = []
    live = [c for c in cands if not c.skip]
    existing = [(r.cells["name"], f"{listing.path.name}:{r.line}") for r in listing.records if r.cells.get("name")]
    existing_near: dict[str, tuple[str, str]] = {}
    for name, where in existing:
        existing_near.setdefault(near_key(name), (name, where))
    prefixes = _Prefixes([n for n, _ in existing] + [clean_fully(c.name) for c in live])
    seen_keys: set[str] = set()
    earlier: dict[str, Candidate] = {}

    def add(c: Candidate, field_name: str, kind: str, before: str, after: str, message: str) -> None:
        found.append((c.row, len(found), field_name, kind, before, after, message))

    for c in live:
        clean = clean_fully(c.name)
        key = duplicate_key(clean)
        record = listing.find(clean)
        is_new = record is None and key not in seen_keys
        seen_keys.add(key)
        if is_new:
            for kind, text, fixed in value_fixes(c.name):
                add(c, "name", kind, c.name, fixed, text)
        listed_role = record.cells.get("role", "") if record is not None else ""
        if c.role and (is_new or (record is not None and duplicate_key(c.role) != duplicate_key(listed_role))):
            for kind, text, fixed in value_fixes(c.role):
                add(c, "role", kind, c.role, fixed, text)
        if not is_new:
            continue
        near = near_key(clean, c.country)
        match = existing_near.get(near)
        other = earlier.get(near)
        if match:
            add(c, "name", "duplicate", clean, match[0], f"looks like {match[0]!r} ({match[1]}): the same signatory")
        elif other is not None:
            drop, keep = (other, c) if len(clean) > len(clean_fully(other.name)) else (c, other)
            countries = ""
            if other.country and c.country and fold(other.country) != fold(c.country):
                countries = f", entered with different countries ({drop.country!r} here, {keep.country!r} there)"
            keep_name = clean_fully(keep.name)
            add(
                drop,
                "name",
                "duplicate",
                clean_fully(drop.name),
                keep_name,
                f"looks like {keep_name!r} (row {keep.row}{countries}): the same signatory",
            )
        else:
            longer = prefixes.completion(clean)
            why = f"it is the start of {longer!r}" if longer else truncation(clean)
            if why:
                add(c, "name", "truncated", clean, longer or "", f"looks cut off: {why}")
        earlier.setdefault(near, c)
    found.sort()
    return [Suggestion(f"F{i}", row, f, kind, b, a, m) for i, (row, _, f, kind, b, a, m) in enumerate(found, 1)]


class _Prefixes:
    """Names by their folded form, to find one that another is the cut-off start of, in log time."""

    def __init__(self, names: list[str]) -> None:
        self.folded = sorted((fold_name(n), n) for n in names)

    def completion(self, short: str) -> str | None:
        start = fold_name(short)
        index = bisect.bisect_right(self.folded, (start, "\U0010ffff"))
        if index < len(self.folded) and completes(short, self.folded[index][1]):
            return self.folded[index][1]
        return None


def make_plan(
    cands: list[Candidate],
    suggestions: list[Suggestion],
    accepted: Iterable[str],
    listing: ListFile,
    standing: dict[str, SignatoryChange],
) -> Plan:
    """Per candidate what happens, given the accepted suggestion ids."""
    accepted = set(accepted)
    taken = {(s.row, s.field): set() for s in suggestions}
    merge: dict[int, Suggestion] = {}
    for s in suggestions:
        if s.id in accepted:
            if s.kind in ("duplicate", "truncated"):
                merge[s.row] = s
            else:
                taken[(s.row, s.field)].add(s.kind)
    pending = {
        (s.row, s.field): s for s in suggestions if s.id not in accepted and s.kind not in ("duplicate", "truncated")
    }
    actions: list[Action] = []
    #: Key -> the first export row that decided it (added or compared): later repeats are skipped.
    added: dict[str, int] = {}
    for c in cands:
        if c.skip:
            actions.append(Action("skip", c.row, c.name, c.skip))
            continue
        name = apply_fixes(c.name, taken.get((c.row, "name"), set()))
        role = apply_fixes(c.role, taken.get((c.row, "role"), set()))
        key = duplicate_key(clean_fully(name))
        record = listing.find(clean_fully(name))
        problem = _problem(name, "name") or (role and _problem(role, "role")) or _lang_problem(c.lang)
        change = standing.get(key)
        hint = [s.id for k, s in pending.items() if k[0] == c.row]
        fix = f" (accept {', '.join(hint)} to fix)" if hint else ""
        if change is not None and change.kind == "withdrawn":
            actions.append(Action("skip", c.row, name, f"withdrawn on {change.date}: {change.reason}"))
        elif change is not None and clean_fully(name) != change.name:
            actions.append(Action("skip", c.row, name, f"corrected to {change.name!r} on {change.date}"))
        elif key in added:
            first = next(o for o in cands if o.row == added[key])
            countries = (
                f", entered with different countries ({c.country!r} here, {first.country!r} there)"
                if c.country and first.country and fold(c.country) != fold(first.country)
                else ""
            )
            actions.append(Action("skip", c.row, name, f"same as row {added[key]}{countries}"))
        elif record is not None:
            role_problem = (role and _problem(role, "role")) or _lang_problem(c.lang)
            if role_problem:
                actions.append(Action("skip", c.row, name, role_problem + fix))
            else:
                added[key] = c.row
                actions.append(_compare(c, role, record, listing))
        elif problem:
            actions.append(Action("skip", c.row, name, problem + fix))
        elif c.row in merge:
            s = merge[c.row]
            target = f"the same signatory as {s.after!r}" if s.after else "held back as cut off"
            actions.append(Action("skip", c.row, name, f"{target} ({s.id} accepted)"))
        else:
            added[key] = c.row
            cells = {"group": c.group, "name": name, "role": role, "lang": c.lang}
            actions.append(Action("add", c.row, name, group=c.group, cells=cells, private=dict(c.private)))
    return Plan(suggestions, actions, accepted & {s.id for s in suggestions})


def _problem(value: str, what: str) -> str:
    try:
        _check_text(value, what, _NOWHERE, 0)
    except SignatoryError as exc:
        return exc.message
    return ""


def _lang_problem(lang: str) -> str:
    return (
        f"lang {lang!r} is not a BCP 47 tag in canonical case (e.g. zh-Hant)"
        if lang and not _LANG_RE.match(lang)
        else ""
    )


def _compare(c: Candidate, role: str, record: Record, listing: ListFile) -> Action:
    cells = record.cells
    listed = cells.get("name", "")
    where = f"{listing.path.name}:{record.line}"
    changes: dict[str, str] = {}
    if c.group != cells.get("group"):
        changes["group"] = c.group
    if role and role != cells.get("role", ""):
        changes["role"] = role
    if c.lang and c.lang != cells.get("lang", ""):
        changes["lang"] = c.lang
    private_changed = {
        k: v for k, v in c.private.items() if v.strip() and v != cells.get(listing.private_column(k, add=False), "")
    }
    if not changes and not private_changed:
        return Action("same", c.row, listed, f"already listed ({where})")
    shown = [f"{k} {cells.get(k, '')!r} -> {v!r}" for k, v in changes.items()]
    shown += [f"private column {k!r} updated" for k in private_changed]
    detail = f"{where}: " + "; ".join(shown)
    return Action("change", c.row, listed, detail, group=c.group, cells=changes, private=private_changed, target=record)


def apply_plan(plan: Plan, listing: ListFile) -> bytes | None:
    """The new file's bytes with every add and change of the plan, or None when nothing changes."""
    if not plan.writes:
        return None
    for action in plan.actions:
        if action.kind not in ("add", "change"):
            continue
        cells = {listing.column_for(k): v for k, v in action.cells.items() if v or k in ("group", "name")}
        cells |= {listing.private_column(k): v for k, v in action.private.items() if v}
        if action.kind == "add":
            listing.append(cells)
        elif action.target is not None:
            listing.update(action.target, cells)
    return listing.render()
