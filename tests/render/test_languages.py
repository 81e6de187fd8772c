"""The language/script table: typography as data, refused when it cannot be honoured."""

import pytest

from letterpipe.errors import LetterpipeError
from letterpipe.render.languages import load_languages


@pytest.fixture
def project_table(tmp_path):
    path = tmp_path / "languages.toml"
    load_languages.cache_clear()
    yield path
    load_languages.cache_clear()


def test_typography_comes_from_the_script_row():
    table = load_languages()
    assert table["he"].typography.italic is False and table["he"].typography.lede == "heading"
    assert table["en"].typography.italic is True and table["fr"].typography.emphasis == "italic"
    assert table["ja"].typography.line_break == "strict" and table["ja"].typography.last_line == 3
    assert table["ar"].typography.justify is False and table["fa"].direction == "rtl"
    assert table["ur"].text_fonts[0] == "Noto Nastaliq Urdu"


def test_every_version_has_a_face_for_every_script():
    table = load_languages()
    faces = {"Noto Serif", "Noto Naskh Arabic", "Noto Serif Hebrew", "Noto Serif Devanagari", "Noto Serif Thai"}
    for language in table.values():
        assert faces <= set(language.name_fonts) and faces <= set(language.text_fonts), language.code
    # Han forms: the version's own, else Simplified; a name's lang picks its own.
    assert "Noto Serif CJK JP" in table["ja"].name_fonts and "Noto Serif CJK SC" not in table["ja"].name_fonts
    assert "Noto Serif CJK SC" in table["en"].name_fonts and "Noto Serif CJK JP" not in table["en"].name_fonts
    chains = dict(table["en"].han_chains)
    assert chains[("zh-Hant", "zh-TW", "zh-HK", "zh-MO")][0] == "Noto Serif CJK TC"
    assert chains[("ja",)][0] == "Noto Serif CJK JP"


def test_numbering_systems_follow_cldr_unless_overridden(project_table):
    table = load_languages()
    assert (table["fa"].numbers, table["fa"].counter_style) == ("arabext", "persian")
    assert table["bn"].numbers == "beng" and table["my"].numbers == "mymr" and table["hi"].numbers == "latn"
    assert table["fa"].localise_digits("8 2026") == "۸ ۲۰۲۶"
    project_table.write_text('[hi]\nscript = "Deva"\nnumbers = "deva"\n', "utf-8")
    assert load_languages(project_table)["hi"].counter_style == "devanagari"


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ('[tr]\nscript = "Latn"\nhyphenate = true\n', "no hyphenation dictionary"),
        ('[xx_Y]\nscript = "Latn"\n', "not a locale"),
        ('[si]\nscript = "Sinh"\n', "script 'Sinh' has no"),
        ('[fa]\nscript = "Arab"\nnumbers = "roman"\n', "numbers must be one of"),
        (
            '[script.Hebr]\ntext_fonts = ["Noto Serif Hebrew"]\nname_font = "Noto Serif Hebrew"\nemphasis = "italic"\n',
            "no italic",
        ),
        ('[script.Sinh]\ntext_fonts = ["Noto Serif Sinhala"]\n', "missing 'name_font'"),
        ('[de]\nscript = "Latn"\ncolour = "red"\n', "unknown keys: colour"),
        ('chain = ["Latn", "Zzzz"]\n', "Zzzz"),
    ],
)
def test_rows_that_cannot_be_honoured_are_refused(project_table, row, fragment):
    project_table.write_text(row, "utf-8")
    with pytest.raises(LetterpipeError, match=fragment):
        load_languages(project_table)


def test_a_project_adds_a_language_in_a_new_script(project_table):
    project_table.write_text(
        'chain = ["Latn", "Arab", "Sinh", "Hani"]\n'
        '[script.Sinh]\ntext_fonts = ["Noto Serif Sinhala"]\nheading_fonts = ["Noto Sans Sinhala"]\n'
        'name_font = "Noto Serif Sinhala"\n[si]\nscript = "Sinh"\n',
        "utf-8",
    )
    table = load_languages(project_table)
    assert table["si"].text_fonts[:2] == ("Noto Serif Sinhala", "Noto Serif")
    assert "Noto Serif Sinhala" in table["en"].name_fonts
