"""Reading a PDF back as a reader's tools see it: visible, upright text in drawing order.

Text drawn off the page, outside its clipping path, askew, white, nearly transparent or too small
is not counted, so a layout that hides a name cannot pass for one that shows it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from letterpipe.unitext import reading_form

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
    cm: list[float]
    alpha: float = 1.0
    white: bool = False


@dataclass
class _Span:
    """A marked-content sequence; ``text`` is its ``/ActualText`` when it has one."""

    text: str | None
    shown: bool = False
    visible: bool = True
    y: float = 0.0


def _mult(m: list[float], n: list[float]) -> list[float]:
    """The matrix product ``m·n`` of two PDF matrices ``[a b c d e f]``."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


_IDENTITY = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
_SHOW = (b"TJ", b"Tj", b"'", b'"')


class _VisibleText:
    """Collects the text of one page that a reader can actually see, in drawing order.

    The text of a run is its ``/ActualText`` (letterpipe writes one for every line fragment it
    draws, see ``render/actualtext.py``): what extraction, search and screen readers use, in
    logical order whatever the script. Glyphs drawn outside such a span are counted in
    :attr:`unlabelled` and read as a line break.

    Left out (as line breaks, so they can neither hide a missing name nor be glued onto one):
    text off the page or outside the current clipping path (``overflow: hidden`` cutting a name
    off), text that is not upright (the rotated DRAFT mark, a name no one can read in line), and
    text painted white, nearly transparent or smaller than :data:`MIN_SIZE` points. A span counts
    only if every glyph run in it is visible. Text drawn with a sheared matrix (a synthetic
    oblique) is counted in :attr:`sheared`.
    """

    def __init__(self, page: Any) -> None:
        box = page.mediabox
        self.ink = _Ink((float(box.left), float(box.bottom), float(box.right), float(box.top)), list(_IDENTITY))
        self.pdf = page.pdf
        self.stack: list[_Ink] = []
        self.spans: list[_Span | None] = []
        self.path: Box | None = None
        self.parts: list[str] = []
        self.last_y: float | None = None
        self.unlabelled = 0
        self.sheared = 0
        self.tm = list(_IDENTITY)
        self.tlm = list(_IDENTITY)
        self.leading = 0.0
        self.size = 0.0
        self.two_byte = True
        self.walk(page.get_contents(), page.get("/Resources"))

    def walk(self, contents: Any, resources: Any) -> None:
        from pypdf.generic import ContentStream

        if contents is None:
            return
        resources = resources.get_object() if resources is not None else {}
        if not isinstance(contents, ContentStream):
            contents = ContentStream(contents, self.pdf)
        for args, op in contents.operations:
            self.operator(op, args, resources)

    def operator(self, op: bytes, args: list[Any], resources: Any) -> None:
        if op == b"q":
            self.stack.append(replace(self.ink, cm=list(self.ink.cm)))
        elif op == b"Q" and self.stack:
            self.ink = self.stack.pop()
        elif op == b"cm" and len(args) == 6:
            self.ink.cm = _mult([float(v) for v in args], self.ink.cm)
        elif op in (b"BDC", b"BMC"):
            props = args[1] if op == b"BDC" and len(args) > 1 else None
            if props is not None and not hasattr(props, "get"):
                props = resources.get("/Properties", {}).get_object().get(props)
            actual = props.get_object().get("/ActualText") if props is not None else None
            self.spans.append(_Span(str(actual)) if actual is not None else None)
        elif op == b"EMC" and self.spans:
            span = self.spans.pop()
            if span is not None and span.shown and span.visible:
                self.emit(span.text or "", span.y)
            elif span is not None and span.shown:
                self.parts.append("\n")
        elif op in (b"BT",):
            self.tm, self.tlm = list(_IDENTITY), list(_IDENTITY)
        elif op == b"Tm" and len(args) == 6:
            self.tm = self.tlm = [float(v) for v in args]
        elif op in (b"Td", b"TD") and len(args) == 2:
            if op == b"TD":
                self.leading = -float(args[1])
            self.tm = self.tlm = _mult([1, 0, 0, 1, float(args[0]), float(args[1])], self.tlm)
        elif op == b"TL" and args:
            self.leading = float(args[0])
        elif op == b"T*":
            self.tm = self.tlm = _mult([1, 0, 0, 1, 0, -self.leading], self.tlm)
        elif op == b"Tf" and len(args) == 2:
            self.size = float(args[1])
            fonts = resources.get("/Font")
            font = fonts.get_object().get(args[0]) if fonts is not None else None
            self.two_byte = font is None or font.get_object().get("/Subtype") == "/Type0"
        elif op in _SHOW:
            if op in (b"'", b'"'):
                self.operator(b"T*", [], resources)
            self.glyphs(args)
        elif op == b"Do" and args:
            self.xobject(args[0], resources)
        else:
            self.paint(op, args, resources)

    def paint(self, op: bytes, args: list[Any], resources: Any) -> None:
        if op == b"gs" and args:
            states = resources.get("/ExtGState")
            state = states.get_object().get(args[0]) if states is not None else None
            alpha = state.get_object().get("/ca") if state is not None else None
            if alpha is not None:
                self.ink.alpha = float(alpha)
        elif op in (b"rg", b"g") and args:
            self.ink.white = all(float(v) >= WHITE for v in args)
        elif op == b"k" and len(args) == 4:
            self.ink.white = all(float(v) <= 1 - WHITE for v in args)
        elif op == b"re" and len(args) == 4:
            x, y, w, h = (float(v) for v in args)
            (x0, y0), (x1, y1) = _apply(self.ink.cm, x, y), _apply(self.ink.cm, x + w, y + h)
            self.path = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        elif op in (b"W", b"W*") and self.path is not None:
            self.ink.clip = _intersect(self.ink.clip, self.path)
        elif op in (b"n", b"f", b"f*", b"F", b"S", b"s", b"B", b"B*", b"b", b"b*"):
            self.path = None

    def xobject(self, name: Any, resources: Any) -> None:
        objects = resources.get("/XObject")
        form = objects.get_object().get(name) if objects is not None else None
        if form is None or form.get_object().get("/Subtype") != "/Form":
            return
        form = form.get_object()
        self.stack.append(replace(self.ink, cm=list(self.ink.cm)))
        self.ink.cm = _mult([float(v) for v in form.get("/Matrix", _IDENTITY)], self.ink.cm)
        self.walk(form, form.get("/Resources", resources))
        self.ink = self.stack.pop()

    def glyphs(self, args: list[Any]) -> None:
        items = args[-1] if args and isinstance(args[-1], list) else args[-1:]
        count = sum(len(getattr(item, "original_bytes", item)) for item in items if isinstance(item, (str, bytes)))
        count = count // 2 if self.two_byte else count
        if not count:
            return
        cm, tm = self.ink.cm, self.tm
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        x, y = _apply(cm, tm[4], tm[5])
        if abs(a * c + b * d) > 1e-6 * max(abs(a * d - b * c), 1e-9):
            self.sheared += 1
        upright = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        end = x + MIN_ADVANCE * self.size * a * count
        left, bottom, right, top = self.ink.clip
        inked = self.ink.alpha >= MIN_ALPHA and not self.ink.white and self.size * a >= MIN_SIZE
        visible = upright and inked and left - 1 <= x and end <= right + 1 and bottom - 1 <= y <= top + 1
        span = next((s for s in reversed(self.spans) if s is not None and s.text is not None), None)
        if span is None:
            self.unlabelled += 1
            self.parts.append("\n")
        elif not span.shown:
            span.shown, span.visible, span.y = True, visible, y
        else:
            span.visible = span.visible and visible

    def emit(self, text: str, y: float) -> None:
        if self.last_y is not None and abs(y - self.last_y) > 1:
            self.parts.append("\n")
        self.last_y = y
        self.parts.append(text)


