"""Proving one language version carries exactly the canonical signatories, in HTML and PDF."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from letterpipe.source.signatories import Signatory, fingerprint, to_json
from letterpipe.verify.html import collect_names, compare_html
from letterpipe.verify.pdf import compare_pdf, open_pdf, pdf_metadata, pdf_visible_text, squash


@dataclass
class Report:
    """What one language version's read-back found."""

    lang: str
    html: str
    pdf: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> bytes:
        data = asdict(self) | {"ok": self.ok}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def verify_version(
    lang: str, html: Path, pdf: Path, signatories: list[Signatory], rtl_page: bool = False, data: bytes | None = None
) -> Report:
    """Read ``html`` and ``pdf`` back (the PDF parsed once, from ``data`` when its bytes are at hand)."""
    expected = [s.name for s in signatories]
    report = Report(lang=lang, html=str(html), pdf=str(pdf))
    reader = open_pdf(data if data is not None else pdf)
    page = collect_names(html)
    report.problems += [f"{html}: {p}" for p in compare_html(expected, page.names)]
    text = pdf_visible_text(reader, rtl_page)
    headings = page.headings
    report.problems += [f"{pdf}: {p}" for p in compare_pdf(expected, text, headings[0] if headings else None)]
    digest = fingerprint(signatories)
    if digest not in squash(text):
        report.problems.append(f"{pdf}: the fingerprint {digest} is not printed")
    printed, attached = pdf_metadata(reader)
    if printed != digest:
        report.problems.append(f"{pdf}: metadata fingerprint is {printed!r}, expected {digest}")
    if attached is None:
        report.problems.append(f"{pdf}: signatories.json is not attached")
    elif json.loads(attached) != json.loads(to_json(signatories)):
        report.problems.append(f"{pdf}: the attached signatories.json differs from the canonical list")
    return report
