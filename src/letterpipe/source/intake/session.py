"""One import, start to finish: read the export, suggest, plan, show, and write only when asked.

The list is written only after the new bytes pass the real loader (the letter's groups, private
columns, order and withdrawals), by one atomic rename; the coordinator's file is never left
half-written or invalid. The terminal shows names, groups and roles, never a private cell.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.fsutil import write_bytes_atomic
from letterpipe.project import Project
from letterpipe.source.changes import SignatoryChange, changes_file, load_changes, standing_changes
from letterpipe.source.intake.listfile import ListFile
from letterpipe.source.intake.mapping import MAP_FILE, ColumnMap, combine, load_map_file, parse_map, resolve
from letterpipe.source.intake.plan import Candidate, Plan, Suggestion, apply_plan, candidates, make_plan, suggest
from letterpipe.source.intake.read import Table, read_table
from letterpipe.source.letter import Letter, parse_letter
from letterpipe.source.signatories import load_signatories


@dataclass
class Prepared:
    project: Project
    slug: str
    letter: Letter
    table: Table
    mapping: ColumnMap
    candidates: list[Candidate]
    suggestions: list[Suggestion]
    listing: ListFile
    standing: dict[str, SignatoryChange]

    def plan(self, accepted: set[str]) -> Plan:
        return make_plan(self.candidates, self.suggestions, accepted, self.listing, self.standing)


def prepare(
    project: Project,
    slug: str,
    export: Path,
    map_text: str | None = None,
    group: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Prepared:
    letter = parse_letter(project.letter_file(slug))
    letter_dir = project.letter_file(slug).parent
    mapping = combine(load_map_file(letter_dir / MAP_FILE), parse_map(map_text) if map_text else None, group)
    if mapping.default_group and mapping.default_group not in letter.groups:
        raise SignatoryError(f"--group {mapping.default_group!r}: the letter defines {', '.join(letter.groups)}")
    table = read_table(export, encoding, delimiter, sheet)
    mapping = resolve(mapping, table)
    listing = ListFile.read(project.signatories_file(slug), letter.private_columns)
    cands = candidates(table, mapping, letter)
    standing = standing_changes(load_changes(changes_file(letter_dir)))
    return Prepared(project, slug, letter, table, mapping, cands, suggest(cands, listing), listing, standing)


def parse_accept(spec: str | None, suggestions: list[Suggestion]) -> set[str]:
    """``all``, ``none`` or ``F1,F3``; an id that is not suggested is an error, not ignored."""
    if not spec or spec.strip().lower() == "none":
        return set()
    if spec.strip().lower() == "all":
        return {s.id for s in suggestions}
    wanted = {part.strip().upper() for part in spec.split(",") if part.strip()}
    unknown = wanted - {s.id for s in suggestions}
    if unknown:
        raise SignatoryError(
            f"--accept: no suggested fix {', '.join(sorted(unknown))} (suggested: F1..F{len(suggestions)})"
        )
    return wanted


def describe_source(prepared: Prepared) -> list[str]:
    table = prepared.table
    return [
        f"{table.path.name}: {table.description}, {len(table.rows)} rows",
        f"mapping: {prepared.mapping.describe()}",
    ]


def format_suggestion(s: Suggestion, cand: Candidate | None) -> str:
    if s.kind in ("duplicate", "truncated"):
        outcome = f"treat as {s.after!r}, not added" if s.after else "hold the row back"
        change = f"{s.before!r}: {s.message}; if accepted: {outcome}"
    else:
        change = f"{s.message}: {s.before!r} -> {s.after!r}"
    source = cand.shown() if cand else f"row {s.row}"
    return f"{s.id:>4}  {s.field}: {change}\n        {source}"


def format_plan(plan: Plan) -> list[str]:
    lines = []
    for a in plan.actions:
        where = f"row {a.row}"
        if a.kind == "add":
            role = f", role {a.cells.get('role')!r}" if a.cells.get("role") else ""
            lines.append(f"  add     {where:>8}  {a.group}: {a.name!r}{role}")
        else:
            lines.append(f"  {a.kind:<7} {where:>8}  {a.name!r}: {a.detail}")
    lines.append(
        f"{plan.count('add')} to add, {plan.count('change')} to change, {plan.count('skip')} skipped, "
        f"{plan.count('same')} already listed; {len(plan.accepted)} of {len(plan.suggestions)} suggested fixes accepted"
    )
    return lines


def write(prepared: Prepared, plan: Plan) -> bool:
    """Apply the plan to the signatory file; False when there was nothing to change."""
    data = apply_plan(plan, prepared.listing)
    target = prepared.project.signatories_file(prepared.slug)
    if data is None or (target.exists() and target.read_bytes() == data):
        return False
    letter = prepared.letter
    fd, tmp = tempfile.mkstemp(prefix=".import-check.", suffix=".csv", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        order = {gid: letter.order_of(gid) for gid in letter.groups}
        load_signatories(Path(tmp), letter.groups, private=letter.private_columns, order=order)
    except SignatoryError as exc:
        raise SignatoryError(
            f"the merged list would be refused, nothing written: {exc.message}", target, exc.line
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    write_bytes_atomic(target, data)
    return True
