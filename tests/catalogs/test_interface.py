"""letterpipe's own interface strings: the shipped ``letterpipe`` domain, overrides, migration."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from conftest import ISSUE_LANGUAGES, REPO, make_project
from interface_text import english_found

from letterpipe.catalogs.interface import (
    InterfaceCatalog,
    interface_template,
    packaged_catalog,
    packaged_languages,
    packaged_pot,
    project_catalog,
)
from letterpipe.catalogs.interface_update import interface_template_bytes, update_overrides
from letterpipe.catalogs.maintain import merged, update_catalogs
from letterpipe.catalogs.merge import merge_catalog
from letterpipe.catalogs.mofile import compile_mo
from letterpipe.catalogs.plurals import parse_plural_forms, standard_plural_forms
from letterpipe.catalogs.pofile import header_value, read_po, render_po
from letterpipe.errors import CatalogError
from letterpipe.project import Project
from letterpipe.publish.edition import Edition
from letterpipe.render.html import render_page
from letterpipe.render.languages import load_languages
from letterpipe.source.extract import build_template

TABLE = sorted(load_languages())
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def test_every_table_language_ships_a_finished_catalog():
    assert set(ISSUE_LANGUAGES) <= set(TABLE)
    assert packaged_languages() == TABLE
    pot = interface_template()
    for lang in TABLE:
        po = read_po(packaged_catalog(lang))
        assert header_value(po.header, "Language") == lang
        assert [e.key for e in po.messages] == [e.key for e in pot.messages], lang
        unfinished = [e.msgid for e in po.messages if not e.translated]
        assert not unfinished, (lang, unfinished)
        assert merge_catalog(pot, po).state() == po.state(), f"{lang} lags behind letterpipe.pot"


@pytest.mark.parametrize("lang", TABLE)
def test_gnu_msgfmt_check_accepts_the_shipped_catalog(lang, tmp_path):
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(packaged_catalog(lang))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def _classes(formula, upto: int = 300) -> set[frozenset[int]]:
    """The partition of 0..upto that a plural rule makes (form numbers themselves do not matter)."""
    groups: dict[object, set[int]] = {}
    for n in range(upto + 1):
        groups.setdefault(formula(n), set()).add(n)
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("lang", TABLE)
def test_plural_forms_are_the_standard_and_agree_with_cldr_on_whole_numbers(lang):
    po = read_po(packaged_catalog(lang))
    header = header_value(po.header, "Plural-Forms")
    assert header == standard_plural_forms(lang)
    nplurals, formula = parse_plural_forms(header)
    plural_entries = [e for e in po.messages if e.msgid_plural]
    assert plural_entries and all(len(e.msgstr_plural) == nplurals for e in plural_entries)
    if lang == "he":  # GNU's table (two forms); CLDR adds "two", which msgfmt-based tools do not use
        return
    cldr = Locale.parse("pt_PT" if lang == "pt" else lang).plural_form  # the table's pt is European
    assert _classes(formula) == _classes(cldr), f"{lang}: {header} vs CLDR {cldr.rules}"


def test_committed_pot_matches_the_packaged_templates():
    assert packaged_pot().read_bytes() == interface_template_bytes(), (
        "run: python -m letterpipe.catalogs.interface_update"
    )


def test_translations_keep_placeholders_and_use_no_digits_of_their_own():
    """Numbers come only through placeholders, so each language's numbering system prints them."""
    for lang in TABLE:
        for entry in read_po(packaged_catalog(lang)).messages:
            placeholders = set(re.findall(r"%\(\w+\)s", entry.msgid))
            for form in entry.translations:
                assert set(re.findall(r"%\(\w+\)s", form)) == placeholders or entry.msgid_plural, (lang, form)
                assert not any(c.isdigit() for c in re.sub(r"%\(\w+\)s|SHA-256", "", form)), (lang, form)


def test_letter_template_holds_only_the_letters_messages(mini):
    pot = build_template(mini, "mini")
    interface = {e.msgid for e in interface_template().messages}
    assert interface and not interface & {e.msgid for e in pot.messages}
    assert all(ref.startswith("letters/") for e in pot.messages for ref in e.references)


