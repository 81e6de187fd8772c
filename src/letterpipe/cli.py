"""The ``letterpipe`` command: the coordinators' and translators' tools.

The pipeline stages the workflow runs (``pipeline/stages.py``) are grouped apart under
``letterpipe stage``, so ``letterpipe --help`` shows only what a person runs.

User errors (:class:`LetterpipeError`) are printed as ``file:line: message`` with their exit
code, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from letterpipe import __version__
from letterpipe.errors import LetterpipeError, VerificationError
from letterpipe.pipeline.stages import Handler, add_stage_parsers
from letterpipe.project import Project

if TYPE_CHECKING:
    from rich.console import Console

    from letterpipe.publish.signing import SignerConfig
    from letterpipe.publish.status import LetterStatus


def _letters(project: Project, args: argparse.Namespace) -> list[str]:
    return [args.letter] if getattr(args, "letter", None) else project.letters()


def _console(args: argparse.Namespace) -> tuple[Console, str]:
    """Where progress goes (stderr) and how: ``live`` on a terminal, ``lines`` elsewhere or with
    ``-v`` (the Snakemake log is shown too), ``quiet`` with ``-q``. Rich honours ``NO_COLOR``."""
    from rich.console import Console

    console = Console(stderr=True, highlight=False)
    if getattr(args, "quiet", False):
        return console, "quiet"
    if getattr(args, "verbose", False) or not console.is_terminal:
        return console, "lines"
    return console, "live"


def _run(project: Project, args: argparse.Namespace, targets: list[str], config: dict | None = None) -> int:
    """Run the workflow with a progress display; then name each failed version and its first error."""
    from letterpipe.pipeline.progress import Progress
    from letterpipe.pipeline.workflow import run_snakemake

    console, mode = _console(args)
    progress = Progress(project, mode, console)
    with progress:
        profile = getattr(args, "profile", None)
        code = run_snakemake(
            project, targets, args.snakemake_args, progress, verbose=args.verbose, config=config, profile=profile
        )
    if code == 0 and progress.total == 0 and mode != "quiet":
        console.print("Nothing to be done: every version is up to date.")
    failures = progress.failures()
    if failures:
        print(f"\nletterpipe: {len(failures)} version(s) failed (logs in build/logs/):", file=sys.stderr)
        for failure in failures:
            message = failure.message.replace("\n", "\n    ")
            print(f"  {failure.version} ({failure.stage}): {message}", file=sys.stderr)
    elif code != 0:
        print("\nletterpipe: the workflow stopped; see build/logs/snakemake.log", file=sys.stderr)
    return code


def _check_releases(project: Project, slugs: list[str]) -> None:
    """Refuse to go on when a file of any release of these letters was altered."""
    from letterpipe.publish.releases import check_releases

    for slug in slugs:
        check_releases(project, slug)


def _warn_behind(project: Project) -> None:
    """Say when the committed template or catalogs lag behind the letter (the build never writes locale/)."""
    from letterpipe.catalogs.maintain import behind

    for slug in project.letters():
        try:
            stale = behind(project, slug)
        except LetterpipeError:
            continue
        if stale:
            print(
                f"letterpipe: warning: {', '.join(stale)} behind the letter; run 'letterpipe update'", file=sys.stderr
            )


def build(project: Project, args: argparse.Namespace) -> int:
    """Run the workflow, then report where every version stands (even after a failure)."""
    _check_releases(project, project.letters())
    code = _run(project, args, args.targets)
    _warn_behind(project)
    statuses = _report(project, project.letters(), quiet=args.quiet)
    rejected = [line for entry in statuses if entry.rejected for line in entry.problems]
    for entry in statuses:
        rejected += [p for s in entry.languages for p in s.problems if ": not built: " in p]
    for line in rejected:
        print(f"letterpipe: error: {line}", file=sys.stderr)
    return 0 if code == 0 and not rejected else 1


def release(project: Project, args: argparse.Namespace) -> int:
    """Build the letters, then release each that changed since its latest release, each on its own:
    one letter's refusal never stops or touches another's release."""
    from letterpipe.publish.signing import resolve_config, signing_environment

    slugs = _letters(project, args)
    if args.letter and args.letter not in project.letters():
        raise LetterpipeError(f"no letter {args.letter!r}: letters/{args.letter}/letter.md does not exist")
    _check_releases(project, slugs)
    date = args.date or dt.datetime.now(dt.UTC).date().isoformat()
    with signing_environment(project.root, args.pkcs12, args.sign_key, args.sign_cert, args.sign_chain) as line:
        code = _release(project, args, slugs, date, resolve_config(project.root))
    print(line)
    return code


def _release(
    project: Project, args: argparse.Namespace, slugs: list[str], date: str, signer: SignerConfig | None
) -> int:
    """The release inside the signing environment: build, plan, render the new number, write."""
    from letterpipe.pipeline.workflow import letter_targets
    from letterpipe.publish.release import make_release, plan_release

    _run(project, args, [t for slug in slugs for t in letter_targets(project, slug)])
    _report(project, slugs, quiet=True)
    refused: dict[str, str] = {}
    plans = []
    for slug in slugs:
        try:
            plan = plan_release(project, slug, date, signer is not None)
        except LetterpipeError as exc:
            refused[slug] = str(exc)
            continue
        if plan.pending is None:
            latest = plan.latest or {}
            print(f"{slug}: nothing changed since version {latest.get('version')} of {latest.get('date')}; "
                  "nothing released")  # fmt: skip
        else:
            plans.append(plan)
    if plans:
        pending = {p.letter: {"version": p.pending.version, "date": p.pending.date} for p in plans if p.pending}
        _run(
            project,
            args,
            [t for p in plans for t in letter_targets(project, p.letter)],
            {"letterpipe_release": pending},
        )
        for plan in plans:
            try:
                done = make_release(project, plan, signer)
            except LetterpipeError as exc:
                refused[plan.letter] = str(exc)
                continue
            print(f"{plan.letter}: released version {plan.pending.version} of {plan.pending.date}"  # type: ignore[union-attr]
                  f" in {project.relative(done.folder)}/")  # fmt: skip
            print(f"  files: {', '.join(done.files)}")
            for line in done.signed:
                print(f"  {line}")
            print(f"  fingerprint: {done.fingerprint}")
            print(f"  changes: {done.summary}")
    statuses = _report(project, slugs, quiet=args.quiet)
    if not refused and not any(entry.rejected for entry in statuses):
        return 0
    for entry in statuses:
        if entry.letter in refused:
            print(f"\nletterpipe: {entry.letter}: release refused; nothing was released for it. Why:", file=sys.stderr)
            for line in entry.blockers() or refused[entry.letter].splitlines()[1:] or [refused[entry.letter]]:
                print(f"  {line}", file=sys.stderr)
    return VerificationError.exit_code


def check_release(args: argparse.Namespace) -> int:
    """What a recipient runs: signatures, checksums and fingerprints of a release folder."""
    from letterpipe.publish.check import check_release as check

    result = check(Path(args.folder), Path(args.trust))
    for name in result.checked:
        print(f"checked {name}")
    if result.ok:
        print(f"{args.folder}: every signature, checksum and fingerprint checks against {args.trust}")
        return 0
    for problem in result.problems:
        print(f"FAILED {problem}", file=sys.stderr)
    return VerificationError.exit_code


def _report(project: Project, slugs: list[str], quiet: bool = False) -> list[LetterStatus]:
    """Print and write where every version stands: status.json per letter, build/index.html."""
    from letterpipe.fsutil import write_if_changed
    from letterpipe.publish.status import format_table, letter_status, rejected_letter_statuses
    from letterpipe.render.index import render_build_index

    statuses = [letter_status(project, slug) for slug in slugs] + rejected_letter_statuses(project)
    for entry in statuses:
        if not entry.rejected:
            write_if_changed(project.build / entry.letter / "status.json", entry.to_json())
        if not quiet:
            print(format_table(entry))
    everything = statuses
    if slugs != project.letters():
        everything = [letter_status(project, s) for s in project.letters()] + rejected_letter_statuses(project)
    write_if_changed(project.build / "index.html", render_build_index(project, everything).encode("utf-8"))
    return statuses


def status(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.errors import ReleaseIntegrityError

    statuses = _report(project, _letters(project, args))
    altered = [entry.release_problem for entry in statuses if entry.release_problem]
    for problem in altered:
        print(f"letterpipe: error: {problem}", file=sys.stderr)
    return ReleaseIntegrityError.exit_code if altered else 0


def init(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.interface_update import init_override
    from letterpipe.catalogs.maintain import init_language

    if args.interface:
        print(init_override(project, args.lang))
        return 0
    for slug in _letters(project, args):
        print(init_language(project, slug, args.lang))
    return 0


def update(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.interface_update import update_overrides
    from letterpipe.catalogs.maintain import update_catalogs

    for slug in _letters(project, args):
        for line in update_catalogs(project, slug):
            print(line)
    for line in update_overrides(project):
        print(line)
    return 0


def _iso_date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def approve(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.publish.approval import approve as record_approval
    from letterpipe.publish.approval import default_approver

    print(record_approval(project, args.letter, args.lang, args.by or default_approver()))
    return 0


def diff(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.publish.approval import diff_lines

    for line in diff_lines(project, args.letter, args.lang):
        print(line)
    return 0


def new(project: Project | None, args: argparse.Namespace) -> int:
    from letterpipe.scaffold import new_project

    for line in new_project(Path(args.folder), args.letter):
        print(line)
    return 0


def preview(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.live.server import serve

    return serve(project, args.lang, args.letter, args.port)


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
    parser = argparse.ArgumentParser(
        prog="letterpipe",
        description="Publish one letter in many languages, with exactly the same signatories in each.",
        epilog="Pipeline stages (run by the workflow, not by hand): letterpipe stage --help",
    )
    parser.add_argument("--version", action="version", version=f"letterpipe {__version__}")
    parser.add_argument("-C", "--project", help="project folder (default: the nearest one with letters/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler | None, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    letter_help = "only this letter (its folder name under letters/; default: every letter)"
    snakemake_help = "extra arguments passed to snakemake, quoted as one argument"

    def output_options(p: argparse.ArgumentParser) -> None:
        group = p.add_mutually_exclusive_group()
        group.add_argument("-q", "--quiet", action="store_true", help="print only errors and what was released")
        group.add_argument("-v", "--verbose", action="store_true", help="also show Snakemake's job log")
        p.add_argument("--snakemake-args", default="", help=snakemake_help)

    p = add("build", build, "build every letter in every language (runs the Snakemake workflow)")
    p.add_argument("targets", nargs="*", help="Snakemake targets (default: everything)")
    output_options(p)
    p.add_argument("--profile", help="Snakemake profile folder, e.g. profiles/slurm to run every job on Slurm")
    p = add("release", release, "build and verify, then write build/<letter>/releases/<N>/ if anything changed")
    p.add_argument("letter", nargs="?", help="the letter to release (default: every letter)")
    p.add_argument("--date", type=_iso_date, help="the release date printed in the colophon (default: today, UTC)")
    output_options(p)
    p.add_argument("--profile", help="Snakemake profile folder, e.g. profiles/slurm to run every job on Slurm")
    sign = p.add_argument_group(
        "signing (default: [signing] in letterpipe.toml; password from $LETTERPIPE_SIGN_PASSWORD)"
    )
    sign.add_argument("--pkcs12", help="the coalition's key and certificate as a PKCS#12 file")
    sign.add_argument("--sign-key", help="the coalition's private key (PEM or DER)")
    sign.add_argument("--sign-cert", help="the coalition's certificate (PEM or DER)")
    sign.add_argument("--sign-chain", action="append", default=[], help="intermediate certificates (repeatable)")
    p = add("check-release", None, "check a release folder's signatures, checksums and fingerprints (for recipients)")
    p.add_argument("folder", help="the release folder, as received")
    p.add_argument("--trust", required=True, help="the coalition's root certificate (PEM), got by another channel")
    add("status", status, "per letter and language: counts, findings, pages and state").add_argument(
        "--letter", help=letter_help
    )
    p = add("init", init, "start a new language: locale/<lang>/LC_MESSAGES/<letter>.po")
    p.add_argument("lang", help="language code, e.g. fr, pt_BR, zh_Hans (needs a row in the language table)")
    p.add_argument("--letter", help=letter_help)
    p.add_argument(
        "--interface",
        action="store_true",
        help="instead, start locale/<lang>/LC_MESSAGES/letterpipe.po: the project's own wording of "
        "letterpipe's interface strings (page counter, headings, colophon), overriding the shipped one",
    )
    add("update", update, "write the current template and merged catalogs into locale/").add_argument(
        "--letter", help=letter_help
    )
    p = add("preview", preview, "translators: see one language as you edit its .po, reloaded on every save")
    p.add_argument("lang", help="language code of the catalog, as in locale/<lang>/")
    p.add_argument("--letter", help="the letter (default: the project's only letter)")
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    p = add("new", new, "start a letter project in a new folder that builds at once")
    p.add_argument("folder", help="folder to create (must be empty or absent)")
    p.add_argument("--letter", help="the letter's folder name (default: 'letter')")
    p = add("approve", approve, "record a language's translation as reviewed and approved, as it is now")
    p.add_argument("letter", help="the letter (its folder under letters/)")
    p.add_argument("lang", help="the language code, e.g. fr")
    p.add_argument("--by", help="the approver's name (default: git's user.name, else the login name)")
    p = add("diff", diff, "what changed in a language's translations since its last approval, message by message")
    p.add_argument("letter", help="the letter (its folder under letters/)")
    p.add_argument("lang", help="the language code, e.g. fr")
    add("doctor", None, "check fonts, libraries and tools, and say how to fix what is missing")
    _add_signatories_parser(sub)

    stages = sub.add_parser(
        "stage",
        help="pipeline stages run by the workflow's rules (not by hand)",
        description="Pipeline stages, one per rule of the workflow. They read and write the files named.",
    )
    stage_sub = stages.add_subparsers(dest="stage", required=True, metavar="STAGE")

    def add_stage(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p = stage_sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    add_stage_parsers(add_stage)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check-release":
            return check_release(args)
        if args.command == "doctor":
            from letterpipe.doctor import run_doctor

            found = args.project or Path("letters").is_dir()
            return run_doctor(Project.find(Path(args.project) if args.project else None) if found else None)
        if args.command == "new":
            return new(None, args)
        project = Project.find(Path(args.project) if args.project else None)
        return int(args.handler(project, args))
    except LetterpipeError as exc:
        print(f"letterpipe: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # A read-only build/, a full disk, a folder where a file should be: one line naming the file.
        where = exc.filename if exc.filename is not None else "letterpipe"
        print(f"letterpipe: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
