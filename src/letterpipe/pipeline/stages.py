"""The pipeline stages as subcommands, one per Snakemake rule.

Each reads its inputs, writes its outputs atomically, and prints one line of what it did (the
rule's log). They are the workflow's interface, not the coordinator's, grouped apart under ``letterpipe stage``:
see ``cli.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from letterpipe.errors import RenderError, VerificationError
from letterpipe.project import Project

Handler = Callable[[Project, argparse.Namespace], int]


def extract(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.fsutil import write_if_changed
    from letterpipe.source.extract import template_bytes

    data = template_bytes(project, args.letter)
    write_if_changed(Path(args.output), data)
    committed = project.pot_file(args.letter)
    if not committed.exists() or committed.read_bytes() != data:
        print(f"warning: {project.relative(committed)} is behind the letter; run 'letterpipe update'")
    return 0


def merge(project: Project, args: argparse.Namespace) -> int:
    """Merge the translator's catalog into build/; a catalog msgfmt would refuse fails here."""
    from letterpipe.catalogs.maintain import merged
    from letterpipe.catalogs.plurals import differs_from_standard, standard_plural_forms
    from letterpipe.catalogs.pofile import header_value, read_po, render_po
    from letterpipe.fsutil import write_bytes_atomic

    catalog, result = merged(project, args.letter, args.lang, read_po(Path(args.pot)))
    write_bytes_atomic(Path(args.output), render_po(result, keep_layout=False))
    if result.state() != catalog.state():
        print(f"warning: {project.relative(catalog.path)} is behind the letter; run 'letterpipe update'")
    plural_forms = header_value(catalog.header, "Plural-Forms")
    if plural_forms and differs_from_standard(args.lang, plural_forms):
        print(
            f"warning: {project.relative(catalog.path)}: Plural-Forms differs from GNU gettext's and CLDR's for"
            f" {args.lang} ({standard_plural_forms(args.lang)}); check that each msgstr[N] matches the formula"
        )
    return 0


def _require_plural_forms(project: Project, po: Path, lang: str | None, header: str | None) -> None:
    """A Plural-Forms that gettext cannot evaluate would crash every page render: refuse it here,
    naming the translator's file (the merged catalog is named after its letter)."""
    from letterpipe.catalogs.checks import plural_function
    from letterpipe.errors import CatalogError

    if header is None:
        return
    try:
        plural_function(header)
    except ValueError as exc:
        source = project.po_file(po.stem, lang) if lang else po
        raise CatalogError(str(exc), project.relative(source) if source.exists() else po) from None