@dataclass
class PdfText:
    """What :func:`read_pdf_text` found: the visible text, and runs that a reader cannot read."""

    text: str
    unlabelled: int
    sheared: int


def read_pdf_text(path: Path) -> PdfText:
    """The PDF's visible text in drawing order (see :class:`_VisibleText`)."""
    from pypdf import PdfReader

    pages = [_VisibleText(page) for page in PdfReader(str(path)).pages]
    return PdfText(
        "\n".join("".join(p.parts) for p in pages),
        sum(p.unlabelled for p in pages),
        sum(p.sheared for p in pages),
    )


def pdf_visible_text(path: Path, rtl_page: bool = False) -> str:
    """The PDF's visible text in logical order (``rtl_page`` is kept for callers; ActualText is logical)."""
    return read_pdf_text(path).text


def squash(text: str) -> str:
    """The form names are matched in: :func:`~letterpipe.unitext.reading_form`, white space removed."""
    return re.sub(r"\s+", "", reading_form(text))


def _fold(text: str) -> str:
    """Case and accents folded, one character for one, to find a heading that CSS set in capitals.

    ``text-transform: uppercase`` drops Greek accents (``Οργανώσεις`` is drawn ``ΟΡΓΑΝΩΣΕΙΣ``) and
    Turkish has a dotted capital I, so the heading is looked for in this form; positions in the
    folded text are positions in the original.
    """
    return "".join(unicodedata.normalize("NFD", char)[0].casefold()[:1] or char for char in text)


