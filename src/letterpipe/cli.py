"""The ``letterpipe`` command: one subcommand per pipeline stage, plus the coordinator's tools.

The Snakefile calls these stages; coordinators call ``build``, ``update``, ``init``, ``doctor``.
User errors (:class:`LetterpipeError`) are printed as ``file:line: message`` with their exit code,
never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import LetterpipeError, VerificationError


def _project(args: argparse.Namespace):
    from .project import Project

    return Project.find(Path(args.project) if args.project else None)


def _languages(value: str) -> list[str]:
    return [code for code in value.split(",") if code]


def cmd_extract(args: argparse.Namespace) -> int:
    from .extract import template_bytes
    from .fsutil import write_if_changed

    project = _project(args)
    out = Path(args.output) if args.output else project.build / args.letter / f"{args.letter}.pot"
    write_if_changed(out, template_bytes(project, args.letter))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from .catalogs import merge, read_catalog, render_catalog
    from .fsutil import write_bytes_atomic

    project = _project(args)
    template = read_catalog(Path(args.pot))
    merged = merge(template, project.po_file(args.letter, args.lang), args.lang)
    write_bytes_atomic(Path(args.output), render_catalog(merged))
    return 0


def cmd_compile(args: argparse.Namespace) -> int:
    from .catalogs import compile_catalog, read_catalog
    from .fsutil import write_bytes_atomic

    po = Path(args.po)
    write_bytes_atomic(Path(args.output), compile_catalog(read_catalog(po, locale=args.lang), po))
    return 0


def cmd_html(args: argparse.Namespace) -> int:
    from .fsutil import write_bytes_atomic, write_text_atomic
    from .render_html import page_info_json, render_page

    project = _project(args)
    draft = args.draft
    if args.checks:
        from .checks import read_findings
        from .status import INCOMPLETE_CHECKS

        draft = draft or any(f.check not in INCOMPLETE_CHECKS for f in read_findings(Path(args.checks)))
    html, info = render_page(
        project, args.letter, args.lang, Path(args.mo) if args.mo else None, _languages(args.languages), draft
    )
    write_text_atomic(Path(args.output), html)
    write_bytes_atomic(Path(args.info), page_info_json(info))
    if not info.complete:
        print(f"{args.letter}/{args.lang}: incomplete, {len(info.missing)} message(s) shown in the source language")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import check_catalog, findings_json
    from .fsutil import write_bytes_atomic
    from .letter import parse_letter
    from .signatories import load_signatories

    project = _project(args)
    letter = parse_letter(project.letter_file(args.letter))
    findings = []
    if args.lang != letter.source_language:
        names = [s.name for s in load_signatories(project.signatories_file(args.letter), letter.groups)]
        po = project.po_file(args.letter, args.lang)
        findings = check_catalog(Path(args.po), po, names, project.relative(po))
    write_bytes_atomic(Path(args.output), findings_json(findings))
    for finding in findings:
        print(finding)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .fsutil import write_bytes_atomic
    from .languages import get_language
    from .letter import parse_letter
    from .signatories import load_signatories
    from .verify import verify_version

    project = _project(args)
    letter = parse_letter(project.letter_file(args.letter))
    signatories = load_signatories(project.signatories_file(args.letter), letter.groups)
    rtl = get_language(args.lang, project.language_table).direction == "rtl"
    report = verify_version(args.lang, Path(args.html), Path(args.pdf), signatories, rtl)
    if not report.ok:
        raise VerificationError(
            f"{args.letter}/{args.lang}: the signatories differ from the canonical list:\n  "
            + "\n  ".join(report.problems)
        )
    write_bytes_atomic(Path(args.output), report.to_json())
    print(f"{args.letter}/{args.lang}: {len(signatories)} signatories verified in HTML and PDF")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .dashboard import render_dashboard
    from .fsutil import write_if_changed
    from .status import format_table, letter_status

    project = _project(args)
    statuses = [letter_status(project, slug) for slug in ([args.letter] if args.letter else project.letters())]
    for status in statuses:
        write_if_changed(project.build / status.letter / "status.json", status.to_json())
        print(format_table(status))
    write_if_changed(project.build / "index.html", render_dashboard(project, statuses).encode("utf-8"))
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    from .release import make_release

    project = _project(args)
    for line in make_release(project, args.letter, Path(args.output)):
        print(line)
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from .status import letter_status
    from .workflow import run_snakemake

    project = _project(args)
    code = run_snakemake(project, ["release"], args.snakemake_args)
    cmd_status(argparse.Namespace(project=args.project, letter=None))
    if code != 0:
        print("\nletterpipe: release blocked; nothing was released. What blocks it:", file=sys.stderr)
        for slug in project.letters():
            for line in letter_status(project, slug).blockers():
                print(f"  {line}", file=sys.stderr)
        return VerificationError.exit_code
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .fsutil import write_bytes_atomic
    from .languages import get_language
    from .letter import parse_letter
    from .render_pdf import render_pdf
    from .signatories import fingerprint, load_signatories, to_json
    from .verify import verify_version

    project = _project(args)
    letter = parse_letter(project.letter_file(args.letter))
    signatories = load_signatories(project.signatories_file(args.letter), letter.groups)
    language = get_language(args.lang, project.language_table)
    html_path, output = Path(args.html), Path(args.output)

    def render(draft: bool) -> tuple[bytes, int]:
        return render_pdf(
            html_path.read_text("utf-8"),
            base=html_path.parent.resolve(),
            jail=project.root,
            language=language,
            created=letter.date,
            attachments=[("signatories.json", to_json(signatories), "The canonical list of signatories")],
            source_name=str(html_path),
            info={"LetterpipeFingerprint": fingerprint(signatories)},
            draft=draft,
        )

    pdf, pages = render(False)
    write_bytes_atomic(output, pdf)
    report = verify_version(args.lang, html_path, output, signatories, language.direction == "rtl")
    if not report.ok:
        pdf, pages = render(True)
        write_bytes_atomic(output, pdf)
        print(f"{args.letter}/{args.lang}: signatories do not match; every page is marked DRAFT", file=sys.stderr)
    print(f"{args.letter}/{args.lang}: {pages} page(s), {len(pdf)} bytes")
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from .preview import first_page_png

    first_page_png(Path(args.pdf), Path(args.output), args.width)
    return 0


def cmd_index(args: argparse.Namespace) -> int:
    from .fsutil import write_text_atomic
    from .index import render_letter_index

    project = _project(args)
    write_text_atomic(Path(args.output), render_letter_index(project, args.letter, [Path(p) for p in args.info]))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from .maintain import init_language

    project = _project(args)
    for slug in [args.letter] if args.letter else project.letters():
        print(init_language(project, slug, args.lang))
    return 0


def cmd_update(args: argparse.Namespace) -> int:
    from .maintain import update_catalogs

    project = _project(args)
    for slug in [args.letter] if args.letter else project.letters():
        for line in update_catalogs(project, slug):
            print(line)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .workflow import run_snakemake

    project = _project(args)
    code = run_snakemake(project, args.targets, args.snakemake_args)
    cmd_status(argparse.Namespace(project=args.project, letter=None))
    return code


def cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_doctor

    project = _project(args) if args.project or Path("letters").is_dir() else None
    return run_doctor(project)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="letterpipe", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"letterpipe {__version__}")
    parser.add_argument("-C", "--project", help="project folder (default: nearest with letters/)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(func=func)
        return p

    p = add("build", cmd_build, "build every letter in every language (runs the Snakemake workflow)")
    p.add_argument("targets", nargs="*", help="Snakemake targets (default: everything)")
    p.add_argument("--snakemake-args", default="", help="extra arguments passed to snakemake, quoted")

    p = add("release", cmd_release, "build, check and verify everything, then write build/<letter>/release/")
    p.add_argument("--snakemake-args", default="", help="extra arguments passed to snakemake, quoted")

    p = add("status", cmd_status, "per letter and language: counts, findings, pages and state")
    p.add_argument("--letter")

    p = add("init", cmd_init, "start a new language: locale/<lang>/LC_MESSAGES/<letter>.po")
    p.add_argument("lang")
    p.add_argument("--letter")

    p = add("update", cmd_update, "write the current template and merged catalogs into locale/ for translators")
    p.add_argument("--letter")

    add("doctor", cmd_doctor, "check fonts, libraries and tools, and say how to fix what is missing")

    p = add("extract", cmd_extract, "stage: write a letter's POT")
    p.add_argument("letter")
    p.add_argument("-o", "--output")

    p = add("merge", cmd_merge, "stage: merge a language's catalog with the POT (into build/)")
    p.add_argument("letter")
    p.add_argument("lang")
    p.add_argument("--pot", required=True)
    p.add_argument("-o", "--output", required=True)

    p = add("compile", cmd_compile, "stage: compile a merged .po into a .mo")
    p.add_argument("po")
    p.add_argument("--lang")
    p.add_argument("-o", "--output", required=True)

    p = add("html", cmd_html, "stage: render one language version to HTML")
    p.add_argument("letter")
    p.add_argument("lang")
    p.add_argument("--mo", help="compiled catalog (omit for the source language)")
    p.add_argument("--languages", required=True, help="comma-separated languages of the letter, for links")
    p.add_argument("--draft", action="store_true", help="mark every page DRAFT")
    p.add_argument("--checks", help="findings of the translation checks; any finding marks the page DRAFT")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--info", required=True, help="where to write the page's JSON summary")

    p = add("check", cmd_check, "stage: translation checks of a merged catalog")
    p.add_argument("letter")
    p.add_argument("lang")
    p.add_argument("--po", help="merged catalog (omit for the source language)")
    p.add_argument("-o", "--output", required=True)

    p = add("verify", cmd_verify, "stage: read HTML and PDF back and compare the signatories")
    p.add_argument("letter")
    p.add_argument("lang")
    p.add_argument("--html", required=True)
    p.add_argument("--pdf", required=True)
    p.add_argument("-o", "--output", required=True)

    p = add("package", cmd_package, "stage: write the release folder if nothing blocks it")
    p.add_argument("letter")
    p.add_argument("-o", "--output", required=True)

    p = add("pdf", cmd_pdf, "stage: render one language version's HTML to PDF")
    p.add_argument("letter")
    p.add_argument("lang")
    p.add_argument("--html", required=True)
    p.add_argument("-o", "--output", required=True)

    p = add("preview", cmd_preview, "stage: PNG of a PDF's first page")
    p.add_argument("pdf")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--width", type=int, default=600)

    p = add("index", cmd_index, "stage: a letter's index page listing its language versions")
    p.add_argument("letter")
    p.add_argument("--info", nargs="+", required=True)
    p.add_argument("-o", "--output", required=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LetterpipeError as exc:
        print(f"letterpipe: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
