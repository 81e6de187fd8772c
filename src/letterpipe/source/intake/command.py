"""``letterpipe signatories import``: a dry run by default; ``--write`` applies; a TTY asks.

Without ``--accept``, suggested fixes are asked one by one when standard input is a terminal
and ``--write`` is given, and otherwise none is accepted. With ``--write`` on a terminal the
plan is confirmed before writing. Exit code 0, or 3 (a :class:`SignatoryError`) on bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from letterpipe.project import Project
from letterpipe.source.intake.session import (
    Prepared,
    describe_source,
    format_plan,
    format_suggestion,
    parse_accept,
    prepare,
    write,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("letter", help="the letter (folder name under letters/)")
    p.add_argument("export", help="the form export: .csv (any common encoding and delimiter) or .xlsx")
    p.add_argument(
        "--map", dest="map_text", help="name=COLUMN,group=COLUMN,role=,lang=,consent=,country=,private=COLUMN"
    )
    p.add_argument("--group", help="group id for rows without a group column or value")
    p.add_argument("--encoding", help="the CSV's encoding (default: detected)")
    p.add_argument("--delimiter", help="the CSV's delimiter (default: sniffed among , ; and tab)")
    p.add_argument("--sheet", help="the XLSX sheet (default: the first)")
    p.add_argument("--accept", help="suggested fixes to apply: all, none, or ids such as F1,F3")
    p.add_argument("--write", action="store_true", help="write signatories.csv (default: only show what would change)")
    p.add_argument("--save-map", action="store_true", help="save the mapping as letters/<letter>/import.toml")


def run(project: Project, args: argparse.Namespace, ask: Callable[[str], str] = input) -> int:
    from pathlib import Path

    if args.delimiter == "\\t" or (args.delimiter or "").lower() == "tab":
        args.delimiter = "\t"
    prepared = prepare(
        project, args.letter, Path(args.export), args.map_text, args.group, args.encoding, args.delimiter, args.sheet
    )
    for line in describe_source(prepared):
        print(line)
    if args.save_map:
        from letterpipe.fsutil import write_text_atomic
        from letterpipe.source.intake.mapping import MAP_FILE, map_file_text

        saved = project.letter_file(args.letter).parent / MAP_FILE
        write_text_atomic(saved, map_file_text(prepared.mapping))
        print(f"saved the mapping to {project.relative(saved)}")
    interactive = args.write and args.accept is None and sys.stdin.isatty()
    accepted = _ask_each(prepared, ask) if interactive else parse_accept(args.accept, prepared.suggestions)
    if prepared.suggestions and not interactive:
        print(f"\nsuggested fixes (apply with --accept all, or --accept {prepared.suggestions[0].id},...):")
        by_row = {c.row: c for c in prepared.candidates}
        for s in prepared.suggestions:
            mark = "accepted" if s.id in accepted else "not accepted"
            print(format_suggestion(s, by_row.get(s.row)) + f"  [{mark}]")
    plan = prepared.plan(accepted)
    print("\nplan:")
    for line in format_plan(plan):
        print(line)
    target = project.relative(project.signatories_file(args.letter))
    if not plan.writes:
        print(f"nothing to change in {target}")
        return 0
    if not args.write:
        print(f"dry run: {target} not written; rerun with --write to apply")
        return 0
    if sys.stdin.isatty() and ask(f"write these changes to {target}? [y/N] ").strip().lower() not in ("y", "yes"):
        print("nothing written")
        return 0
    print(f"wrote {target}" if write(prepared, plan) else f"nothing to change in {target}")
    return 0


def _ask_each(prepared: Prepared, ask: Callable[[str], str]) -> set[str]:
    by_row = {c.row: c for c in prepared.candidates}
    accepted: set[str] = set()
    for s in prepared.suggestions:
        print(format_suggestion(s, by_row.get(s.row)))
        answer = ask("accept? [y/N/a=all remaining/q=none remaining] ").strip().lower()
        if answer in ("a", "all"):
            accepted |= {t.id for t in prepared.suggestions[prepared.suggestions.index(s) :]}
            break
        if answer in ("q", "quit"):
            break
        if answer in ("y", "yes"):
            accepted.add(s.id)
    return accepted
