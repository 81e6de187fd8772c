"""Plural forms against GNU gettext: the standard formulas, the migrated Arabic catalog, and .mo files
that answer ``ngettext`` exactly as msgfmt's do."""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from letterpipe.catalogs.mofile import compile_mo
from letterpipe.catalogs.plurals import compile_plural, parse_plural_forms, standard_plural_forms
from letterpipe.catalogs.pofile import header_value, read_po

NUMBERS = (0, 1, 2, 3, 11, 99, 100, 101, 102)
SINGULAR, PLURAL = "%(count)s signatory", "%(count)s signatories"
#: The word each number must get, from the grammar of each language (CLDR's categories).
_AR = ("موقّع", "موقّع", "موقّعَين", "موقّعين", "موقّعًا", "موقّعًا", "موقّع", "موقّع", "موقّع")
_RU = (
    "подписантов",
    "подписант",
    "подписанта",
    "подписанта",
    "подписантов",
    "подписантов",
    "подписантов",
    "подписант",
    "подписанта",
)
_FR = ("signataire", "signataire") + ("signataires",) * 7
INTENDED = {lang: dict(zip(NUMBERS, words, strict=True)) for lang, words in (("ar", _AR), ("ru", _RU), ("fr", _FR))}


def catalog(lang: str) -> Path:
    return REPO / "locale" / lang / "LC_MESSAGES" / "pegasus-hrc48.po"


def translations(mo: Path) -> gettext.GNUTranslations:
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.mark.parametrize("lang", ["es", "fr", "ru", "pl", "uk", "cs", "de", "ja", "pt_BR"])
def test_standard_formula_is_the_one_msginit_writes(tmp_path, lang):
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8")
    out = subprocess.run(
        ["msginit", "--no-translator", "-l", lang, "-i", str(pot), "-o", "-"], capture_output=True, text=True
    ).stdout
    gnu = "".join(line.strip().strip('"') for line in out.splitlines() if line.startswith('"'))
    value = gnu.split("Plural-Forms: ", 1)[1].split("\\n", 1)[0]
    assert standard_plural_forms(lang) == value


def test_arabic_formula_is_cldr_and_not_babel_2_18():
    nplurals, plural = parse_plural_forms(standard_plural_forms("ar"))
    assert nplurals == 6
    assert [plural(n) for n in NUMBERS] == [0, 1, 2, 3, 4, 4, 5, 5, 5]
    babel_218 = compile_plural(
        "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5)"
    )
    assert [babel_218(n) for n in (11, 100)] == [5, 4], "the order the committed catalog was migrated from"


@pytest.mark.parametrize("lang", ["ar", "ru", "fr", "zh_Hans", "es"])
def test_committed_catalogs_pick_the_intended_form_with_gnu_gettext(tmp_path, lang):
    path = catalog(lang)
    po = read_po(path)
    assert header_value(po.header, "Plural-Forms") == standard_plural_forms(lang)
    gnu_mo, our_mo = tmp_path / "gnu.mo", tmp_path / "ours.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(gnu_mo), str(path)], check=True, capture_output=True)
    our_mo.write_bytes(compile_mo(po))
    gnu, ours = translations(gnu_mo), translations(our_mo)
    for n in NUMBERS:
        word = gnu.ngettext(SINGULAR, PLURAL, n)
        assert ours.ngettext(SINGULAR, PLURAL, n) == word, (lang, n)
        if lang in INTENDED:
            assert word.replace("%(count)s ", "") == INTENDED[lang][n], (lang, n, word)
    for entry in po.messages:
        if entry.msgid_plural is None:
            assert ours.gettext(entry.msgid) == gnu.gettext(entry.msgid) == entry.msgstr


def test_polish_and_chinese_new_catalogs_pick_forms_like_gnu(tmp_path, mini):
    import datetime as dt

    from letterpipe.catalogs.merge import new_catalog
    from letterpipe.catalogs.pofile import render_po
    from letterpipe.source.extract import build_template

    template = build_template(mini, "mini", "2021-09-30 00:00+0000")
    forms = {"pl": ["podpis", "podpisy", "podpisów"], "zh_Hans": ["位签署者"]}
    expected = {
        "pl": ["podpisów", "podpis", "podpisy", "podpisy", "podpisów", "podpisów", "podpisów", "podpisów", "podpisy"],
        "zh_Hans": ["位签署者"] * len(NUMBERS),
    }
    for lang, words in forms.items():
        po = new_catalog(template, lang, dt.datetime(2021, 9, 30, tzinfo=dt.UTC))
        for entry in po.messages:
            if entry.msgid == "%(count)s signatory":
                entry.msgstr_plural = [f"%(count)s {w}" for w in words]
        path = tmp_path / f"{lang}.po"
        path.write_bytes(render_po(po))
        gnu_mo, our_mo = tmp_path / f"{lang}.gnu.mo", tmp_path / f"{lang}.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(gnu_mo), str(path)], check=True, capture_output=True)
        our_mo.write_bytes(compile_mo(read_po(path)))
        gnu, ours = translations(gnu_mo), translations(our_mo)
        got = [gnu.ngettext(SINGULAR, PLURAL, n).replace("%(count)s ", "") for n in NUMBERS]
        assert got == expected[lang]
        assert [ours.ngettext(SINGULAR, PLURAL, n) for n in NUMBERS] == [
            gnu.ngettext(SINGULAR, PLURAL, n) for n in NUMBERS
        ]


def test_a_formula_other_than_the_standard_is_noticed():
    from letterpipe.catalogs.plurals import differs_from_standard

    babel_218 = (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=0 && n%100<=2 ? 4 : 5);"
    )
    assert differs_from_standard("ar", babel_218)
    assert not differs_from_standard("ar", standard_plural_forms("ar"))
    assert not differs_from_standard("fr", "nplurals=2; plural=n>1;"), "the same formula written differently"
    assert differs_from_standard("fr", "nplurals=2; plural=(n != 1);")