#: Length of the text pieces :func:`_consume` indexes the searched text by.
GRAM = 8


def _consume(flat: str, start: int, wanted: Counter[str]) -> dict[str, int]:
    """How many times each name is found in ``flat[start:]``, longest names first, each match using
    up its text so no other name is found in it (nor across it); each name takes its leftmost free
    matches.

    The text is read once for the places where some name's first :data:`GRAM` characters (all of a
    shorter name's) stand, so each name looks only where it could begin: linear in the text and the
    names, where searching the whole text again for each name was quadratic at thousands of names.
    """
    used = bytearray(len(flat))
    needles = {name: squash(name) for name in wanted}
    starts: dict[int, set[str]] = {}
    for needle in needles.values():
        if needle:
            starts.setdefault(min(GRAM, len(needle)), set()).add(needle[: min(GRAM, len(needle))])
    where: dict[str, list[int]] = {}
    for size, pieces in starts.items():
        for position in range(start, len(flat) - size + 1):
            piece = flat[position : position + size]
            if piece in pieces:
                where.setdefault(piece, []).append(position)
    found: dict[str, int] = {}
    for name in sorted(wanted, key=lambda n: (-len(needles[n]), n)):
        needle = needles[name]
        if not needle:
            continue
        for position in where.get(needle[: min(GRAM, len(needle))], []):
            if found.get(name, 0) >= wanted[name]:
                break
            end = position + len(needle)
            if flat.startswith(needle, position) and used.find(1, position, end) < 0:
                used[position:end] = b"\x01" * len(needle)
                found[name] = found.get(name, 0) + 1
    return found


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
    start = 0
    if anchor:
        start = _fold(flat).find(_fold(squash(anchor)))
        if start < 0:
            problems.append(f"the signatory section (heading {anchor!r}) is not in the text")
            start = 0
    found = _consume(flat, start, Counter(expected))
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    seen: dict[str, int] = {}
    for name in expected:
        seen[name] = seen.get(name, 0) + 1
        if seen[name] <= found.get(name, 0):
            continue
        near = difflib.get_close_matches(name, lines, n=1, cutoff=0.75)
        problems.append(f"altered: {name!r} appears as {near[0]!r}" if near else f"missing: {name!r}")
    return problems


