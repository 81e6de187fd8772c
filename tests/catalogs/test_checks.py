import polib

from letterpipe.catalogs.checks import check_catalog, check_message, numbers

NAMES = ["Amnesty International", "Citizen Lab"]


def kinds(source, translation):
    return [check for check, _ in check_message(source, translation, NAMES)]


def test_numbers_in_any_locale_form_are_the_same_figure():
    source = numbers("a leak of 50,000 numbers, 180 journalists in 20 countries, 2016 to June 2021")
    for translation in (
        "une fuite de 50 000 numéros, 180 journalistes dans 20 pays, de 2016 à juin 2021",
        "una filtración de 50.000 números, 180 periodistas en 20 países, de 2016 a junio de 2021",
        "تسريب ٥٠٬٠٠٠ رقم و180 صحفيًا في 20 بلدًا بين 2016 ويونيو 2021",
        "утечка 50\u00a0000 номеров, 180 журналистов в 20 странах, с 2016 по июнь 2021",
    ):
        assert source <= numbers(translation), translation


def test_each_check_catches_its_fault():
    assert kinds("See [this](https://a.org).", "Voir [ceci](https://b.org).") == ["links"]
    assert kinds("A *very* grave matter.", "Une affaire très grave.") == ["emphasis"]
    assert kinds("At least 180 journalists.", "Au moins 18 journalistes.") == ["numbers"]
    assert kinds("Amnesty International confirmed it.", "Amnistie internationale l’a confirmé.") == ["names"]
    assert kinds("The group (GCHR) said.", "Le groupe (GCHR a dit.") == ["brackets"]
    long = "This is a long paragraph of the letter that nobody translated at all."
    assert kinds(long, long) == ["untranslated-copy"]
    assert kinds("Amnesty International found 3 cases.", "Amnesty International a trouvé 3 cas.") == []


def test_findings_name_the_translators_file_and_line_and_waivers_need_a_reason(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", "Language": "fr"}
    po.append(polib.POEntry(msgid="At least 180 journalists.", msgstr="Au moins cent quatre-vingts journalistes."))
    po.append(polib.POEntry(msgid="In 2016 it began.", msgstr="Cela a commencé.", tcomment="letterpipe-waive: numbers"))
    po.append(
        polib.POEntry(
            msgid="In 2019 it went on.",
            msgstr="Cela a continué.",
            tcomment="letterpipe-waive: numbers: the year is in the previous sentence",
        )
    )
    po.append(polib.POEntry(msgid="Changed.", msgstr="Changé.", flags=["fuzzy"]))
    path = tmp_path / "fr.po"
    po.save(str(path))
    findings = check_catalog(path, path, NAMES, "locale/fr/LC_MESSAGES/x.po")
    summary = [(f.check, f.line) for f in findings]
    assert ("numbers", 7) in summary
    assert ("waiver", 10) in summary and ("numbers", 10) in summary
    assert not any(line == 14 for _, line in summary), "a waiver with a reason silences its check"
    assert ("fuzzy", 18) in summary
    text = str(findings[0])
    assert text.startswith("locale/fr/LC_MESSAGES/x.po:7: [numbers]") and "At least 180 journalists." in text


def test_figures_are_compared_as_quantities():
    two_billion = {"2000000000"}
    for text in (
        "2 billion",
        "20億",
        "20亿",
        "2 млрд",
        "2 अरब",
        "۲ میلیارد",
        "2 Milliarden",
        "2 mil millones",
        "2 พันล้าน",
    ):
        assert numbers(text) == two_billion, text
    for text in ("50,000", "50 000", "50.000", "٥٠٬٠٠٠", "5万", "5萬", "5만", "50 ألف", "50 हज़ार", "৫০ হাজার"):
        assert numbers(text) == {"50000"}, text
    assert numbers("2,5 millones") == numbers("2.5 million") == {"2500000"}
    assert numbers("5,00,000") == {"500000"} and numbers("1 लाख") == {"100000"}
    assert numbers("3 millimetres, 2 milhas") == {"3", "2"}


def test_the_figures_check_flags_missing_and_added_figures():
    assert kinds("2 billion people.", "20億人。") == []
    assert kinds("More than 50,000 journalists.", "超过5万名记者。") == []
    assert kinds("2 billion people.", "2億人。") == ["numbers"]
    problems = dict(check_message("180 journalists.", "18 journalistes, 2021.", NAMES))
    assert problems["numbers"] == "figures of the source missing: 180; figures not in the source: 18, 2021"


def test_months_and_spelled_out_source_figures_are_not_added_figures():
    assert kinds("From 2016 to June 2021.", "2016年至2021年6月。") == []
    assert kinds("Four days after his murder.", "他遇害4天后。") == []
    assert kinds("Four days after his murder.", "他遇害5天后。") == ["numbers"]
