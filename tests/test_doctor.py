from letterpipe.doctor import hb_subset_available, installed_families, run_doctor
from letterpipe.render.languages import load_languages


def test_this_machine_has_what_rendering_needs(capsys):
    assert hb_subset_available()
    assert {"Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC"} <= installed_families()
    assert run_doctor(None) == 0
    assert "Everything letterpipe needs" in capsys.readouterr().out


def test_a_missing_font_is_reported_with_the_command_that_fixes_it(mini, capsys):
    mini.language_table.write_text(
        '[he]\nscript = "Hebr"\ndirection = "rtl"\ntext_fonts = ["Noto Serif Hebrew Imaginary"]\n'
        'fix_command = "apt-get install fonts-noto-extra"\n',
        "utf-8",
    )
    load_languages.cache_clear()
    try:
        assert run_doctor(mini) == 6
    finally:
        load_languages.cache_clear()
    out = capsys.readouterr().out
    assert "MISSING font: Noto Serif Hebrew Imaginary" in out
    assert "MISSING language he: Hebr, rtl" in out and "missing fonts: Noto Serif Hebrew Imaginary" in out
    assert "apt-get update && apt-get install -y fonts-noto-extra" in out


def test_language_table_is_data():
    table = load_languages()
    assert table["ar"].direction == "rtl" and table["ar"].text_fonts[0] == "Noto Naskh Arabic"
    assert table["zh_Hans"].tag == "zh-Hans" and table["zh_Hans"].text_fonts[0] == "Noto Serif CJK SC"
    assert table["fr"].spacing == "french" and table["fr"].hyphenate
    assert table["fr"].autonym == "Français" and table["ar"].autonym == "العربية"