def compile_mo(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.mofile import compile_mo as compile_catalog
    from letterpipe.catalogs.pofile import header_value, read_po
    from letterpipe.fsutil import write_bytes_atomic

    po = Path(args.po)
    catalog = read_po(po)
    _require_plural_forms(project, po, args.lang, header_value(catalog.header, "Plural-Forms"))
    write_bytes_atomic(Path(args.output), compile_catalog(catalog))
    return 0


def check(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.checks import check_catalog, findings_json
    from letterpipe.catalogs.waivers import load_waivers, waivers_file
    from letterpipe.fsutil import write_bytes_atomic

    letter, signatories = project.load(args.letter)
    findings = []
    if args.lang != letter.source_language:
        po = project.po_file(args.letter, args.lang)
        waivers = load_waivers(waivers_file(project.letter_file(args.letter).parent), args.lang)
        signature = [letter.field_text("closing"), *(group.text for group in letter.groups.values())]
        names = [s.name for s in signatories]
        findings = check_catalog(Path(args.po), po, names, project.relative(po), args.lang, waivers, signature)
        findings += _interface_findings(project, args.lang, names, waivers)
    write_bytes_atomic(Path(args.output), findings_json(findings))
    for finding in findings:
        print(finding)
    return 0


def _interface_findings(project: Project, lang: str, names: list[str], waivers: Any) -> list[Any]:
    """A project's override of the interface strings (``locale/<lang>/LC_MESSAGES/letterpipe.po``)
    is a translator's file like any other and wins over the shipped catalog, so it gets the same
    checks: a count string with a figure of its own would print a false count. Untranslated
    overrides only fall back to the shipped strings, so only the blocking findings count."""
    from letterpipe.catalogs.checks import INCOMPLETE_CHECKS, check_catalog
    from letterpipe.catalogs.interface import project_catalog

    override = project_catalog(project, lang)
    if not override.exists():
        return []
    found = check_catalog(override, override, names, project.relative(override), lang, waivers, [])
    return [f for f in found if f.check not in INCOMPLETE_CHECKS]


def html(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.checks import blocking, read_findings
    from letterpipe.fsutil import write_bytes_atomic, write_text_atomic
    from letterpipe.publish.edition import read_edition
    from letterpipe.publish.provenance import source_digests
    from letterpipe.render.html import page_info_json, render_page

    sources = source_digests(project, args.letter, args.lang)
    draft = args.draft or (bool(args.checks) and bool(blocking(read_findings(Path(args.checks)))))
    languages = [code for code in args.languages.split(",") if code]
    edition = read_edition(Path(args.edition) if args.edition else None)
    mo = Path(args.mo) if args.mo else None
    page, info = render_page(project, args.letter, args.lang, mo, languages, draft, edition)
    info = dataclasses.replace(info, sources=sources)
    write_text_atomic(Path(args.output), page)
    write_bytes_atomic(Path(args.info), page_info_json(info))
    if not info.complete:
        print(f"{args.letter}/{args.lang}: incomplete, {len(info.missing)} message(s) shown in the source language")
    return 0


def _require_fonts(project: Project, lang: str) -> None:
    """Fail with the fix command before WeasyPrint meets a machine without the language's fonts
    (with no fonts at all, Pango crashes the process instead of raising)."""
    import shutil

    from letterpipe.doctor import installed_families
    from letterpipe.errors import SetupError
    from letterpipe.render.languages import get_language

    language = get_language(lang, project.language_table)
    if shutil.which("fc-list") is None:
        raise SetupError("fc-list not found: install fontconfig (apt-get install fontconfig)")
    families = installed_families()
    for fonts in (language.text_fonts, language.heading_fonts, language.name_fonts):
        if fonts and not any(font in families for font in fonts):
            listed = ", ".join(fonts[:3]) + (f" (and {len(fonts) - 3} more)" if len(fonts) > 3 else "")
            raise SetupError(f"no font of {listed} is installed for {lang}; install: {language.fix_command}")


def _render_pdf(project: Project, slug: str, lang: str, page: Path, output: Path, seen: bool) -> tuple[int, Any]:
    """Render and read back one version (:func:`letterpipe.render.pdf.render_version`), with the
    errors a coordinator can act on in place of WeasyPrint's stack."""
    from letterpipe.errors import LetterpipeError
    from letterpipe.render.pdf import render_version

    _require_fonts(project, lang)
    try:
        return render_version(project, slug, lang, page, output, seen=seen)
    except LetterpipeError:
        raise
    except (RecursionError, MemoryError, ArithmeticError, LookupError, ValueError, TypeError, AttributeError) as exc:
        # WeasyPrint fails this way on CSS it cannot lay out (``transform: scale(0)``, say): the
        # coordinator needs the version and the suspects, not WeasyPrint's stack.
        raise RenderError(
            f"WeasyPrint could not lay this page out ({type(exc).__name__}: {str(exc)[:120]}); look for CSS it cannot"
            f" handle in templates/{lang}/ or templates/ (such as transform: scale(0))",
            str(page),
        ) from None


def pdf(project: Project, args: argparse.Namespace) -> int:
    output = Path(args.output)
    pages, report = _render_pdf(project, args.letter, args.lang, Path(args.html), output, seen=False)
    if not report.ok:
        print(f"{args.letter}/{args.lang}: signatories do not match; every page is marked DRAFT", file=sys.stderr)
    print(f"{args.letter}/{args.lang}: {pages} page(s), {output.stat().st_size} bytes")
    return 0


def verify(project: Project, args: argparse.Namespace) -> int:
    """Check an HTML and PDF pair as the ``version`` stage checks what it renders, failing on any problem."""
    from letterpipe.fsutil import write_bytes_atomic
    from letterpipe.render.languages import get_language
    from letterpipe.verify.conformance import check_version
    from letterpipe.verify.report import verify_version

    _, signatories = project.load(args.letter)
    language = get_language(args.lang, project.language_table)
    html_path, pdf_path = Path(args.html), Path(args.pdf)
    report = verify_version(args.lang, html_path, pdf_path, signatories, fonts=language.all_fonts, seen=True)
    if not report.ok:
        raise VerificationError(
            f"{args.letter}/{args.lang}: the signatories differ from the canonical list:\n  "
            + "\n  ".join(report.problems)
        )
    findings = check_version(html_path, pdf_path)
    if findings:
        raise VerificationError(
            f"{args.letter}/{args.lang}: the PDF breaks PDF/A-3 or PDF/UA-1:\n  " + "\n  ".join(findings)
        )
    info = html_path.with_name("letter.json")
    sources = json.loads(info.read_text("utf-8")).get("sources") if info.exists() else None
    write_bytes_atomic(Path(args.output), _with_sources(report.to_json(), sources, None))
    for note in report.skipped:
        print(f"{args.letter}/{args.lang}: {note}")
    print(f"{args.letter}/{args.lang}: {len(signatories)} signatories verified in HTML and PDF; PDF/A and UA checked")
    return 0


def _with_sources(report: bytes, sources: dict[str, str] | None, pages: int | None) -> bytes:
    """The verification report with the sources of the page it verified (status compares them)
    and the PDF's page count (so status need not parse the PDF)."""
    data = json.loads(report) | {"sources": sources, "pages": pages}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def preview(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.render.preview import first_page_png

    first_page_png(Path(args.pdf), Path(args.output), args.width)
    return 0


def version(project: Project, args: argparse.Namespace) -> int:
    """Everything after the catalogs, in one process: html, pdf, its read-back (text, ink on the
    rendered pages, the HTML in Chromium), the PDF/A and PDF/UA check, preview. One process
    instead of five saves the start-up and imports of four, and the PDF is read once.

    ``verify.json`` is written whether or not the version passes: a failing version keeps its
    DRAFT PDF and preview for the coordinator to look at, and the workflow's ``gate`` stage
    fails the build with the problems.
    """
    from letterpipe.fsutil import write_bytes_atomic
    from letterpipe.verify.conformance import check_version

    out, slug, lang = Path(args.output), args.letter, args.lang
    page, pdf_path = out / "letter.html", out / "letter.pdf"
    html(
        project,
        argparse.Namespace(
            letter=slug,
            lang=lang,
            mo=args.mo,
            languages=args.languages,
            draft=False,
            checks=args.checks,
            edition=args.edition,
            output=page,
            info=out / "letter.json",
        ),
    )
    try:
        pages, report = _render_pdf(project, slug, lang, page, pdf_path, seen=True)
    except RenderError as exc:
        raise _kept(project, exc, page, project.build / "logs" / slug / lang / page.name) from None
    preview(project, argparse.Namespace(pdf=pdf_path, output=out / "preview.png", width=600))
    if report.ok:
        report.problems += [f"{pdf_path}: {finding}" for finding in check_version(page, pdf_path)]
    sources = json.loads((out / "letter.json").read_text("utf-8")).get("sources")
    write_bytes_atomic(out / "verify.json", _with_sources(report.to_json(), sources, pages))
    for note in report.skipped:
        print(f"{slug}/{lang}: {note}")
    if report.ok:
        print(
            f"{slug}/{lang}: {pages} page(s), {pdf_path.stat().st_size} bytes; every signatory verified in HTML and"
            " PDF, as text and as seen; PDF/A and UA checked"
        )
    else:
        print(f"{slug}/{lang}: failed verification, every page marked DRAFT:\n  " + "\n  ".join(report.problems))
    return 0


def _kept(project: Project, error: RenderError, page: Path, keep: Path) -> RenderError:
    """The error of a page WeasyPrint could not make into a PDF, naming a copy of the page in the
    logs: Snakemake deletes the outputs of a failed job, the HTML among them."""
    from letterpipe.fsutil import write_bytes_atomic

    if error.path is None or error.path.resolve() != page.resolve() or not page.exists():
        return error
    write_bytes_atomic(keep, page.read_bytes())
    return RenderError(error.message, project.relative(keep), error.line)


def gate(project: Project, args: argparse.Namespace) -> int:
    """Fail the build for a version whose ``verify.json`` records problems (see :func:`version`)."""
    report = json.loads(Path(args.report).read_text("utf-8"))
    if not report["ok"]:
        raise VerificationError(
            f"{Path(args.report).parent.name}: the signatories differ from the canonical list, or the PDF breaks"
            " PDF/A-3 or PDF/UA-1:\n  " + "\n  ".join(report["problems"])
        )
    return 0


def index(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.fsutil import write_text_atomic
    from letterpipe.render.index import render_letter_index

    write_text_atomic(Path(args.output), render_letter_index(project, args.letter, [Path(p) for p in args.info]))
    return 0


def add_stage_parsers(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """Register every stage; ``add(name, handler, help)`` returns the subcommand's parser."""

    def stage(name: str, handler: Handler, help: str, *, lang: bool = True) -> argparse.ArgumentParser:
        parser = add(name, handler, help)
        parser.add_argument("letter", help="the letter's folder name under letters/")
        if lang:
            parser.add_argument("lang", help="language code of the version, as in locale/<lang>/")
        parser.add_argument("-o", "--output", required=True, help="file to write")
        return parser

    stage("extract", extract, "write a letter's POT", lang=False)
    stage("merge", merge, "merge a language's catalog with the POT (into build/)").add_argument(
        "--pot", required=True, help="the POT written by the extract stage"
    )
    stage("check", check, "translation checks of a merged catalog").add_argument(
        "--po", help="merged catalog (omit for the source language)"
    )
    p = stage("html", html, "render one language version to HTML")
    p.add_argument("--mo", help="compiled catalog (omit for the source language)")
    p.add_argument("--languages", required=True, help="comma-separated languages of the letter, for links")
    p.add_argument("--draft", action="store_true", help="mark every page DRAFT")
    p.add_argument("--checks", help="findings of the translation checks; a blocking one marks the page DRAFT")
    p.add_argument("--info", required=True, help="where to write the page's JSON summary")
    p.add_argument("--edition", help="build/<letter>/edition.json: the latest release, for the colophon")
    stage("pdf", pdf, "render one language version's HTML to PDF, and read it back").add_argument(
        "--html", required=True, help="the version's HTML, written by the html stage"
    )
    p = stage("verify", verify, "read HTML and PDF back and compare the signatories")
    p.add_argument("--html", required=True, help="the version's HTML")
    p.add_argument("--pdf", required=True, help="the version's PDF")
    p = add("version", version, "html, pdf, read-back, conformance check and preview of one version, in one process")
    p.add_argument("letter", help="the letter's folder name under letters/")
    p.add_argument("lang", help="language code of the version, as in locale/<lang>/")
    p.add_argument("-o", "--output", required=True, help="the version's folder (build/<letter>/<lang>)")
    p.add_argument("--mo", help="compiled catalog (omit for the source language)")
    p.add_argument("--checks", required=True, help="findings of the translation checks")
    p.add_argument("--languages", required=True, help="comma-separated languages of the letter, for links")
    p.add_argument("--edition", help="build/<letter>/edition.json: the latest release, for the colophon")
    p = stage("index", index, "a letter's index page listing its language versions", lang=False)
    p.add_argument("--info", nargs="+", required=True, help="the versions' JSON summaries (html stage)")

    p = add("compile", compile_mo, "compile a merged .po into a .mo")
    p.add_argument("po", help="the merged catalog")
    p.add_argument("--lang", help="its language (for plural forms)")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p = add("gate", gate, "fail when a version's verify.json records problems")
    p.add_argument("report", help="the version's verify.json, written by the version stage")
    p = add("preview", preview, "PNG of a PDF's first page, for the letter's index page")
    p.add_argument("pdf", help="the PDF")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.add_argument("--width", type=int, default=600, help="width in pixels (default: 600)")
