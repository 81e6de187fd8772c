"""Reading a PDF back as a reader's tools see it: visible, upright text in drawing order.

Text drawn off the page, outside its clipping path, askew, white, nearly transparent or too small
is not counted, so a layout that hides a name cannot pass for one that shows it.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RUNS = re.compile(f"[{_RTL}](?:[{_RTL}\\s]*[{_RTL}])?|\\s+|[^{_RTL}\\s](?:[^{_RTL}]*[^{_RTL}\\s])?")


def logical_line(line: str, rtl_page: bool = False) -> str:
    """Undo the visual order of the runs of an extracted right-to-left line.

    A PDF stores glyph runs in visual order; pypdf restores the order inside each right-to-left
    run but not the order of the runs. On a right-to-left page every line holding right-to-left
    text has a right-to-left base; elsewhere the line's first strong character decides.
    """
    strong = [b for b in map(unicodedata.bidirectional, line) if b in ("L", "R", "AL")]
    rtl_base = ("R" in strong or "AL" in strong) if rtl_page else bool(strong) and strong[0] != "L"
    return "".join(reversed(_RUNS.findall(line))) if rtl_base else line


Box = tuple[float, float, float, float]
#: A lower bound of a glyph's average advance, in ems: enough to tell that a line runs out of its
#: clipping box, never so much that text which fits is taken for clipped.
MIN_ADVANCE = 0.4
#: Below these, text is not really there for a reader: fill opacity, size in points.
MIN_ALPHA, MIN_SIZE = 0.2, 3.0
#: A fill this light (every RGB or grey component) is taken for white: invisible on paper.
WHITE = 0.95


def _intersect(one: Box, other: Box) -> Box:
    return max(one[0], other[0]), max(one[1], other[1]), min(one[2], other[2]), min(one[3], other[3])


def _apply(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return cm[0] * x + cm[2] * y + cm[4], cm[1] * x + cm[3] * y + cm[5]


@dataclass
class _Ink:
    """The part of the graphics state that decides whether text can be seen."""

    clip: Box
    alpha: float = 1.0
    white: bool = False


class _VisibleText:
    """Collects the text of one page that a reader can actually see, in drawing order.

    Left out (as line breaks, so they can neither hide a missing name nor be glued onto one):
    text off the page or outside the current clipping path (``overflow: hidden`` cutting a name
    off), text that is not upright (the rotated DRAFT mark, a name no one can read in line), and
    text painted white, nearly transparent or smaller than :data:`MIN_SIZE` points.
    """

    def __init__(self, page: Any) -> None:
        box = page.mediabox
        self.ink = _Ink((float(box.left), float(box.bottom), float(box.right), float(box.top)))
        self.stack: list[_Ink] = []
        self.path: Box | None = None
        self.parts: list[str] = []
        self.last_y: float | None = None
        resources = page.get("/Resources")
        states = resources.get_object().get("/ExtGState") if resources is not None else None
        self.states = states.get_object() if states is not None else {}

    def operator(self, op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if op == b"q":
            self.stack.append(replace(self.ink))
        elif op == b"Q" and self.stack:
            self.ink = self.stack.pop()
        elif op == b"gs" and args and args[0] in self.states:
            alpha = self.states[args[0]].get_object().get("/ca")
            if alpha is not None:
                self.ink.alpha = float(alpha)
        elif op in (b"rg", b"g") and args:
            self.ink.white = all(float(v) >= WHITE for v in args)
        elif op == b"k" and len(args) == 4:
            self.ink.white = all(float(v) <= 1 - WHITE for v in args)
        elif op == b"re" and len(args) == 4:
            x, y, w, h = (float(v) for v in args)
            (x0, y0), (x1, y1) = _apply(cm, x, y), _apply(cm, x + w, y + h)
            self.path = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        elif op in (b"W", b"W*") and self.path is not None:
            self.ink.clip = _intersect(self.ink.clip, self.path)
        elif op in (b"n", b"f", b"S", b"B"):
            self.path = None

    def text(self, text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        x, y = _apply(cm, tm[4], tm[5])
        upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        end = x + MIN_ADVANCE * size * a * len(text.strip())
        left, bottom, right, top = self.ink.clip
        inked = self.ink.alpha >= MIN_ALPHA and not self.ink.white and size * a >= MIN_SIZE
        if upright and inked and left - 1 <= x and end <= right + 1 and bottom - 1 <= y <= top + 1:
            if self.last_y is not None and abs(y - self.last_y) > 1:
                self.parts.append("\n")
            self.last_y = y
            self.parts.append(text)
        elif text.strip():
            self.parts.append("\n")


def _page_text(page: Any) -> str:
    visible = _VisibleText(page)
    page.extract_text(visitor_operand_before=visible.operator, visitor_text=visible.text)
    return "".join(visible.parts)


def open_pdf(source: Path | bytes | Any) -> Any:
    """A pypdf reader for a path or the PDF's bytes; a reader is returned as it is, so a PDF is
    parsed once however many questions are asked of it."""
    from pypdf import PdfReader

    if isinstance(source, bytes):
        return PdfReader(io.BytesIO(source))
    if isinstance(source, (str, Path)):
        return PdfReader(str(source))
    return source


def pdf_visible_text(source: Path | bytes | Any, rtl_page: bool = False) -> str:
    """The PDF's visible text in drawing order (see :class:`_VisibleText`)."""
    text = "\n".join(_page_text(page) for page in open_pdf(source).pages)
    return "\n".join(logical_line(line, rtl_page) for line in text.splitlines())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def compare_pdf(expected: list[str], text: str, anchor: str | None = None) -> list[str]:
    """Names missing from the signatory section of the visible text, or altered in it.

    Only the text from the first group heading (``anchor``) on is searched, so a name that the
    letter's body also mentions cannot stand in for a hidden signatory. Each name consumes what it
    matches, longest first, so a name contained in a longer one is not found inside it. Order is
    not judged here: a PDF's drawing order is not its reading order once a multi-column list
    breaks across pages; the order is proven on the HTML the PDF is rendered from.
    """
    flat = squash(text)
    problems = []
    region = flat
    if anchor:
        start = flat.lower().find(squash(anchor).lower())
        if start < 0:
            problems.append(f"the signatory section (heading {anchor!r}) is not in the text")
        else:
            region = flat[start:]
    found: dict[str, int] = {}
    for name in sorted(set(expected), key=lambda n: (-len(squash(n)), n)):
        needle = squash(name)
        for _ in range(expected.count(name)):
            index = region.find(needle)
            if index < 0:
                break
            region = region[:index] + "\x00" + region[index + len(needle) :]
            found[name] = found.get(name, 0) + 1
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    seen: dict[str, int] = {}
    for name in expected:
        seen[name] = seen.get(name, 0) + 1
        if seen[name] <= found.get(name, 0):
            continue
        near = difflib.get_close_matches(name, lines, n=1, cutoff=0.75)
        problems.append(f"altered: {name!r} appears as {near[0]!r}" if near else f"missing: {name!r}")
    return problems


def pdf_metadata(source: Path | bytes | Any) -> tuple[str | None, bytes | None]:
    """The fingerprint in the PDF's document information, and the attached signatory list."""
    reader = open_pdf(source)
    info = reader.metadata or {}
    printed = info.get("/LetterpipeFingerprint")
    attached = reader.attachments.get("signatories.json")
    return (str(printed) if printed else None), (attached[0] if attached else None)
