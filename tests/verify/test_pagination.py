"""The signatory list breaks cleanly across pages, proven on the written PDF (issue 11, point 4).

A letter long enough to span pages is rendered in process with the packaged stylesheet: it must
pass. The same page with a stylesheet that strands a heading or splits a name must be caught,
with the heading or name and the page in the message.
"""

import csv
import re

import pytest

from letterpipe.render.html import render_page
from letterpipe.render.languages import get_language
from letterpipe.render.pdf import render_pdf
from letterpipe.source.signatories import fingerprint, to_json
from letterpipe.verify.html import collect_names
from letterpipe.verify.pagination import check_pagination, list_entries
from letterpipe.verify.raster import pdf_words
from letterpipe.verify.report import verify_version

WORDS = ["Digital", "Open", "Civic", "Privacy", "Media", "Youth", "Women’s", "Rural", "Global", "Public"]
KINDS = ["Rights Foundation", "Press Initiative", "Justice Network", "Liberty Centre", "Voices Collective"]
PLACES = ["Kenya", "Côte d’Ivoire", "Perú", "Kraków", "Manila", "Tunis", "Québec"]
ROLE = "Professor of International Law and Director of the Centre for Human Rights and Digital Technology"


@pytest.fixture(scope="module")
def long_letter(tmp_path_factory):
    """The mini letter with 140 organisations and 40 experts with long roles: five pages."""
    from conftest import make_project

    project = make_project(tmp_path_factory.mktemp("long"))
    path = project.signatories_file("mini")
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for i in range(140):
            name = f"{WORDS[i % 10]} {KINDS[i // 10 % 5]} {PLACES[i % 7]} {i}"
            writer.writerow(["organisations", name if i % 9 else f"منظمة الحقوق الرقمية {i}", ""])
        for i in range(40):
            writer.writerow(["experts", f"Expert {WORDS[i % 10]} {i}", f"{ROLE}, {PLACES[i % 7]}"])
    html, _ = render_page(project, "mini", "en", None, ["en"])
    return project, html


def render(project, html, folder, css=""):
    """Write ``html`` (with ``css`` added) and its PDF into ``folder``; the paths."""
    letter, signatories = project.load("mini")
    page = html.replace("</head>", f"<style>{css}</style></head>", 1)
    folder.mkdir()
    (folder / "letter.html").write_text(page, "utf-8")
    pdf, pages = render_pdf(
        page,
        base=folder,
        jail=project.root,
        language=get_language("en"),
        created=letter.date,
        attachments=[("signatories.json", to_json(signatories), "signatories")],
        info={"LetterpipeFingerprint": fingerprint(signatories)},
    )
    (folder / "letter.pdf").write_bytes(pdf)
    return folder / "letter.html", folder / "letter.pdf", pages


def pagination(html, pdf):
    page = collect_names(html)
    return check_pagination(pdf_words(pdf), list_entries(page.headings, page.names, page.roles, page.groups))


def test_a_list_over_several_pages_breaks_cleanly_and_every_entry_is_placed(long_letter, tmp_path):
    project, html = long_letter
    html_path, pdf, pages = render(project, html, tmp_path / "clean")
    assert pages >= 4
    found = pagination(html_path, pdf)
    assert found.problems == [] and found.unplaced == 0
    _, signatories = project.load("mini")
    report = verify_version("en", html_path, pdf, signatories, fonts=get_language("en").all_fonts)
    assert report.problems == [] and report.skipped == []


def test_a_heading_pushed_away_from_its_names_is_caught(long_letter, tmp_path):
    project, html = long_letter
    css = ".signatories h3 { break-after: page !important }"
    html_path, pdf, _ = render(project, html, tmp_path / "lone", css)
    _, signatories = project.load("mini")
    report = verify_version("en", html_path, pdf, signatories)
    lone = [p for p in report.problems if "alone at the bottom" in p]
    assert len(lone) == 2, report.problems
    assert re.fullmatch(
        rf"{re.escape(str(pdf))}: group heading 'Civil society organizations' alone at the bottom of page \d+", lone[0]
    )
    assert "'Independent experts' alone at the bottom of page" in lone[1]


def test_names_split_across_columns_and_pages_are_caught(long_letter, tmp_path):
    project, html = long_letter
    css = "ul.names li { break-inside: auto !important } ul.names.with-roles { columns: 2 !important }"
    html_path, pdf, _ = render(project, html, tmp_path / "split", css)
    problems = pagination(html_path, pdf).problems
    assert problems, "a two-column list of three-line entries that may break anywhere breaks some entry"
    for problem in problems:
        assert re.fullmatch(r"name 'Expert \w+ \d+' split across (columns on page \d+|pages \d+-\d+)", problem), problem
    assert any("columns" in p for p in problems) and any("pages" in p for p in problems), problems


def test_a_wrapped_name_is_not_finished_with_the_same_word_of_the_column_beside_it():
    """Two names share a first line; the one whose first line is on the next page must not borrow
    the last word printed at the same height in the other column (a right-to-left page, as found
    at 5,000 names in Arabic)."""
    from letterpipe.verify.raster import Word

    words = [
        Word(8, (60, 380, 539, 395), "Group"),
        Word(8, (385, 431, 539, 446), "Open Voice"),
        Word(8, (111, 450, 287, 465), "Civic Rights Union"),
        Word(8, (463, 448, 539, 463), "Kyrgyzstan"),
        Word(8, (223, 467, 287, 482), "Kazakhstan"),
        Word(9, (111, 100, 287, 115), "Civic Rights Union"),
        Word(9, (211, 117, 287, 132), "Kyrgyzstan"),
    ]
    names = ["Open Voice Kyrgyzstan", "Civic Rights Union Kyrgyzstan", "Civic Rights Union Kazakhstan"]
    entries = list_entries(["Group"], names, ["", "", ""], [0, 0, 0])
    found = check_pagination(words, entries)
    assert found.problems == [] and found.unplaced == 0
    # now one name does run onto the next page: that, and only that, is reported
    words[4:] = [
        Word(9, (111, 100, 287, 115), "Civic Rights Union Kyrgyzstan"),
        Word(9, (223, 117, 287, 132), "Kazakhstan"),
    ]
    assert check_pagination(words, entries).problems == ["name 'Civic Rights Union Kazakhstan' split across pages 8-9"]
