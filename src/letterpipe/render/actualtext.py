"""An exact text layer in every script: each drawn line carries its source text as ``/ActualText``.

A PDF font maps each glyph to one string (``/ToUnicode``), once per font. That cannot express
what shaping does to most of the world's scripts: a Devanagari vowel sign drawn before its
consonant (``ि``), a conjunct glyph standing for three characters, a glyph shared by two
clusters that spell differently, a joiner (ZWNJ, ZWJ) that draws no glyph at all, or a
right-to-left run stored in visual order. WeasyPrint 70 maps each glyph to the text of the
cluster where it first appears, so what readers' tools extract depends on which glyphs other
text happened to use.

PDF's answer (ISO 32000-1, 14.9.4) is a marked-content span with ``/ActualText``: tools that
extract, search, copy or read aloud use that text instead of the glyphs' mappings. Chromium's
PDF backend (Skia) wraps each cluster whose glyphs cannot be mapped one to one. letterpipe wraps
each drawn line fragment (one WeasyPrint text box: a run of text in one style on one line) with
its own logical-order text, which also puts right-to-left runs in reading order, whatever the
drawing order. The glyph-to-Unicode maps stay as they are, for tools that ignore ActualText.

The hook wraps WeasyPrint's ``draw_first_line`` (``weasyprint/draw/text.py``), which writes a
text box's glyph runs; :func:`install` is idempotent and checks it is patching WeasyPrint 70.
It also remembers which text went into which tagged marked-content sequence (MCID), so that
:func:`tag_structure` can put the same ``/ActualText`` on the structure elements: assistive
technology that reads the structure tree gets the text as written too.
"""

from __future__ import annotations

from typing import Any

import pydyf

SUPPORTED_WEASYPRINT = ("70.",)
_installed = False
#: Text drawn per page stream (by ``id``) and MCID, until :func:`tag_structure` collects it.
_drawn: dict[int, dict[int, list[str]]] = {}


def line_text(textbox: Any) -> str:
    """The logical text of the first line of the text box's Pango layout, as drawn."""
    from weasyprint.text.ffi import pango

    layout = textbox.pango_layout
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    data = layout.text.encode("utf-8")
    return data[line.start_index : line.start_index + line.length].decode("utf-8")


def span_properties(text: str) -> pydyf.Dictionary:
    """The property list of a ``/Span`` marked-content sequence carrying ``text``.

    Written as a UTF-16BE string with byte-order mark (pydyf does that for any non-Latin-1 text;
    a Latin-1 string is written as PDFDocEncoding, which agrees with Latin-1 on printable text).
    """
    return pydyf.Dictionary({"ActualText": pydyf.String(text)})


def open_mcid(items: list[Any], end: int) -> int | None:
    """The MCID of the innermost tagged marked-content sequence open at ``items[end]``."""
    depth = 0
    for index in range(end - 1, -1, -1):
        item = items[index]
        if item == b"EMC":
            depth += 1
        elif item in (b"BDC", b"BMC"):
            if depth:
                depth -= 1
                continue
            if item == b"BMC":
                return None
            props = items[index - 1] if index else None
            if isinstance(props, pydyf.Dictionary) and "MCID" in props:
                return int(props["MCID"])
    return None


def tag_structure(pdf: Any) -> None:
    """Give each leaf structure element the ``/ActualText`` of the lines drawn in its content.

    Called from a WeasyPrint finisher, once the tag tree exists. Elements with child elements
    are left alone (their children carry the text); the record of drawn text is then cleared.
    """
    pages = {}
    for reference in pdf.page_references:
        page = pdf.objects[int(reference.split()[0])]
        contents = page.get("Contents")
        if contents is not None:
            stream = pdf.objects[int(bytes(contents).split()[0])]
            pages[bytes(reference)] = _drawn.get(id(stream), {})
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("Type") != "/StructElem":
            continue
        kids, page = item.get("K"), item.get("Pg")
        if not kids or page is None or not all(isinstance(k, int) for k in kids):
            continue
        texts = pages.get(bytes(page), {})
        text = "".join("".join(texts.get(mcid, [])) for mcid in kids)
        if text.strip():
            item["ActualText"] = pydyf.String(text)
    _drawn.clear()


def _wrapped(original: Any) -> Any:
    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        start = len(stream.stream)
        emojis = original(stream, textbox, *args, **kwargs)
        if any(isinstance(item, bytes) and item.endswith(b"TJ") for item in stream.stream[start:]):
            text = line_text(textbox)
            if text.strip():
                mcid = open_mcid(stream.stream, start)
                stream.stream.insert(start, b"/Span " + span_properties(text).data + b" BDC")
                stream.stream.append(b"EMC")
                if mcid is not None:
                    _drawn.setdefault(id(stream), {}).setdefault(mcid, []).append(text)
        return emojis

    draw_first_line.letterpipe_actualtext = True  # type: ignore[attr-defined]
    return draw_first_line


def install() -> None:
    """Patch WeasyPrint's text drawing so every drawn line carries ``/ActualText``.

    Also forgets text recorded by a render that failed before :func:`tag_structure` ran, so a
    reused stream ``id`` can never pick it up.
    """
    global _installed
    _drawn.clear()
    if _installed:
        return
    import weasyprint
    from weasyprint.draw import text as draw_text

    if not weasyprint.__version__.startswith(SUPPORTED_WEASYPRINT):
        raise RuntimeError(f"letterpipe's ActualText hook is written for WeasyPrint 70, found {weasyprint.__version__}")
    if not getattr(draw_text.draw_first_line, "letterpipe_actualtext", False):
        draw_text.draw_first_line = _wrapped(draw_text.draw_first_line)
    _installed = True
