import pytest
from readback import html_soup

from letterpipe.catalogs.mofile import compile_catalog
from letterpipe.catalogs.pofile import read_catalog
from letterpipe.errors import LetterpipeError
from letterpipe.render.html import css_page_counter, css_string, render_page


def compiled(project, tmp_path, mutate=None):
    po = project.po_file("mini", "fr")
    catalog = read_catalog(po, "fr")
    if mutate:
        mutate(catalog)
    mo = tmp_path / "fr.mo"
    mo.write_bytes(compile_catalog(catalog, po))
    return mo


def render_fr(project, tmp_path, mutate=None):
    html, info = render_page(project, "mini", "fr", compiled(project, tmp_path, mutate), ["en", "fr"])
    page = tmp_path / "fr.html"
    page.write_text(html, "utf-8")
    return html_soup(page), info


def test_french_page_has_lang_dir_date_links_and_names(mini, tmp_path):
    soup, info = render_fr(mini, tmp_path)
    assert soup.html["lang"] == "fr" and soup.html["dir"] == "ltr"
    assert soup.title.get_text() == "Lettre commune sur la surveillance"
    assert soup.find("time").get_text() == "30 septembre 2021"
    assert {link["hreflang"] for link in soup.select('link[rel="alternate"]')} == {"en", "fr"}
    assert soup.select_one(".lede em").get_text() == "moratoire"
    link = soup.select_one(".body a")
    assert link["href"] == "https://forbiddenstories.org/case/the-pegasus-project/"
    assert [li.get_text() for li in soup.select(".body ul li")] == [
        "Dénoncer les abus.",
        "Mandater des enquêtes indépendantes.",
    ]
    names = [span.get_text() for span in soup.select(".signatories .name")]
    assert names[1] == "Asociación por los Derechos Civiles (ADC), Argentina"
    assert len(names) == 7
    arabic = soup.select(".signatories .name")[4]
    assert arabic["dir"] == "rtl"
    assert info.complete and not soup.select(".incomplete") and "draft" not in soup.html.get("class", [])
    assert "maintenant\u202f: sans attendre\u202f!" in soup.select(".body p")[-2].get_text()


def test_untranslated_and_fuzzy_fall_back_to_english_and_say_so(mini, tmp_path):
    def mutate(catalog):
        catalog["Denounce the abuses."].flags.add("fuzzy")
        catalog["Our requests"].string = ""

    soup, info = render_fr(mini, tmp_path, mutate)
    assert not info.complete and set(info.missing) == {"Denounce the abuses.", "Our requests"}
    notice = soup.select_one(".incomplete").get_text()
    assert "incomplète" in notice and "anglais" in notice
    fallback = soup.select(".body ul li")[0]
    assert fallback.get_text() == "Denounce the abuses." and fallback["lang"] == "en"
    assert "draft" in soup.html["class"]


def test_translations_and_names_are_escaped(mini, tmp_path):
    def mutate(catalog):
        catalog["Our requests"].string = '<img src=x onerror="alert(1)">Nos demandes'
        catalog["Download PDF"].string = "<script>alert(1)</script>"
        catalog["Page %(page)s of %(pages)s"].string = 'Page %(page)s</style><script>x</script> "sur" %(pages)s'

    csv = mini.signatories_file("mini")
    csv.write_text(csv.read_text("utf-8") + 'organisations,"<b>Bold</b> & Co",\n', "utf-8")
    soup, _ = render_fr(mini, tmp_path, mutate)
    assert not soup.find("img") and not soup.find("script") and not soup.find("b")
    assert "<b>Bold</b> & Co" in [s.get_text() for s in soup.select(".name")]
    assert len(soup.find_all("style")) == 1
    assert "<img" in soup.select_one(".body h3").get_text()


def test_source_language_needs_no_catalog(mini, tmp_path):
    html, info = render_page(mini, "mini", "en", None, ["en", "fr"])
    assert info.complete and 'lang="en"' in html and "September 30, 2021" in html


def test_css_helpers_cannot_break_out_of_strings():
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'
    label = css_page_counter("Page \ue000 sur \ue001")
    assert label == '"Page " counter(page, decimal) " sur " counter(pages, decimal)'
    assert css_page_counter("\ue000", "persian") == "counter(page, persian)"
    with pytest.raises(LetterpipeError):
        css_page_counter("\ue000", "x) url(evil")


def test_page_counter_label_survives_ampersands(mini, tmp_path):
    def mutate(catalog):
        catalog["Page %(page)s of %(pages)s"].string = "p. %(page)s & %(pages)s"

    soup, _ = render_fr(mini, tmp_path, mutate)
    assert '"p. " counter(page, decimal) " & " counter(pages, decimal)' in soup.style.string