def test_a_project_templates_own_string_is_a_letter_message(mini):
    own = mini.templates / "letter.html.j2"
    own.parent.mkdir(exist_ok=True)
    text = (REPO / "src/letterpipe/templates/letter.html.j2").read_text("utf-8")
    own.write_text(text.replace("</footer>", "<p>{% trans %}Read it online{% endtrans %}</p></footer>"), "utf-8")
    ids = {e.msgid for e in build_template(mini, "mini").messages}
    assert "Read it online" in ids and "Download PDF" not in ids


def test_example_catalogs_lost_no_interface_translation():
    """The example translators' interface strings moved out of the letter's catalogs: each is
    either the shipped wording, or still live in the letter catalog, or kept there as obsolete."""
    checked = 0
    for path in sorted((REPO / "locale").glob("*/LC_MESSAGES/pegasus-hrc48.po")):
        lang = path.parent.parent.name
        shipped = {e.key: e.translations for e in read_po(packaged_catalog(lang)).messages}
        for entry in read_po(path).entries:
            if entry.key in shipped and not entry.is_header:
                assert entry.obsolete, (lang, entry.msgid)
                assert entry.translations == shipped[entry.key], (lang, entry.msgid)
                checked += 1
    assert checked == 5 * len(interface_template().messages)


# --- rendering: every language, numbers, overrides ----------------------------------------------


def _interface_project(tmp_path: Path) -> Project:
    return make_project(tmp_path, "interface")


def _mo(project: Project, lang: str, tmp_path: Path, drop: str | None = None) -> Path:
    po = read_po(project.po_file("interface", lang))
    if drop is not None:
        next(e for e in po.messages if e.msgid == drop).msgstr = ""
    out = tmp_path / f"{lang}.mo"
    out.write_bytes(compile_mo(po))
    return out


def _body_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").body.get_text(" ")


def test_every_language_renders_its_interface_with_its_own_digits(tmp_path):
    """In-process render of every table language with the colophon's every line and the
    incomplete notice: no English interface string, numbers in the language's digits."""
    project = _interface_project(tmp_path)
    source = "More than *50,000* journalists were placed under surveillance."
    earlier = Edition(version=11, date="2026-01-15", signatories=["organisations\tAccess Now"])
    for lang in TABLE:
        language = load_languages()[lang]
        mo = None if lang == "en" else _mo(project, lang, tmp_path, drop=source)
        html, info = render_page(project, "interface", lang, mo, TABLE, edition=earlier)
        assert info.interface_missing == []
        if lang == "en":
            continue
        assert info.missing == [source] and not info.complete
        text = _body_text(html)
        assert english_found(text) == [], lang
        shipped = InterfaceCatalog.for_language(None, lang)
        notice = shipped.gettext(interface_template().messages[4].msgid)
        squash = lambda t: re.sub(r"\s+", "", t)  # noqa: E731 (French spacing adds narrow spaces)
        assert notice and squash(notice.split("%(source)s")[0]) in squash(text), lang
        digits = language.digits
        assert digits[1] + digits[2] in text, (lang, "version 12")
        assert digits[2] in text and digits[3] in text, (lang, "2 added, 3 signatories")
        if digits != "0123456789":
            colophon = text[text.index(info.fingerprint) + len(info.fingerprint) :]
            assert not re.search(r"[0-9]", colophon), (lang, colophon)
        released = Edition(version=12, date="2026-02-01", keys={lang: info.content_key}, signatories=[])
        html, _ = render_page(project, "interface", lang, mo, TABLE, edition=released)
        assert english_found(_body_text(html)) == [], lang


