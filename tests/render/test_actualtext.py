"""The text layer in every script: what poppler and pypdf extract equals the source text."""

import datetime as dt

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream, NameObject
from readback import pdf_actual_text, pdftotext_raw, reading, undo_poppler_rtl

from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf
from letterpipe.verify.pdf import fonts_outside, pdf_font_names, read_pdf_text, synthetic_faces

DATE = dt.date(2026, 3, 8)
#: Text whose glyphs cannot be mapped one to one: reordered vowel signs, conjuncts, joiners,
#: ligatures, right-to-left runs with neutral characters, clusters of several marks.
SAMPLES = {
    "hi": ("Noto Serif Devanagari", ["अधिक", "नागरिक समाज", "हस्ताक्षरकर्ता", "डिजिटल अधिकार मंच"]),
    "bn": ("Noto Serif Bengali", ["কিছু", "স্বাক্ষরকারী", "আইন ও সালিশ কেন্দ্র"]),
    "ta": ("Noto Serif Tamil", ["கொள்கை", "மக்கள் கண்காணிப்பகம்"]),
    "fa": ("Noto Naskh Arabic", ["سازمان\u200cها", "انجمن\u200cهای صنفی روزنامه\u200cنگاران (AID) ۱۲۳"]),
    "ar": ("Noto Naskh Arabic", ["لا إله", "حملة - المركز العربي لتطوير الإعلام الاجتماعي"]),
    "he": ("Noto Serif Hebrew", ["האגודה לזכויות האזרח (ACRI) 2026"]),
    "th": ("Noto Serif Thai", ["ศูนย์ทนายความเพื่อสิทธิมนุษยชน"]),
    "km": ("Noto Serif Khmer", ["អង្គការលីកាដូ", "ស្ត្រី"]),
    "my": ("Noto Serif Myanmar", ["မြန်မာ့ဒီမိုကရေစီအဖွဲ့"]),
    "ko": ("Noto Serif CJK KR", ["참여연대", "한글"]),
}


def render(tmp_path, lang, body, name="out.pdf"):
    language = get_language(lang)
    html = (
        f'<!DOCTYPE html><html lang="{language.tag}" dir="{language.direction}"><head><meta charset="utf-8">'
        f"<title>T</title></head><body>{body}</body></html>"
    )
    pdf, _ = render_pdf(html, tmp_path, tmp_path, language, DATE)
    out = tmp_path / name
    out.write_bytes(pdf)
    return out


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_every_script_extracts_exactly(tmp_path, lang):
    font, texts = SAMPLES[lang]
    # The glyphs of the last sample are drawn first, alone and in other words, so a per-font
    # glyph-to-text map would be filled by other clusters before the samples are drawn.
    warmup = " ".join(ch for ch in texts[-1] if not ch.isspace())
    body = f"<p style=\"font-family: '{font}'\">{warmup}</p>" + "".join(
        f"<p style=\"font-family: '{font}'\">{text}</p>" for text in texts
    )
    out = render(tmp_path, lang, body)
    poppler = reading(undo_poppler_rtl(pdftotext_raw(out)))
    pypdf = reading(pdf_actual_text(out))
    letterpipe = reading(read_pdf_text(out).text)
    for text in texts:
        assert reading(text) in poppler
        assert reading(text) in pypdf
        assert reading(text) in letterpipe
    if lang in ("fa", "he", "ar"):
        # Right-to-left text is in logical order for letterpipe and pypdf without any reordering.
        assert texts[-1] in read_pdf_text(out).text


def test_joiners_survive_where_the_pdf_carries_them(tmp_path):
    out = render(tmp_path, "fa", "<p style=\"font-family: 'Noto Naskh Arabic'\">سازمان\u200cها</p>")
    assert "سازمان\u200cها" in read_pdf_text(out).text
    assert "سازمان\u200cها" in pdf_actual_text(out)