def pdf_metadata(path: Path) -> tuple[str | None, bytes | None]:
    """The fingerprint in the PDF's document information, and the attached signatory list."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    info = reader.metadata or {}
    printed = info.get("/LetterpipeFingerprint")
    attached = reader.attachments.get("signatories.json")
    return (str(printed) if printed else None), (attached[0] if attached else None)


#: Style words a font's name may add to its family's: ``Noto-Serif-Bold`` is the family Noto Serif.
STYLE_WORDS = frozenset(
    {"regular", "bold", "italic", "oblique", "bolditalic", "boldoblique", "light", "medium", "semibold"}
    | {"demibold", "black", "heavy", "thin", "extralight", "extrabold", "condensed", "semicondensed"}
)


def font_family_of(name: str, families: list[str] | tuple[str, ...]) -> str | None:
    """The configured family that a PDF font name (``ABCDEF+Noto-Serif-CJK-SC-Bold``) belongs to, if any.

    A name is the family's words, joined by hyphens or nothing (PostScript style), followed
    only by style words. ``Noto-Serif-Thai`` is not Noto Serif: "Thai" is not a style.
    """
    base = name.lstrip("/").split("+", 1)[-1]
    words = [w for w in re.split(r"[-_\s]+", base) if w]
    for family in families:
        key = re.sub(r"\s+", "", family).casefold()
        for cut in range(1, len(words) + 1):
            head, rest = "".join(words[:cut]).casefold(), words[cut:]
            styles = "".join(rest).casefold()
            if head == key and (not rest or all(w.casefold() in STYLE_WORDS for w in rest) or styles in STYLE_WORDS):
                return family
    return None


def pdf_font_names(path: Path) -> list[str]:
    """The base font names of every font on every page (and in forms drawn on them), subset tags removed."""
    from pypdf import PdfReader

    names: set[str] = set()

    def visit(resources: Any, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        fonts = resources.get("/Font")
        for font in fonts.get_object().values() if fonts is not None else []:
            font = font.get_object()
            names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object().get("/BaseFont", "")).lstrip("/").split("+", 1)[-1])
        objects = resources.get("/XObject")
        for ref in objects.get_object().values() if objects is not None else []:
            if getattr(ref, "idnum", None) in seen:
                continue
            seen.add(getattr(ref, "idnum", 0))
            form = ref.get_object()
            if form.get("/Subtype") == "/Form":
                visit(form.get("/Resources"), seen)

    for page in PdfReader(str(path)).pages:
        visit(page.get("/Resources"), set())
    return sorted(n for n in names if n)


def fonts_outside(used: list[str], families: list[str] | tuple[str, ...]) -> list[str]:
    """Fonts of ``used`` (PDF base font names) that belong to none of the configured ``families``."""
    return [name for name in used if font_family_of(name, families) is None]


def synthetic_faces(path: Path) -> list[str]:
    """Fonts drawn in a style their embedded program does not have: a synthetic italic or bold.

    WeasyPrint 70 does not shear or embolden glyphs itself: when a face lacks the style asked
    for, it embeds the regular program under a name such as ``Noto-Serif-Hebrew-Oblique``, so
    what readers get is upright text that claims to be italic (and a viewer may slant it). The
    program's own ``head.macStyle`` says which styles it really has.
    """
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    found = []
    for page in PdfReader(str(path)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            words = {w.casefold() for w in re.split(r"[-_\s]+", name)}
            claims_italic, claims_bold = bool(words & {"italic", "oblique", "bolditalic"}), "bold" in words
            if not (claims_italic or claims_bold) or name in found:
                continue
            descendant = font.get("/DescendantFonts", [font])[0].get_object()
            descriptor = descendant.get("/FontDescriptor", {})
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            try:
                style = TTFont(io.BytesIO(program.get_object().get_data()), lazy=True)["head"].macStyle
            except Exception:  # a bare CFF program has no head table: nothing to compare
                continue
            if (claims_bold and not style & 1) or (claims_italic and not style & 2):
                found.append(name)
    return found
