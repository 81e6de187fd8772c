"""Merging and updating catalogs: msgmerge's semantics, reverts, headers, notes that stay put."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from letterpipe.catalogs.maintain import init_language, merged, update_catalogs
from letterpipe.catalogs.merge import merge_catalog, new_catalog
from letterpipe.catalogs.mofile import compile_mo
from letterpipe.catalogs.pofile import header_value, parse_po, read_po, render_po, set_header_value
from letterpipe.errors import CatalogError
from letterpipe.project import Project
from letterpipe.source.extract import build_template

EDITED = "We urge Members of the Council to act without delay."
SLUG = "pegasus-hrc48"
SEED_OLD = "Adding to the revelations, further cases of targeted surveillance continue to unfold."
SEED_NEW = "Adding to the revelations, more cases of targeted surveillance continue to unfold."


def edit_letter(project: Project, slug: str, old: str, new: str) -> None:
    path = project.letter_file(slug)
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def seed(tmp_path: Path) -> Project:
    root = tmp_path / "seed"
    for folder in ("letters", "locale"):
        shutil.copytree(REPO / folder, root / folder)
    return Project(root)


def fr(project: Project) -> Path:
    return project.po_file(SLUG, "fr")


def test_merge_has_msgmerge_semantics(mini):
    po = mini.po_file("mini", "fr")
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "Denounce the abuses."', '# Translator note: keep it short.\nmsgid "Denounce the abuses."'
        ),
        "utf-8",
    )
    edit_letter(mini, "mini", "We urge Members of the Council to act now.", EDITED)
    edit_letter(mini, "mini", "- Mandate independent investigations.\n", "")
    result = merge_catalog(build_template(mini, "mini"), read_po(po))

    changed = result.find(EDITED)
    assert changed.fuzzy and changed.previous_msgid == "We urge Members of the Council to act now."
    assert changed.msgstr.startswith("Nous exhortons")
    gone = [e for e in result.entries if e.obsolete]
    assert [e.msgid for e in gone] == ["Mandate independent investigations."]
    assert result.find("Denounce the abuses.").comments == [" Translator note: keep it short."]
    assert all(not e.fuzzy and e.msgstr for e in result.messages if e.msgid != EDITED and e.msgid_plural is None)
    text = render_po(result).decode()
    assert '#| msgid "We urge Members of the Council to act now."' in text
    assert '#~ msgid "Mandate independent investigations."' in text
    out = mini.root / "merged.po"
    out.write_text(text, "utf-8")
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True, capture_output=True)


def test_reverting_an_edit_restores_the_translation_without_fuzzy(tmp_path):
    project = seed(tmp_path)
    original = fr(project).read_bytes()
    edit_letter(project, SLUG, SEED_OLD, SEED_NEW)
    list(update_catalogs(project, SLUG))
    entry = read_po(fr(project)).find(SEED_NEW + next(iter(_rest(project))))
    assert entry is not None and entry.fuzzy

    fuzzy_copy = tmp_path / "fuzzy.po"
    shutil.copy(fr(project), fuzzy_copy)
    edit_letter(project, SLUG, SEED_NEW, SEED_OLD)
    list(update_catalogs(project, SLUG))
    restored = fr(project).read_bytes()
    assert _without_pot_date(restored) == _without_pot_date(original), "byte-identical but for the POT date"
    assert not any(e.fuzzy for e in read_po(fr(project)).messages)

    # Plain msgmerge leaves it fuzzy: letterpipe documents the difference.
    subprocess.run(
        ["msgmerge", "-q", "--previous", "-o", str(fuzzy_copy), str(fuzzy_copy), str(project.pot_file(SLUG))],
        check=True,
    )
    assert any(e.fuzzy for e in parse_po(fuzzy_copy.read_bytes(), fuzzy_copy).messages)


def _without_pot_date(data: bytes) -> list[bytes]:
    return [line for line in data.split(b"\n") if not line.startswith(b'"POT-Creation-Date')]


def _rest(project: Project) -> list[str]:
    text = project.letter_file(SLUG).read_text("utf-8")
    start = text.index(SEED_NEW) + len(SEED_NEW)
    return [text[start : text.index("\n", start)]]


def test_inserting_and_removing_a_paragraph_touches_no_other_message(tmp_path):
    project = seed(tmp_path)
    before = {lang: read_po(project.po_file(SLUG, lang)) for lang in project.catalog_languages(SLUG)}
    pot_before = read_po(project.pot_file(SLUG))
    new_paragraph = "This paragraph was inserted by the coordinators."
    edit_letter(project, SLUG, SEED_OLD, f"{new_paragraph}\n\n{SEED_OLD}")
    list(update_catalogs(project, SLUG))
    pot_after = read_po(project.pot_file(SLUG))
    notes = {e.msgid: (e.notes, e.references) for e in pot_before.messages}
    for entry in pot_after.messages:
        if entry.msgid != new_paragraph:
            assert (entry.notes, entry.references) == notes[entry.msgid], entry.msgid
    assert "A paragraph of the letter body" in pot_after.find(new_paragraph).notes[0]
    for lang, old in before.items():
        now = read_po(project.po_file(SLUG, lang))
        old_entries = {e.key: e.state() for e in old.entries if not e.is_header}
        assert [e.msgid for e in now.messages if e.key not in old_entries] == [new_paragraph]
        assert not now.find(new_paragraph).msgstr and not any(e.fuzzy for e in now.messages)
        assert all(e.state() == old_entries[e.key] for e in now.entries if e.key in old_entries and not e.is_header)

    edit_letter(project, SLUG, f"{new_paragraph}\n\n", "")
    list(update_catalogs(project, SLUG))
    for lang, old in before.items():
        now = read_po(project.po_file(SLUG, lang))
        assert [e.state() for e in now.entries if not e.is_header] == [
            e.state() for e in old.entries if not e.is_header
        ], "an untranslated message that disappears leaves nothing behind"


def test_headers_the_project_does_not_own_are_kept(tmp_path):
    project = seed(tmp_path)
    path = fr(project)
    po = read_po(path)
    set_header_value(po.header, "X-Generator", "Poedit 3.4.2")
    set_header_value(po.header, "X-Poedit-SourceCharset", "UTF-8")
    set_header_value(po.header, "Last-Translator", "Marie Dupont <marie@example.org>")
    path.write_bytes(render_po(po))
    edit_letter(project, SLUG, "date: 2021-09-30", "date: 2021-09-30\nversion: 2")
    list(update_catalogs(project, SLUG))
    header = read_po(path).header
    assert header_value(header, "X-Generator") == "Poedit 3.4.2"
    assert header_value(header, "X-Poedit-SourceCharset") == "UTF-8"
    assert header_value(header, "Last-Translator") == "Marie Dupont <marie@example.org>"
    assert header_value(header, "Project-Id-Version") == "pegasus-hrc48 2"
    assert header_value(header, "Report-Msgid-Bugs-To").endswith("<translations@pegasus-coalition.example>")
    assert "<>" not in header_value(header, "Language-Team")


def test_every_message_has_a_note(tmp_path):
    project = seed(tmp_path)
    for path in [project.pot_file(SLUG), *(project.po_file(SLUG, lang) for lang in project.catalog_languages(SLUG))]:
        for entry in read_po(path).messages:
            assert entry.notes and all(note.strip() for note in entry.notes), (path.name, entry.msgid)
            assert not any("Paragraph 1" in n or " 2 of the" in n for n in entry.notes)


def test_new_catalog_has_named_headers_and_standard_plurals(mini, tmp_path):
    template = build_template(mini, "mini", "2021-09-30 00:00+0000")
    for lang, nplurals in (("ar", 6), ("ru", 3), ("zh_Hans", 1), ("fr", 2)):
        po = new_catalog(template, lang, dt.datetime(2021, 9, 30, tzinfo=dt.UTC), "team@example.org")
        text = render_po(po).decode()
        assert f'"Language: {lang}\\n"' in text and f"nplurals={nplurals};" in text
        assert "charset=UTF-8" in text and "Language-Team: " in text and "<>" not in text
        out = tmp_path / f"{lang}.po"
        out.write_text(text, "utf-8")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True, capture_output=True)


def test_init_then_update_changes_nothing(tmp_path):
    project = seed(tmp_path)
    assert init_language(project, SLUG, "en").startswith("created")
    path = project.po_file(SLUG, "en")
    first = path.read_bytes()
    assert all(line.startswith("unchanged") for line in update_catalogs(project, SLUG))
    assert path.read_bytes() == first
    with pytest.raises(CatalogError, match="already exists"):
        init_language(project, SLUG, "en")


def test_update_refuses_a_broken_catalog_and_leaves_it_untouched(tmp_path):
    project = seed(tmp_path)
    broken = fr(project)
    text = broken.read_text("utf-8").replace('msgstr "Excellences,"', 'msgstr "Excellences,')
    broken.write_text(text, "utf-8")
    line = text.splitlines().index('msgstr "Excellences,') + 1
    edit_letter(project, SLUG, SEED_OLD, SEED_NEW)
    lines = []
    with pytest.raises(CatalogError) as info:
        for out in update_catalogs(project, SLUG):
            lines.append(out)
    assert str(info.value).startswith(f"locale/fr/LC_MESSAGES/{SLUG}.po:{line}: string not closed")
    assert broken.read_text("utf-8") == text
    assert f"refused locale/fr/LC_MESSAGES/{SLUG}.po (left as it is)" in lines
    assert "updated locale/es/LC_MESSAGES/pegasus-hrc48.po" in lines


def test_a_format_flag_from_the_template_is_checked_on_the_merged_catalog(mini):
    """The translator's file lacks the flag, so msgfmt passes it; the template has it, so the
    merge refuses the translation that would break the page, naming the translator's line."""
    po = mini.po_file("mini", "fr")
    text = po.read_text("utf-8").replace(
        '#, python-format\nmsgid "Page %(page)s of %(pages)s"\nmsgstr "Page %(page)s sur %(pages)s"',
        'msgid "Page %(page)s of %(pages)s"\nmsgstr "Page %(pagee)s sur %(pages)s"',
    )
    po.write_text(text, "utf-8")
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True).returncode == 0
    line = text.splitlines().index('msgid "Page %(page)s of %(pages)s"') + 1
    with pytest.raises(CatalogError) as info:
        merged(mini, "mini", "fr", build_template(mini, "mini"))
    assert str(info.value).startswith(f"locale/fr/LC_MESSAGES/mini.po:{line}: ")
    assert "pagee" in str(info.value)


def test_compiled_catalog_leaves_fuzzy_and_incomplete_plurals_out(mini):
    import gettext
    import io

    po = read_po(mini.po_file("mini", "fr"))
    po.find("Denounce the abuses.").set_flag("fuzzy", True)
    plural = next(e for e in po.messages if e.msgid_plural)
    plural.msgstr_plural[1] = ""
    translations = gettext.GNUTranslations(io.BytesIO(compile_mo(po)))
    assert translations.gettext("Denounce the abuses.") == "Denounce the abuses."
    assert translations.gettext("Our requests") == "Nos demandes"
    assert translations.ngettext(plural.msgid, plural.msgid_plural, 5) == plural.msgid_plural
