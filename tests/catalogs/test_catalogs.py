import datetime as dt
import io
import subprocess

import pytest
from babel.messages.mofile import read_mo

from letterpipe.catalogs.merge import merge, new_catalog
from letterpipe.catalogs.mofile import compile_catalog
from letterpipe.catalogs.pofile import read_catalog, render_catalog
from letterpipe.errors import CatalogError
from letterpipe.source.extract import build_template

EDITED = "We urge Members of the Council to act without delay."


def edit_letter(project, old: str, new: str) -> None:
    path = project.letter_file("mini")
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")


def test_merge_has_msgmerge_semantics(mini):
    po = mini.po_file("mini", "fr")
    po.write_text(
        po.read_text("utf-8").replace(
            'msgid "Denounce the abuses."', '# Translator note: keep it short.\nmsgid "Denounce the abuses."'
        ),
        "utf-8",
    )
    edit_letter(mini, "We urge Members of the Council to act now.", EDITED)
    edit_letter(mini, "- Mandate independent investigations.\n", "")
    merged = merge(build_template(mini, "mini"), po, "fr")

    changed = merged[EDITED]
    assert changed.fuzzy
    assert changed.previous_id == ["We urge Members of the Council to act now."]
    assert changed.string.startswith("Nous exhortons")
    assert "Mandate independent investigations." in merged.obsolete
    assert merged["Denounce the abuses."].user_comments == ["Translator note: keep it short."]
    untouched = [m for m in merged if m.id and m.id != EDITED]
    assert all(not m.fuzzy and m.string for m in untouched)
    text = render_catalog(merged).decode()
    assert '#| msgid "We urge Members of the Council to act now."' in text
    assert '#~ msgid "Mandate independent investigations."' in text


def test_merged_catalog_passes_msgfmt_check(mini, tmp_path):
    edit_letter(mini, "act now", "act today")
    out = tmp_path / "fr.po"
    out.write_bytes(render_catalog(merge(build_template(mini, "mini"), mini.po_file("mini", "fr"), "fr")))
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True, capture_output=True)


def test_new_catalog_headers_from_cldr(mini, tmp_path):
    template = build_template(mini, "mini")
    stamp = dt.datetime(2021, 9, 30, tzinfo=dt.UTC)
    for lang, nplurals in (("ar", 6), ("ru", 3), ("zh_Hans", 1), ("fr", 2)):
        catalog = new_catalog(template, lang, stamp)
        text = render_catalog(catalog).decode()
        assert f'"Language: {lang}\\n"' in text
        assert f"nplurals={nplurals};" in text
        assert "charset=utf-8" in text
        out = tmp_path / f"{lang}.po"
        out.write_text(text, "utf-8")
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out)], check=True, capture_output=True)


def test_syntax_error_names_file_and_line(tmp_path):
    po = tmp_path / "fr.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "a"\nmsgstr "b"\nthis is garbage\n', "utf-8")
    with pytest.raises(CatalogError) as info:
        read_catalog(po, "fr")
    assert info.value.path == po and info.value.line == 7


def test_non_utf8_catalog_is_refused_with_line(tmp_path):
    po = tmp_path / "fr.po"
    po.write_bytes(b'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "\xe9t\xe9"\n')
    with pytest.raises(CatalogError) as info:
        read_catalog(po, "fr")
    assert info.value.line == 5


def test_compile_leaves_fuzzy_out_and_rejects_bad_placeholders(mini, tmp_path):
    po = mini.po_file("mini", "fr")
    catalog = read_catalog(po, "fr")
    catalog["Denounce the abuses."].flags.add("fuzzy")
    mo = read_mo(io.BytesIO(compile_catalog(catalog, po)))
    assert "Denounce the abuses." not in mo
    assert mo["Our requests"].string == "Nos demandes"

    catalog["Page %(page)s of %(pages)s"].string = "Page %(pagee)s sur %(pages)s"
    with pytest.raises(CatalogError) as info:
        compile_catalog(catalog, po)
    assert "placeholders" in str(info.value) and str(po) in str(info.value)


def test_previous_msgid_survives_read_and_write(mini, tmp_path):
    long_old = "It is highly dangerous to allow the surveillance trade to operate as a human rights-free zone."
    edit_letter(mini, long_old, long_old.replace("highly", "extremely"))
    merged = render_catalog(merge(build_template(mini, "mini"), mini.po_file("mini", "fr"), "fr"))
    path = tmp_path / "fr.po"
    path.write_bytes(merged)
    again = read_catalog(path, "fr")
    assert render_catalog(again) == merged
    fuzzy = [m for m in again if m.fuzzy and m.id]
    assert [m.previous_id for m in fuzzy] == [[long_old]]
    assert not any(c.startswith("|") for m in again for c in m.user_comments)
    assert '#| msgid ""\n#| "It is highly dangerous' in merged.decode()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True, capture_output=True)


def test_every_committed_catalog_and_template_passes_msgfmt_check():
    from conftest import REPO

    files = sorted((REPO / "locale").glob("**/*.po")) + sorted((REPO / "locale").glob("*.pot"))
    assert len(files) >= 6
    for path in files:
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"
        if path.suffix == ".po":
            assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, f"{path}: {result.stderr}"
