import io
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from letterpipe.catalogs.pofile import header_value
from letterpipe.project import PACKAGED_TEMPLATES
from letterpipe.source.extract import build_template, extract_letter, template_bytes


def test_one_message_per_unit_with_references_and_notes(mini):
    catalog = build_template(mini, "mini")
    ids = [e.msgid for e in catalog.messages]
    assert "Joint letter on surveillance" in ids
    assert "Denounce the abuses." in ids
    assert "Page %(page)s of %(pages)s" in ids
    assert "%(count)s signatory" in ids
    assert catalog.find("%(count)s signatory").msgid_plural == "%(count)s signatories"
    assert not any("Access Now" in i for i in ids), "signatory names are never messages"
    title = catalog.find("Joint letter on surveillance")
    assert title.references == ["letters/mini/letter.md"], "no line: inserting a paragraph must not touch it"
    assert title.notes and "Title" in title.notes[0]
    para = next(e for e in catalog.messages if e.msgid.startswith("We, the undersigned"))
    assert para.notes == ["A paragraph of the letter body, before the first heading."]
    item = catalog.find("Denounce the abuses.")
    assert item.notes == ["A list item of the letter body, under the heading “Our requests”."]
    page = catalog.find("Page %(page)s of %(pages)s")
    assert page.references == ["templates/letter.css.j2:5"] and page.flags == ["python-format"]
    assert all(e.notes for e in catalog.messages), [e.msgid for e in catalog.messages if not e.notes]


def test_header_names_the_letter_version_and_contact(mini):
    letter = mini.letter_file("mini")
    letter.write_text(
        letter.read_text("utf-8").replace("language: en", "language: en\nversion: 3\ncontact: Team <t@example.org>"),
        "utf-8",
    )
    header = build_template(mini, "mini").header
    assert header_value(header, "Project-Id-Version") == "mini 3"
    assert header_value(header, "Report-Msgid-Bugs-To") == "Team <t@example.org>"


def test_reextracting_unchanged_sources_changes_no_byte(mini, monkeypatch):
    first = template_bytes(mini, "mini")
    mini.pot_file("mini").parent.mkdir(parents=True, exist_ok=True)
    mini.pot_file("mini").write_bytes(first)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert template_bytes(mini, "mini") == first, "only the date would change: keep the committed POT"
    letter = mini.letter_file("mini")
    letter.write_text(letter.read_text("utf-8").replace("act now", "act today"), "utf-8")
    changed = template_bytes(mini, "mini")
    assert b"act today" in changed and b"POT-Creation-Date: 2023-11-14" in changed


def test_pybabel_extract_with_a_mapping_file_finds_the_same_messages(mini, tmp_path):
    package = PACKAGED_TEMPLATES.parent
    out = tmp_path / "pybabel.pot"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("pybabel")),
            "extract",
            "-F",
            str(package / "data" / "babel.cfg"),
            "-c",
            "Translators:",
            "--no-wrap",
            "-o",
            str(out),
            ".",
            str(package),
        ],
        cwd=mini.root,
        check=True,
        capture_output=True,
    )
    with out.open("rb") as handle:
        theirs = {m.id for m in read_po(handle) if m.id}
    ours = {
        e.msgid if e.msgid_plural is None else (e.msgid, e.msgid_plural) for e in build_template(mini, "mini").messages
    }
    assert theirs == ours


def test_extraction_method_reads_a_file_object(mini):
    with mini.letter_file("mini").open("rb") as handle:
        found = list(extract_letter(handle, {}, [], {}))
    assert found[0][:3] == (2, None, "Joint letter on surveillance")
    via_babel = list(extract_from_file(extract_letter, str(mini.letter_file("mini"))))
    assert [m[1] for m in via_babel] == [m[2] for m in found]


def test_pot_passes_msgfmt_check(mini, tmp_path):
    pot = tmp_path / "mini.pot"
    pot.write_bytes(template_bytes(mini, "mini"))
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(pot)], check=True, capture_output=True)
    assert read_po(io.BytesIO(pot.read_bytes())).fuzzy
