"""The ``letterpipe`` command: the coordinator's tools, plus the pipeline stages (``stages.py``).

User errors (:class:`LetterpipeError`) are printed as ``file:line: message`` with their exit
code, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from letterpipe import __version__
from letterpipe.errors import LetterpipeError, VerificationError
from letterpipe.pipeline.stages import Handler, add_stage_parsers
from letterpipe.project import Project

if TYPE_CHECKING:
    from letterpipe.publish.status import LetterStatus


def _letters(project: Project, args: argparse.Namespace) -> list[str]:
    return [args.letter] if getattr(args, "letter", None) else project.letters()


def build(project: Project, args: argparse.Namespace) -> int:
    """Run the workflow, then report where every version stands (even after a failure)."""
    from letterpipe.pipeline.workflow import run_snakemake

    code = run_snakemake(project, args.targets, args.snakemake_args, args.profile)
    _report(project, project.letters())
    return code


def release(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.pipeline.workflow import run_snakemake

    code = run_snakemake(project, ["release"], args.snakemake_args, args.profile)
    statuses = _report(project, project.letters())
    if code == 0:
        return 0
    print("\nletterpipe: release blocked; nothing was released. What blocks it:", file=sys.stderr)
    for entry in statuses:
        for line in entry.blockers():
            print(f"  {line}", file=sys.stderr)
    return VerificationError.exit_code


def _report(project: Project, slugs: list[str]) -> list[LetterStatus]:
    """Print and write where every version stands: status.json per letter, build/index.html."""
    from letterpipe.fsutil import write_if_changed
    from letterpipe.publish.status import format_table, letter_status
    from letterpipe.render.index import render_build_index

    statuses = [letter_status(project, slug) for slug in slugs]
    for entry in statuses:
        write_if_changed(project.build / entry.letter / "status.json", entry.to_json())
        print(format_table(entry))
    write_if_changed(project.build / "index.html", render_build_index(project, statuses).encode("utf-8"))
    return statuses


def status(project: Project, args: argparse.Namespace) -> int:
    _report(project, _letters(project, args))
    return 0


def init(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.maintain import init_language

    for slug in _letters(project, args):
        print(init_language(project, slug, args.lang))
    return 0


def update(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.maintain import update_catalogs

    for slug in _letters(project, args):
        for line in update_catalogs(project, slug):
            print(line)
    return 0


def signatories_import(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.source.intake.command import run

    return run(project, args)


def _add_signatories_parser(sub: argparse._SubParsersAction) -> None:
    """``letterpipe signatories import``: merge a signature form's export into a letter's list."""
    from letterpipe.source.intake.command import add_arguments

    actions = sub.add_parser("signatories", help="manage a letter's signatory list").add_subparsers(
        dest="signatories_action", required=True, metavar="ACTION"
    )
    help = "merge a form export (CSV or XLSX) into signatories.csv: dry run unless --write"
    p = actions.add_parser("import", help=help, description=help)
    p.set_defaults(handler=signatories_import)
    add_arguments(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="letterpipe", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"letterpipe {__version__}")
    parser.add_argument("-C", "--project", help="project folder (default: nearest with letters/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler | None, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = add("build", build, "build every letter in every language (runs the Snakemake workflow)")
    p.add_argument("targets", nargs="*", help="Snakemake targets (default: everything)")
    p.add_argument("--snakemake-args", default="", help="extra arguments passed to snakemake, quoted")
    p.add_argument("--profile", help="Snakemake profile folder, e.g. profiles/slurm to run every job on Slurm")
    p = add("release", release, "build, check and verify everything, then write build/<letter>/release/")
    p.add_argument("--snakemake-args", default="", help="extra arguments passed to snakemake, quoted")
    p.add_argument("--profile", help="Snakemake profile folder, e.g. profiles/slurm to run every job on Slurm")
    add("status", status, "per letter and language: counts, findings, pages and state").add_argument("--letter")
    p = add("init", init, "start a new language: locale/<lang>/LC_MESSAGES/<letter>.po")
    p.add_argument("lang")
    p.add_argument("--letter")
    add("update", update, "write the current template and merged catalogs into locale/").add_argument("--letter")
    add("doctor", None, "check fonts, libraries and tools, and say how to fix what is missing")
    _add_signatories_parser(sub)
    add_stage_parsers(add)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "doctor":
            from letterpipe.doctor import run_doctor

            found = args.project or Path("letters").is_dir()
            return run_doctor(Project.find(Path(args.project) if args.project else None) if found else None)
        project = Project.find(Path(args.project) if args.project else None)
        return int(args.handler(project, args))
    except LetterpipeError as exc:
        print(f"letterpipe: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