def test_project_override_wins_and_a_broken_one_names_its_line(tmp_path):
    project = _interface_project(tmp_path)
    override = project_catalog(project, "fr")
    result = subprocess.run([LETTERPIPE, "-C", str(project.root), "init", "fr", "--interface"], capture_output=True)
    assert result.returncode == 0, result.stderr
    po = read_po(override)
    assert all(not e.msgstr for e in po.messages if not e.msgid_plural)
    po.find("Download PDF").msgstr = "Obtenir le PDF"
    override.write_bytes(render_po(po))
    html, info = render_page(project, "interface", "fr", _mo(project, "fr", tmp_path), TABLE)
    assert "Obtenir le PDF" in html and "Télécharger le PDF" not in html
    assert "Autres langues" in html and info.complete
    text = override.read_text("utf-8").replace('msgstr "Obtenir le PDF"', 'msgstr "Obtenir %(x)s"')
    override.write_text(text.replace('msgid "Download PDF"', '#, python-format\nmsgid "Download PDF"'), "utf-8")
    with pytest.raises(CatalogError) as caught:
        render_page(project, "interface", "fr", _mo(project, "fr", tmp_path), TABLE)
    assert caught.value.path == override and caught.value.line


def test_update_drops_interface_messages_only_where_shipped_has_them(tmp_path):
    """A catalog from before the split: French interface translations become obsolete (the shipped
    ones are used); a language letterpipe does not ship keeps its own, live and used."""
    project = _interface_project(tmp_path)
    (project.root / "languages.toml").write_text('[gd]\nscript = "Latn"\n', "utf-8")
    old = (REPO / "tests/fixtures/world/locale/fr/LC_MESSAGES/world.po").read_text("utf-8")
    project.po_file("interface", "fr").write_text(old, "utf-8")
    gd = project.po_file("interface", "gd")
    gd.parent.mkdir(parents=True)
    gd.write_text(
        old.replace("Language: fr", "Language: gd").replace(
            'msgstr "Télécharger le PDF"', 'msgstr "Luchdaich a-nuas PDF"'
        ),
        "utf-8",
    )
    lines = list(update_catalogs(project, "interface"))
    assert "updated locale/fr/LC_MESSAGES/interface.po" in lines
    fr = read_po(project.po_file("interface", "fr"))
    moved = [e for e in fr.entries if e.obsolete and e.msgid == "Download PDF"]
    assert moved and moved[0].msgstr == "Télécharger le PDF"
    assert fr.find("Download PDF") is None
    kept = read_po(gd).find("Download PDF")
    assert kept is not None and kept.msgstr == "Luchdaich a-nuas PDF"
    assert list(update_catalogs(project, "interface"))[1:] == [
        f"unchanged locale/{lang}/LC_MESSAGES/interface.po" for lang in project.catalog_languages("interface")
    ]
    mo = tmp_path / "gd.mo"
    _, result = merged(project, "interface", "gd", build_template(project, "interface"))
    mo.write_bytes(compile_mo(result))
    html, info = render_page(project, "interface", "gd", mo, ["en", "gd"])
    assert "Luchdaich a-nuas PDF" in html
    assert "Download PDF" not in info.interface_missing and "Other languages" not in info.interface_missing
    assert not info.complete


def test_update_merges_project_overrides_with_the_packaged_template(tmp_path):
    project = _interface_project(tmp_path)
    override = project_catalog(project, "de")
    override.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(packaged_catalog("de"), override)
    text = override.read_text("utf-8").replace('msgid "Other languages"', 'msgid "Other language versions"')
    override.write_text(text, "utf-8")
    assert list(update_overrides(project)) == ["updated locale/de/LC_MESSAGES/letterpipe.po"]
    po = read_po(override)
    assert po.find("Other languages").fuzzy
    assert list(update_overrides(project)) == ["unchanged locale/de/LC_MESSAGES/letterpipe.po"]


def test_a_letter_named_letterpipe_is_refused(tmp_path):
    project = _interface_project(tmp_path)
    shutil.copytree(project.root / "letters" / "interface", project.root / "letters" / "letterpipe")
    result = subprocess.run([LETTERPIPE, "-C", str(project.root), "status"], capture_output=True, text=True)
    assert result.returncode != 0 and "cannot be named 'letterpipe'" in result.stderr
    assert "Traceback" not in result.stderr
