"""The translator's preview rendered in process: marks, findings, errors, and the PDF's margin marks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTRect, LTTextContainer

from letterpipe.errors import CatalogError
from letterpipe.live.marks import CLOSE, ID_BASE, OPEN, Entry, apply_marks
from letterpipe.live.page import letter_page, print_page
from letterpipe.live.render import render_preview
from letterpipe.live.server import LivePreview
from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf

MM = 72 / 25.4


def tree_digest(folder: Path) -> dict[str, str]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def edit_po(project, old: str, new: str) -> Path:
    po = project.po_file("mini", "fr")
    text = po.read_text("utf-8")
    assert old in text
    po.write_text(text.replace(old, new, 1), "utf-8")
    return po


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def entry_start(path: Path, text: str) -> int:
    """The first line of the entry holding ``text`` (its first comment), as msgfmt and polib count."""
    lines = path.read_text("utf-8").splitlines()
    n = line_of(path, text)
    while n > 1 and lines[n - 2].strip():
        n -= 1
    return n


@pytest.fixture
def working(mini):
    """The French catalog mid-work: one fuzzy entry, one untranslated, one with a figure dropped."""
    edit_po(mini, 'msgid "Excellencies,"\nmsgstr "Excellences,"', 'msgid "Excellencies,"\nmsgstr ""')
    entry = '#: letters/mini/letter.md:16\nmsgid "Our requests"'
    edit_po(mini, entry, "#, fuzzy\n" + entry)
    edit_po(mini, "des 50 000 numéros", "des numéros")
    return mini


def test_every_message_is_marked_with_its_state_and_line_and_findings_sit_beside_it(working, tmp_path):
    before = tree_digest(working.locale)
    preview = render_preview(working, "mini", "fr", tmp_path)
    assert tree_digest(working.locale) == before and not working.build.exists()
    assert (preview.count("fuzzy"), preview.count("untranslated")) == (1, 1)
    assert preview.draft

    po = working.po_file("mini", "fr")
    soup = BeautifulSoup(letter_page(preview, 3, "n0nce"), "html.parser")
    requests_line = entry_start(po, 'msgid "Our requests"')
    fuzzy = soup.select("mark.lp-fuzzy")
    assert [m.get_text() for m in fuzzy] == ["Nos demandes"], "the fuzzy translation is shown, marked"
    assert fuzzy[0]["data-where"] == f"locale/fr/LC_MESSAGES/mini.po:{requests_line}"
    untranslated = soup.select("mark.lp-untranslated")
    assert [m.get_text() for m in untranslated] == ["Excellencies,"], "the source text stands in, marked"

    paragraph = next(m for m in soup.select("mark.lp") if m.get_text().startswith("Nous, organisations"))
    notes = [n.get_text() for n in paragraph.find_next_sibling(class_="lp-notes").select(".lp-note")]
    line = entry_start(po, "Nous, organisations")
    assert any(f"locale/fr/LC_MESSAGES/mini.po:{line} [numbers]" in n and "50000" in n for n in notes), notes
    panel = soup.select_one(".lp-panel").get_text(" ")
    assert "1 fuzzy" in panel and "1 untranslated" in panel and "[numbers]" in panel

    assert soup.title.get_text() == "Lettre commune sur la surveillance"
    page = str(soup)
    assert OPEN not in page and CLOSE not in page and chr(ID_BASE) not in page
    assert soup.html["data-lp-version"] == "3"


def test_markers_become_marks_in_text_only_and_are_stripped_elsewhere():
    entry = Entry(0, "fuzzy", "x.po:7", (None, "Hi"))
    wrapped = f"{OPEN}{chr(ID_BASE)}Salut <b>&amp;</b>{CLOSE}"
    html = (
        f'<html><head><title>{wrapped}</title><style>a::after {{ content: "{wrapped}" }}</style></head>'
        f'<body><p title="{wrapped}">{wrapped}</p></body></html>'
    )
    out = apply_marks(html.replace("<b>&amp;</b>", ""), [entry])
    soup = BeautifulSoup(out, "html.parser")
    assert soup.title.get_text() == "Salut " and soup.p["title"] == "Salut "
    assert 'content: "Salut "' in soup.style.get_text()
    assert soup.p.mark["class"] == ["lp", "lp-fuzzy"] and soup.p.mark.get_text() == "Salut "


def test_a_broken_catalog_is_reported_with_its_file_and_line(working, tmp_path):
    po = edit_po(working, 'msgstr "Nos demandes"', 'msgtsr "Nos demandes"')
    with pytest.raises(CatalogError) as caught:
        render_preview(working, "mini", "fr", tmp_path)
    assert caught.value.line == line_of(po, 'msgtsr "Nos demandes"')
    live = LivePreview(working, "mini", "fr", tmp_path)
    snapshot = live.refresh()
    assert snapshot.preview is None
    assert snapshot.error.startswith(f"locale/fr/LC_MESSAGES/mini.po:{caught.value.line}: ")
    assert live.pdf() == (None, snapshot.error)


def test_a_broken_placeholder_is_reported_at_the_translators_line(working, tmp_path):
    po = edit_po(working, 'msgstr "Page %(page)s sur %(pages)s"', 'msgstr "Page %(page)s sur %(total)s"')
    with pytest.raises(CatalogError) as caught:
        render_preview(working, "mini", "fr", tmp_path)
    line = line_of(po, 'msgid "Page %(page)s')
    assert f"locale/fr/LC_MESSAGES/mini.po:{line}: " in str(caught.value), "the msgid's line, as msgfmt says"
    assert "total" in str(caught.value)


def test_the_pdf_marks_fuzzy_and_untranslated_lines_in_the_margin(working, tmp_path):
    preview = render_preview(working, "mini", "fr", tmp_path)
    letter, _ = working.load("mini")
    data, _ = render_pdf(print_page(preview), tmp_path, tmp_path, get_language("fr"), letter.date)
    (tmp_path / "p.pdf").write_bytes(data)
    page = next(iter(extract_pages(str(tmp_path / "p.pdf"))))
    lines = [(t.get_text().strip(), t) for box in page if isinstance(box, LTTextContainer) for t in box]
    marks = [r for r in page if isinstance(r, LTRect) and r.x1 < 20 * MM and r.width < 4 * MM]
    assert len(marks) == 2, [(r.bbox, r.non_stroking_color) for r in page if isinstance(r, LTRect)]
    for text in ("Excellencies,", "Nos demandes"):
        line = next(t for label, t in lines if label.startswith(text))
        assert any(m.y0 < line.y1 and line.y0 < m.y1 for m in marks), (text, line.bbox, [m.bbox for m in marks])
    assert not any(label.startswith("locale/fr") for label, _ in lines), "notes are for the screen only"
