"""Proving one language version carries exactly the canonical signatories, in HTML and PDF."""

from __future__ import annotations

import gc
import json
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from letterpipe.source.signatories import Signatory, fingerprint, to_json
from letterpipe.verify.browser import BrowserReport, check_html_in_browser, find_chromium
from letterpipe.verify.html import collect_names, compare_html
from letterpipe.verify.pagination import check_pagination, list_entries
from letterpipe.verify.pdf import (
    compare_pdf,
    fonts_outside,
    pdf_font_names,
    pdf_metadata,
    read_pdf_text,
    squash,
    synthetic_faces,
)
from letterpipe.verify.raster import check_pdf_ink, pdf_words


@dataclass
class Report:
    """What one language version's read-back found."""

    lang: str
    html: str
    pdf: str
    problems: list[str] = field(default_factory=list)
    #: Checks that could not run here (no Chromium), said plainly rather than passed silently.
    skipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> bytes:
        data = asdict(self) | {"ok": self.ok}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def start_browser_check(
    pool: ThreadPoolExecutor, html: Path, signatories: list[Signatory]
) -> Future[BrowserReport] | None:
    """The browser check of ``html`` started on ``pool`` (None without Chromium): Chromium works in
    its own process, so the PDF can be read back meanwhile."""
    chromium = find_chromium()
    if chromium is None:
        return None
    return pool.submit(check_html_in_browser, html, [s.name for s in signatories], chromium)


def verify_version(
    lang: str,
    html: Path,
    pdf: Path,
    signatories: list[Signatory],
    rtl_page: bool = False,
    fonts: Sequence[str] | None = None,
    seen: bool = False,
    browser: Future[BrowserReport] | None = None,
) -> Report:
    """Read one version back. ``fonts``: the configured font families; any other face in the PDF is a problem.

    ``rtl_page`` is accepted for callers and unused: the text layer is read in logical order.
    The signatory list's pagination is judged on poppler's word boxes
    (:mod:`letterpipe.verify.pagination`): no group heading alone at a page's foot, no entry split
    across pages or columns. With ``seen``, also judge what a reader sees: the PDF's pages rasterised
    (:mod:`letterpipe.verify.raster`) and the HTML in Chromium (:mod:`letterpipe.verify.browser`),
    the latter from ``browser`` when :func:`start_browser_check` started it already.
    """
    expected = [s.name for s in signatories]
    report = Report(lang=lang, html=str(html), pdf=str(pdf))
    page = collect_names(html)
    report.problems += [f"{html}: {p}" for p in compare_html(expected, page.names)]
    read = read_pdf_text(pdf)
    gc.collect()  # pypdf's objects refer to their reader: only the cycle collector frees a read (70 MB at 5,000 names)
    text = read.text
    if read.unlabelled:
        report.problems.append(f"{pdf}: {read.unlabelled} text runs carry no /ActualText: unreadable")
    if read.sheared:
        report.problems.append(f"{pdf}: {read.sheared} text runs are drawn sheared (a synthetic oblique)")
    synthetic = synthetic_faces(pdf)
    if synthetic:
        report.problems.append(f"{pdf}: text in a style its font does not have (synthetic): {', '.join(synthetic)}")
    if fonts is not None:
        stray = fonts_outside(pdf_font_names(pdf), fonts)
        if stray:
            report.problems.append(f"{pdf}: fonts outside the configured chains: {', '.join(stray)}")
    headings = page.headings
    report.problems += [f"{pdf}: {p}" for p in compare_pdf(expected, text, headings[0] if headings else None)]
    digest = fingerprint(signatories)
    if digest not in squash(text):
        report.problems.append(f"{pdf}: the fingerprint {digest} is not printed")
    printed, attached = pdf_metadata(pdf)
    gc.collect()
    if printed != digest:
        report.problems.append(f"{pdf}: metadata fingerprint is {printed!r}, expected {digest}")
    if attached is None:
        report.problems.append(f"{pdf}: signatories.json is not attached")
    elif json.loads(attached) != json.loads(to_json(signatories)):
        report.problems.append(f"{pdf}: the attached signatories.json differs from the canonical list")
    words = pdf_words(pdf)
    pagination = check_pagination(words, list_entries(headings, page.names, page.roles, page.groups))
    report.problems += [f"{pdf}: {p}" for p in pagination.problems]
    if pagination.unplaced:
        report.skipped.append(
            f"pagination not checked for {pagination.unplaced} list entries: poppler's words do not spell them"
        )
    if not seen:
        return report
    report.problems += [f"{pdf}: {p}" for p in check_pdf_ink(pdf, expected, headings[0] if headings else None, words)]
    if browser is not None:
        shown: BrowserReport | None = browser.result()
    else:
        chromium = find_chromium()
        shown = check_html_in_browser(html, expected, chromium) if chromium else None
    if shown is None:
        report.skipped.append("browser check skipped: Chromium not found (Debian: apt-get install chromium)")
    else:
        report.problems += [f"{html}: in the browser, {p}" for p in shown.problems]
    return report
