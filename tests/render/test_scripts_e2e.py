"""Every language of the packaged table, end to end: a short letter (a real sentence, a date, a
figure, a plural) signed by organisations whose names are in fifteen scripts, built and released
by the real workflow once, then read back with poppler and pypdf, independently of letterpipe."""

import re

import polib
import pytest
from readback import (
    csv_names,
    font_in_families,
    html_soup,
    pdf_actual_text,
    pdf_catalog,
    pdf_fonts,
    pdftotext_raw,
    reading,
    undo_poppler_rtl,
)

from letterpipe.render.languages import load_languages
from letterpipe.verify.pdf import read_pdf_text

REQUIRED = [
    "ar",
    "am",
    "bn",
    "de",
    "el",
    "en",
    "es",
    "fa",
    "fr",
    "he",
    "hi",
    "hy",
    "id",
    "it",
    "ja",
    "ka",
    "km",
    "ko",
    "my",
    "nl",
    "pl",
    "pt",
    "pt_BR",
    "ru",
    "sw",
    "ta",
    "th",
    "tr",
    "uk",
    "ur",
    "vi",
    "zh_Hans",
    "zh_Hant",
]
TABLE = load_languages()
SENTENCE = "More than *50,000* journalists were placed under surveillance."
PAGE = "Page %(page)s of %(pages)s"


def test_the_table_has_the_languages_coalitions_publish_in():
    assert set(REQUIRED) <= set(TABLE)


def translated(project, lang, msgid):
    if lang == "en":
        return msgid
    po = polib.pofile(str(project.po_file("world", lang)))
    return po.find(msgid).msgstr


@pytest.mark.parametrize("lang", sorted(TABLE))
def test_each_language_reads_back_exactly(world_release, lang):
    language = TABLE[lang]
    out = world_release.build / "world" / lang
    names = csv_names(world_release.signatories_file("world"))
    sentence = translated(world_release, lang, SENTENCE).replace("*", "")

    soup = html_soup(out / "letter.html")
    assert [s.get_text() for s in soup.select(".signatories .name")] == names
    assert sentence in [p.get_text() for p in soup.select(".body p")]
    date = soup.select_one("time").get_text()
    assert set(re.findall(r"\d", date)) <= set(language.digits) and re.search(r"\d", date)

    pdf = out / "letter.pdf"
    poppler = reading(undo_poppler_rtl(pdftotext_raw(pdf)))
    pypdf = reading(pdf_actual_text(pdf))
    page_label = translated(world_release, lang, PAGE) % {"page": language.digits[1], "pages": language.digits[1]}
    for text in (*names, sentence, page_label, date):
        assert reading(text) in poppler, (text, poppler)
        assert reading(text) in pypdf, (text, pypdf)

    stray = [f["name"] for f in pdf_fonts(pdf) if not font_in_families(f["name"], language.all_fonts)]
    assert stray == []
    read = read_pdf_text(pdf)
    assert read.sheared == 0 and read.unlabelled == 0
    direction = pdf_catalog(pdf)["/ViewerPreferences"]["/Direction"]
    assert direction == ("/R2L" if language.direction == "rtl" else "/L2R")


def test_every_version_is_released(world_release):
    released = {p.name for p in (world_release.build / "world" / "release").glob("*.pdf")}
    assert released == {f"world_{lang}.pdf" for lang in TABLE}


def test_persian_prints_persian_digits_in_date_count_and_page_numbers(world_release):
    out = world_release.build / "world" / "fa"
    text = reading(undo_poppler_rtl(pdftotext_raw(out / "letter.pdf")))
    assert reading("۸ مارس ۲۰۲۶") in text
    assert reading("صفحهٔ ۱ از ۱") in text
    assert reading("۱۸ امضاکننده") in text
    assert not re.search(r"[0-9]", html_soup(out / "letter.html").select_one("time").get_text())