def test_text_without_actualtext_is_counted_as_unreadable(tmp_path):
    out = render(tmp_path, "hi", "<p style=\"font-family: 'Noto Serif Devanagari'\">अधिक</p>")
    reader = PdfReader(str(out))
    writer = PdfWriter(clone_from=reader)
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    content.operations = [
        (args, op)
        for args, op in content.operations
        if not (op == b"BDC" and len(args) > 1 and hasattr(args[1], "get") and "/ActualText" in args[1])
        and op != b"EMC"
    ]
    page[NameObject("/Contents")] = writer._add_object(content)
    stripped = tmp_path / "stripped.pdf"
    with stripped.open("wb") as handle:
        writer.write(handle)
    assert read_pdf_text(out).unlabelled == 0
    assert read_pdf_text(stripped).unlabelled > 0


def test_synthetic_italic_and_foreign_faces_are_found(tmp_path):
    out = render(
        tmp_path,
        "he",
        "<p style=\"font-family: 'Noto Serif Hebrew'; font-style: italic\">האגודה</p>"
        "<p style=\"font-family: 'DejaVu Sans'\">Access Now</p><p style=\"font-family: 'Noto Serif'\">"
        "<i>Access</i> <b>Now</b></p>",
    )
    assert synthetic_faces(out) == ["Noto-Serif-Hebrew-Oblique"]
    assert fonts_outside(pdf_font_names(out), get_language("he").all_fonts) == ["DejaVu-Sans"]


def test_right_to_left_pdfs_declare_their_direction(tmp_path):
    rtl = PdfReader(str(render(tmp_path, "fa", "<p>سلام</p>", "fa.pdf"))).trailer["/Root"]["/ViewerPreferences"]
    ltr = PdfReader(str(render(tmp_path, "en", "<p>Hello</p>", "en.pdf"))).trailer["/Root"]["/ViewerPreferences"]
    assert rtl["/Direction"] == "/R2L" and ltr["/Direction"] == "/L2R"


@pytest.mark.parametrize("keep", [0, 3])
def test_cjk_paragraphs_never_end_on_one_character(tmp_path, keep):
    from markupsafe import Markup

    from letterpipe.render.html import keep_last

    # Twenty-one ideographs in a box ten wide: lines of 10, 10 and 1 unless the end is kept together.
    text = "市民社会団体は監視技術の輸出規制を強く求めます各国政府"[:21]
    body = (
        "<style>.keep { white-space: nowrap; } p { width: 10em; font: 20px 'Noto Serif CJK JP'; line-break: strict; }"
        f"</style><p>{keep_last(Markup(text), keep)}</p>"
    )
    lines = [line for line in pdftotext_raw(render(tmp_path, "ja", body)).splitlines() if line.strip()]
    assert "".join(lines) == text
    assert (len(lines[-1]) == 1) == (keep == 0), lines


def test_cjk_lines_never_start_with_closing_punctuation(tmp_path):
    # A comma and a full stop fall where a ten-wide line would break (characters 11 and 21).
    text = "市民社会団体は監視技、術の輸出規制を強く。求めます各国政府に対し"
    assert text[10] == "、" and text[20] == "。"
    body = f"<p style=\"width: 10em; font: 20px 'Noto Serif CJK JP'; line-break: strict\">{text}</p>"
    lines = [line for line in pdftotext_raw(render(tmp_path, "ja", body)).splitlines() if line.strip()]
    assert "".join(lines) == text and len(lines) > 2
    assert not any(line[0] in "、。」）" for line in lines), lines


def test_structure_elements_carry_the_text_for_assistive_technology(tmp_path):
    out = render(
        tmp_path,
        "hi",
        "<p style=\"font-family: 'Noto Serif Devanagari'\">नागरिक समाज <b>अधिक</b></p><h1>हस्ताक्षरकर्ता</h1>",
    )
    texts = []

    def walk(element):
        element = element.get_object()
        if "/ActualText" in element:
            texts.append(str(element["/ActualText"]))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if hasattr(kid, "get_object") and getattr(kid.get_object(), "get", lambda _: None)("/S"):
                walk(kid)

    walk(PdfReader(str(out)).trailer["/Root"]["/StructTreeRoot"])
    assert [t.strip() for t in texts] == ["नागरिक समाज", "अधिक", "हस्ताक्षरकर्ता"]
