"""The seed letter in the six UN languages, read back from the built HTML and PDF."""

from __future__ import annotations

import json

import polib
import pytest
from conftest import SEED_LANGUAGES
from pypdf import PdfReader
from readback import csv_names, html_names, html_soup, missing_in_order, pdf_catalog, pdf_fonts, pdf_info, pdf_text

pytestmark = pytest.mark.e2e
SLUG = "pegasus-hrc48"
TITLE = "Coalition letter to the UN Human Rights Council on Pegasus"


def expected_title(project, lang: str) -> str:
    if lang == "en":
        return TITLE
    return polib.pofile(str(project.po_file(SLUG, lang))).find(TITLE).msgstr


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_every_version_has_its_title_and_all_99_names_in_order(seed_build, lang):
    out = seed_build.build / SLUG / lang
    names = csv_names(seed_build.signatories_file(SLUG))
    assert len(names) == 99
    text = pdf_text(out / "letter.pdf", rtl_page=lang == "ar")
    assert expected_title(seed_build, lang) in " ".join(text.split())
    assert missing_in_order(text, names) == []
    assert html_names(out / "letter.html") == names
    info = json.loads((out / "letter.json").read_text("utf-8"))
    assert info["complete"], f"{lang} has untranslated or fuzzy messages: {info['missing'][:3]}"
    assert "draft" not in html_soup(out / "letter.html").html.get("class", [])


@pytest.mark.parametrize("lang", SEED_LANGUAGES)
def test_fonts_are_embedded_subset_and_right_for_the_script(seed_build, lang):
    pdf = seed_build.build / SLUG / lang / "letter.pdf"
    fonts = pdf_fonts(pdf)
    assert fonts and all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts)
    families = {f["name"].split("+", 1)[1] for f in fonts}
    if lang == "ar":
        assert any(name.startswith("Noto-Naskh-Arabic") for name in families)
    if lang == "zh_Hans":
        assert any("CJK-SC" in name for name in families)
        assert not any("CJK-JP" in name for name in families)
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes" and info["Title"] == expected_title(seed_build, lang)
    assert pdf_catalog(pdf)["/Lang"] == lang.replace("_", "-")
    log = (seed_build.build / "logs" / SLUG / lang / "version.log").read_text("utf-8")
    assert ".notdef" not in log and "WARNING" not in log


def test_arabic_page_is_rtl_and_latin_names_keep_their_punctuation(seed_build):
    out = seed_build.build / SLUG / "ar"
    soup = html_soup(out / "letter.html")
    assert soup.html["dir"] == "rtl" and soup.html["lang"] == "ar"
    spans = {s.get_text(): s["dir"] for s in soup.select(".signatories .name")}
    assert spans["Advocacy Initiative for Development (AID)"] == "ltr"
    lines = [" ".join(line.split()) for line in pdf_text(out / "letter.pdf", rtl_page=True).splitlines()]
    for name in ("Advocacy Initiative for Development (AID)", "Barracón Digital – Honduras"):
        assert name in lines, f"{name!r} not extracted intact"


def test_french_version_date_and_typography(seed_build):
    text = pdf_text(seed_build.build / SLUG / "fr" / "letter.pdf")
    assert "30 septembre 2021" in text
    html = (seed_build.build / SLUG / "fr" / "letter.html").read_text("utf-8")
    assert "\u202f»" in html or "\u202f:" in html


def test_index_lists_every_version_with_a_preview(seed_build):
    soup = html_soup(seed_build.build / SLUG / "index.html")
    for lang in SEED_LANGUAGES:
        assert soup.select_one(f'img[src="{lang}/preview.png"]')
        assert (seed_build.build / SLUG / lang / "preview.png").stat().st_size > 1000


def test_release_of_the_seed_letter_carries_one_fingerprint_everywhere(seed_build):
    import subprocess
    import sys
    from pathlib import Path

    letterpipe = str(Path(sys.executable).with_name("letterpipe"))
    for lang in seed_build.catalog_languages(SLUG):
        approve = [letterpipe, "-C", str(seed_build.root), "approve", SLUG, lang, "--by", "tests"]
        subprocess.run(approve, capture_output=True, text=True, check=True)
    result = subprocess.run([letterpipe, "-C", str(seed_build.root), "release"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    folder = seed_build.build / SLUG / "releases" / "1"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["languages"] == ["ar", "en", "es", "fr", "ru", "zh_Hans"]
    for lang in manifest["languages"]:
        pdf = folder / f"{SLUG}_{lang}.pdf"
        assert manifest["fingerprint"] in "".join(pdf_text(pdf).split())
        assert PdfReader(str(pdf)).metadata["/LetterpipeFingerprint"] == manifest["fingerprint"]
