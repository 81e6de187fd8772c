"""Reading outputs back the way a reader's tools would: parsed HTML, extracted PDF text and fonts.

Deliberately independent of letterpipe's own code, so a test cannot pass because the writer and
the checker share a bug.
"""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from letterpipe.verify.pdf import logical_line


def pdf_text(path: Path, rtl_page: bool = False) -> str:
    """Text in content-stream order (WeasyPrint draws in document order, so columns stay in order),
    right-to-left lines put back in logical order (tested on its own in test_verify)."""
    text = "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return "\n".join(logical_line(line, rtl_page) for line in text.splitlines())


def squash(text: str) -> str:
    """Whitespace removed: a PDF line break cannot be told from a space after a hyphen."""
    return re.sub(r"\s+", "", text)


def missing_in_order(haystack: str, needles: list[str]) -> list[str]:
    """Needles not found in order (each after the previous one), whitespace-insensitively."""
    flat, pos, missing = squash(haystack), 0, []
    for needle in needles:
        index = flat.find(squash(needle), pos)
        if index < 0:
            missing.append(needle)
        else:
            pos = index + len(squash(needle))
    return missing


def pdf_fonts(path: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type, emb, sub."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        emb, sub = parts[-5], parts[-4]
        rows.append({"name": parts[0], "emb": emb, "sub": sub})
    return rows


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def html_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def html_names(path: Path) -> list[str]:
    return [span.get_text() for span in html_soup(path).select(".signatories .name")]


def csv_names(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def pdf_catalog(path: Path):
    """The PDF's document catalog (``/Lang``, ``/MarkInfo``, ``/Names`` ...)."""
    return PdfReader(str(path)).trailer["/Root"]


def pdftotext_raw(path: Path) -> str:
    """``pdftotext -raw``: poppler's text in content-stream order (it honours ``/ActualText``)."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def undo_poppler_rtl(text: str) -> str:
    """Undo what poppler does to right-to-left text it assumes was drawn in visual order.

    poppler reverses every right-to-left run it extracts and wraps it in RLE ... PDF
    (U+202B ... U+202C), also for ``/ActualText``, which is already in logical order. Reversing
    each wrapped run again gives back exactly the text the PDF carries; nothing else changes.
    """
    return re.sub("\u202b([^\u202a-\u202c]*)\u202c", lambda m: m.group(1)[::-1], text)


def pdf_actual_text(path: Path) -> str:
    """Every ``/ActualText`` of every page in content-stream order, one span a line (pypdf only)."""
    from pypdf.generic import ContentStream

    spans = []
    for page in PdfReader(str(path)).pages:
        for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
            if operator == b"BDC" and len(operands) > 1 and hasattr(operands[1], "get"):
                actual = operands[1].get("/ActualText")
                if actual is not None:
                    spans.append(str(actual))
    return "\n".join(spans)


def reading(text: str) -> str:
    """NFC, default-ignorable characters (joiners, bidi controls) and white space removed."""
    import unicodedata

    ignorable = re.compile(
        "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U000e0000-\U000e0fff]"
    )
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", ignorable.sub("", text)))


def font_in_families(name: str, families: tuple[str, ...] | list[str]) -> bool:
    """Whether a ``pdffonts`` name (``ABCDEF+Noto-Serif-CJK-SC-Bold``) is one of ``families``, any style."""
    base = name.split("+", 1)[-1]
    styles = ("", "-Regular", "-Bold", "-Italic", "-BoldItalic")
    return any(base in {family.replace(" ", "-") + style for style in styles} for family in families)
