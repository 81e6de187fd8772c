"""The lean WeasyPrint HTML (render/lean.py) renders a letter byte for byte as the stock one does."""

from weasyprint import HTML

from letterpipe.render.html import render_page
from letterpipe.render.lean import html_for, lean_html_class, uses_notes


def test_a_letter_renders_identically_without_the_note_rules(mini, tmp_path):
    html, _ = render_page(mini, "mini", "en", None, ["en", "fr"])
    assert not uses_notes(html)
    lean = html_for(html, base_url=str(tmp_path) + "/")
    assert type(lean) is lean_html_class()
    assert lean.write_pdf() == HTML(string=html, base_url=str(tmp_path) + "/").write_pdf()


def test_a_page_with_footnotes_keeps_the_stock_stylesheet():
    page = '<p>Text<span style="float: footnote">A note</span></p>'
    assert uses_notes(page) and type(html_for(page)) is HTML
