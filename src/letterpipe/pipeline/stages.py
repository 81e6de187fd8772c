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

from letterpipe.errors import VerificationError
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


def compile_mo(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.mofile import compile_mo as compile_catalog
    from letterpipe.catalogs.pofile import read_po
    from letterpipe.fsutil import write_bytes_atomic

    write_bytes_atomic(Path(args.output), compile_catalog(read_po(Path(args.po))))
    return 0


def check(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.catalogs.checks import check_catalog, findings_json
    from letterpipe.fsutil import write_bytes_atomic

    letter, signatories = project.load(args.letter)
    findings = []
    if args.lang != letter.source_language:
        po = project.po_file(args.letter, args.lang)
        findings = check_catalog(Path(args.po), po, [s.name for s in signatories], project.relative(po))
    write_bytes_atomic(Path(args.output), findings_json(findings))
    for finding in findings:
        print(finding)
    return 0


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


def pdf(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.render.pdf import render_version

    output = Path(args.output)
    pages, report = render_version(project, args.letter, args.lang, Path(args.html), output)
    if not report.ok:
        print(f"{args.letter}/{args.lang}: signatories do not match; every page is marked DRAFT", file=sys.stderr)
    print(f"{args.letter}/{args.lang}: {pages} page(s), {output.stat().st_size} bytes")
    return 0


def verify(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.fsutil import write_bytes_atomic
    from letterpipe.render.languages import get_language
    from letterpipe.verify.report import verify_version

    _, signatories = project.load(args.letter)
    language = get_language(args.lang, project.language_table)
    report = verify_version(
        args.lang, Path(args.html), Path(args.pdf), signatories, language.direction == "rtl", language.all_fonts
    )
    if not report.ok:
        raise VerificationError(
            f"{args.letter}/{args.lang}: the signatories differ from the canonical list:\n  "
            + "\n  ".join(report.problems)
        )
    from letterpipe.verify.conformance import check_version

    findings = check_version(Path(args.html), Path(args.pdf))
    if findings:
        raise VerificationError(
            f"{args.letter}/{args.lang}: the PDF breaks PDF/A-3 or PDF/UA-1:\n  " + "\n  ".join(findings)
        )
    info = Path(args.html).with_name("letter.json")
    sources = json.loads(info.read_text("utf-8")).get("sources") if info.exists() else None
    write_bytes_atomic(Path(args.output), _with_sources(report.to_json(), sources))
    print(f"{args.letter}/{args.lang}: {len(signatories)} signatories verified in HTML and PDF; PDF/A and UA checked")
    return 0


def _with_sources(report: bytes, sources: dict[str, str] | None) -> bytes:
    """The verification report with the sources of the page it verified (status compares them)."""
    data = json.loads(report) | {"sources": sources}
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def preview(project: Project, args: argparse.Namespace) -> int:
    from letterpipe.render.preview import first_page_png

    first_page_png(Path(args.pdf), Path(args.output), args.width)
    return 0


def version(project: Project, args: argparse.Namespace) -> int:
    """The stages after the catalogs, in one process: html, pdf with its read-back, conformance
    check, preview. One process instead of four saves the start-up and imports of three, and the
    PDF is read back once, from the bytes just rendered. ``verify.json`` is written whether or
    not the signatories match (a mismatch leaves a DRAFT PDF and fails the workflow's
    ``verified`` gate), so the failing version's outputs stay for the coordinator to look at.
    """
    from letterpipe.fsutil import write_bytes_atomic
    from letterpipe.render.pdf import render_version

    out, slug, lang = Path(args.output), args.letter, args.lang
    page = out / "letter.html"
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
    pdf = out / "letter.pdf"
    pages, report = render_version(project, slug, lang, page, pdf)
    preview(project, argparse.Namespace(pdf=pdf, output=out / "preview.png", width=600))
    if report.ok:
        from letterpipe.verify.conformance import check_version

        report.problems += check_version(page, pdf)
    sources = json.loads((out / "letter.json").read_text("utf-8")).get("sources")
    write_bytes_atomic(out / "verify.json", _with_sources(report.to_json(), sources))
    if report.ok:
        print(
            f"{slug}/{lang}: {pages} page(s), {pdf.stat().st_size} bytes;"
            " signatories verified in HTML and PDF; PDF/A and UA checked"
        )
    else:
        print(f"{slug}/{lang}: the signatories differ from the canonical list, or the PDF breaks PDF/A or UA:")
        print("  " + "\n  ".join(report.problems))
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
    p = stage("version", version, "html, pdf, read-back, conformance check and preview of one version")
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
    p = add("preview", preview, "PNG of a PDF's first page, for the letter's index page")
    p.add_argument("pdf", help="the PDF")
    p.add_argument("-o", "--output", required=True, help="file to write")
    p.add_argument("--width", type=int, default=600, help="width in pixels (default: 600)")
