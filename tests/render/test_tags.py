"""The structure tree letterpipe's PDFs carry, read back with pikepdf: page furniture is an
artifact, every element is linked both ways, and text in another language has its own /Lang."""

from __future__ import annotations

import datetime as dt

import pikepdf

from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf
from letterpipe.verify.conformance import check_pdf

DATE = dt.date(2021, 9, 30)
FURNITURE = """<style>@page { size: A6; margin: 20mm 10mm;
  @top-left { content: "Running title"; } @bottom-center { content: "Page " counter(page) " of " counter(pages); } }
</style>"""


def render(tmp_path, lang: str, body: str):
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>{FURNITURE}</head>'
        f"<body>{body}</body></html>"
    )
    pdf, _ = render_pdf(html, tmp_path, tmp_path, get_language(lang), DATE)
    out = tmp_path / f"{lang}.pdf"
    out.write_bytes(pdf)
    return out


def tree(path):
    """(element, parent) for every element reached from the root, and every StructElem in the file."""
    pdf = pikepdf.open(path)
    reached, stack = [], [(kid, pdf.Root.StructTreeRoot) for kid in pdf.Root.StructTreeRoot.K]
    while stack:
        element, parent = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and element.get("/Type") == "/StructElem":
            reached.append((element, parent))
            kids = element.get("/K", [])
            stack += [(kid, element) for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])]
    every = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/StructElem"]
    return pdf, reached, every


def test_running_header_and_page_numbers_are_artifacts_and_every_element_is_linked_both_ways(tmp_path):
    out = render(
        tmp_path,
        "en",
        "<h1>Title</h1>" + "".join(f"<p>Paragraph {chr(65 + i) * 3} of the letter.</p>" for i in range(40)),
    )
    pdf, reached, every = tree(out)
    assert len(pdf.pages) >= 2
    assert len(reached) == len(every), "an element names a parent that does not list it"
    assert all(element.P.objgen == parent.objgen for element, parent in reached)
    for page in pdf.pages:
        artifacts = [
            op.operands[1]
            for op in pikepdf.parse_content_stream(page)
            if str(op.operator) == "BDC" and op.operands[0] == "/Artifact"
        ]
        assert {str(a.get("/Subtype")) for a in artifacts if a.get("/Type") == "/Pagination"} >= {"/Footer"}
    assert "Running title" not in "".join(str(e.get("/ActualText", "")) for e, _ in reached)
    assert check_pdf(out) == []


def test_fallback_passage_and_foreign_script_names_get_their_own_lang(tmp_path):
    body = (
        "<p>Nous, soussignés, appelons les États membres.</p>"
        '<p lang="en">This passage is not translated yet and is read in English.</p>'
        "<ul><li>Access Now</li><li>Амнистия</li></ul>"
    )
    out = render(tmp_path, "fr", body)
    _open, reached, _ = tree(out)  # keep the PDF open while its objects are read
    langs = {str(e.S): str(e.Lang) for e, _ in reached if "/Lang" in e}
    assert "en" in langs.values() and "und-Cyrl" in langs.values()
    assert not any(lang.lower() == "fr" for lang in langs.values()), "no element repeats the page's language"
    foreign = [("en", "This passage is not translated yet and is read in English.")]
    assert check_pdf(out, foreign=foreign, script="Latn") == []
    with pikepdf.open(out) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Lang") == "en":
                del obj.Lang
        pdf.save(tmp_path / "unmarked.pdf")
    findings = [str(f) for f in check_pdf(tmp_path / "unmarked.pdf", foreign=foreign, script="Latn")]
    assert findings == [
        "[lang] the passage 'This passage is not translated yet and is read in English.' (lang=en in the HTML)"
        " is not marked /Lang en in the PDF"
    ]

    arabic = render(tmp_path, "ar", '<p>نحن الموقعين أدناه</p><ul><li dir="ltr">Amnesty International</li></ul>')
    _open, reached, _ = tree(arabic)
    assert "und-Latn" in {str(e.get("/Lang")) for e, _ in reached}
    assert check_pdf(arabic, script="Arab") == []


def test_links_are_in_the_tree_and_an_untagged_annotation_is_named(tmp_path):
    out = render(tmp_path, "en", '<p>See <a href="https://example.org/report">the report</a>.</p>')
    assert check_pdf(out) == []
    with pikepdf.open(out) as pdf:
        del pdf.pages[0].Annots[0].StructParent
        pdf.save(tmp_path / "broken.pdf")
    findings = [str(f) for f in check_pdf(tmp_path / "broken.pdf")]
    assert findings == ["[structure] page 1: a /Link annotation is not in the structure tree"]
