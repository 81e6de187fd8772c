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
