import datetime as dt

import pytest
from readback import pdf_catalog, pdf_fonts, pdf_info, pdf_text

from letterpipe.errors import RenderError
from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf

DATE = dt.date(2021, 9, 30)


def page(body: str, lang: str = "en", head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>T</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def render(tmp_path, html, lang="en", **kwargs):
    pdf, pages = render_pdf(html, tmp_path, tmp_path, get_language(lang), DATE, **kwargs)
    out = tmp_path / "out.pdf"
    out.write_bytes(pdf)
    return out, pages


def test_files_outside_the_project_are_never_read(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET CONTENT")
    html = page(f'<link rel="attachment" href="file://{secret}"><p>hi</p>')
    with pytest.raises(RenderError, match="outside"):
        render_pdf(html, project, project, get_language("en"), DATE)


def test_network_is_never_fetched(tmp_path):
    html = page('<img src="http://127.0.0.1:9/x.png"><p>hi</p>')
    with pytest.raises(RenderError, match="only project files"):
        render(tmp_path, html)


def test_missing_glyph_is_an_error_naming_language_characters_and_fonts(tmp_path):
    html = page("<p style=\"font-family: 'Noto Serif'\">Name with \U0001f9ff and \u0e01</p>")
    with pytest.raises(RenderError) as info:
        render(tmp_path, html)
    message = str(info.value)
    assert "en:" in message and "U+1F9FF" in message and "Noto Serif" in message


def test_pdf_is_tagged_ua_with_metadata_and_embedded_subset_fonts(tmp_path):
    head = '<meta name="author" content="A coalition"><meta name="keywords" content="Pegasus">'
    out, pages = render(tmp_path, page("<h1>Titre</h1><p>Bonjour</p>", "fr", head), "fr")
    info = pdf_info(out)
    assert pages == 1 and info["Tagged"] == "yes" and info["Author"] == "A coalition"
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdf_fonts(out))
    assert pdf_catalog(out)["/Lang"] == "fr"
    assert "Bonjour" in pdf_text(out)


def test_same_input_gives_identical_bytes(tmp_path):
    html = page("<p>Same</p>")
    first, _ = render(tmp_path, html)
    a = first.read_bytes()
    second, _ = render(tmp_path, html)
    assert second.read_bytes() == a
