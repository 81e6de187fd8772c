"""Importing form exports: encodings, delimiters, XLSX, mapping, consent, suggested fixes, merge."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from letterpipe.errors import SignatoryError
from letterpipe.source.intake.clean import near_key, truncation, value_fixes
from letterpipe.source.intake.mapping import agreed, parse_map
from letterpipe.source.intake.read import read_table
from letterpipe.source.signatories import load_signatories

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
ROWS = [["Organisation", "Pays"], ["Ligue des droits de l'homme – Genève", "Suisse"], ["Œuvre d’Orient", "France"]]


def text_of(rows: list[list[str]], delimiter: str) -> str:
    return "\r\n".join(delimiter.join(r) for r in rows) + "\r\n"


@pytest.mark.parametrize(
    ("encode", "described"),
    [
        (lambda t: t.encode("utf-8"), "UTF-8"),
        (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "UTF-8 with BOM"),
        (lambda t: t.encode("utf-16"), "UTF-16 with BOM"),
        (lambda t: t.encode("cp1252"), "cp1252"),
        (lambda t: codecs.BOM_UTF8 + t.encode("cp1252"), "cp1252"),
    ],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_any_common_encoding_and_delimiter(tmp_path, encode, described, delimiter):
    path = tmp_path / "export.csv"
    path.write_bytes(encode(text_of(ROWS, delimiter)))
    table = read_table(path)
    assert table.columns == ("Organisation", "Pays")
    assert [r.cells["Organisation"] for r in table.rows] == [ROWS[1][0], ROWS[2][0]]
    assert [r.number for r in table.rows] == [2, 3]
    assert table.description.startswith(described)


def test_windows_1252_is_not_mistaken_for_windows_1250(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Organisation\nAssociation Sèvres – Vérité\nCentro de Estudos Amazônia\n".encode("cp1252"))
    assert [r.cells["Organisation"] for r in read_table(path).rows] == [
        "Association Sèvres – Vérité",
        "Centro de Estudos Amazônia",
    ]


def test_cyrillic_windows_1251_and_an_explicit_encoding(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes("Организация;Страна\nМемориал;Россия\nРоскомсвобода;Россия\n".encode("cp1251"))
    assert read_table(path).rows[0].cells["Организация"] == "Мемориал"
    assert read_table(path, encoding="cp1251").rows[1].cells["Организация"] == "Роскомсвобода"
    with pytest.raises(SignatoryError, match="not valid utf-8"):
        read_table(path, encoding="utf-8")


def test_xlsx_first_sheet_or_a_named_one(tmp_path):
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    sheet = book.create_sheet("Form responses 1")
    sheet.append(["Timestamp", "Organisation", "Agree"])
    import datetime as dt

    sheet.append([dt.datetime(2021, 9, 20, 10, 1), "Fundación Karisma", True])
    sheet.append([None, None, None])
    sheet.append([dt.datetime(2021, 9, 21, 9, 0), "SMEX", False])
    path = tmp_path / "export.xlsx"
    book.save(path)
    table = read_table(path, sheet="Form responses 1")
    assert [(r.number, r.cells["Organisation"], r.cells["Agree"]) for r in table.rows] == [
        (2, "Fundación Karisma", "TRUE"),
        (4, "SMEX", "FALSE"),
    ]
    assert table.rows[0].cells["Timestamp"] == "2021-09-20 10:01:00"
    with pytest.raises(SignatoryError, match="no sheet 'Other'"):
        read_table(path, sheet="Other")


def test_map_option_allows_commas_in_column_names():
    mapping = parse_map("name=Organisation, full name,consent=Yes, list us,private=Email,private=Contact name")
    assert mapping.columns == {"name": "Organisation, full name", "consent": "Yes, list us"}
    assert mapping.private == ("Email", "Contact name")
    with pytest.raises(SignatoryError):
        parse_map("Organisation")


@pytest.mark.parametrize("answer", ["Yes", "yes.", "TRUE", "x", "Oui", "I agree to be listed", "✓", "1"])
def test_consent_yes(answer):
    assert agreed(answer)


@pytest.mark.parametrize("answer", ["No", "", "FALSE", "0", "Non", "I do not agree", "maybe"])
def test_consent_anything_else_is_no(answer):
    assert not agreed(answer)


def test_value_fixes_are_offered_separately():
    fixes = {kind: fixed for kind, _, fixed in value_fixes(" Fundacio\u0301n\u200b  Karisma ")}
    assert fixes == {
        "invisible": " Fundacio\u0301n  Karisma ",
        "nfc": " Fundación\u200b  Karisma ",
        "spaces": "Fundacio\u0301n\u200b Karisma",
    }


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Citizen Lab", "Citizen Lab"),
        ("Fundación Karisma", "FUNDACION KARISMA"),
        ("Amnesty Int'l", "Amnesty International"),
        ("Assn. for Progressive Communications", "Association for Progressive Communications"),
        ("Access Now, Kenya", "Access Now (Uganda)"),
        ("Advocacy Initiative for Development (AID)", "Advocacy Initiative for Development"),
        ("Privacy & Rights Center", "Privacy and Rights Centre"),
    ],
)
def test_near_duplicates(a, b):
    assert near_key(a) == near_key(b)


@pytest.mark.parametrize("name", ["Access Now", "Amnesty International Kenya Section", "Article 19"])
def test_distinct_names_stay_distinct(name):
    assert near_key(name) != near_key("Amnesty International")


@pytest.mark.parametrize(
    ("name", "cut"), [("Human Rights Watch (HRW", True), ("Centre for Law and", True), ("Access Now", False)]
)
def test_truncated_names(name, cut):
    assert bool(truncation(name)) is cut


MESSY = [
    "Timestamp;Organisation;Country;Contact name;Email;Phone;Signing as;I agree to be listed;Comments",
    "2021-09-20 10:01;Fundación Karisma;Colombia;Ana Pérez;ana@example.org;+57 1;Organisation;Yes;",
    "2021-09-20 11:02;Access  Now;USA;Bob;bob@example.org;+1 2;Organisation;Yes;love it",
    "2021-09-21 09:00;Ligue des droits de l'homme – Genève ;Suisse;Fay;fay@example.org;;Organisation;Oui;",
    "2021-09-22 12:00;Secret Org;Kenya;Eve;eve@example.org;+254 3;Organisation;No;",
    "2021-09-23 15:00;Amnesty Int'l;Kenya;Hal;hal@example.org;;Organisation;Yes;",
    "2021-09-23 15:10;Amnesty International;Uganda;Ian;ian@example.org;;Organisation;Yes;",
    "2021-09-24 08:00;Human Rights Watch (HRW;USA;Gil;gil@example.org;;Organisation;Yes;",
    "2021-09-24 09:00;Ron Deibert;Canada;Ron;ron@example.org;;Independent experts;Yes;",
    "2021-09-25 09:00;Fundación Karisma;Ecuador;Ana;ana@example.org;;Organisation;Yes;",
]
MAP = (
    "name=Organisation,group=Signing as,consent=I agree to be listed,country=Country,private=Email,private=Contact name"
)


def run_import(project, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [LETTERPIPE, "-C", str(project.root), "signatories", "import", "mini", *args]
    return subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)


def test_a_messy_export_ends_as_the_expected_list_after_accepting_the_fixes(mini):
    export = mini.root / "export.csv"
    export.write_bytes(codecs.BOM_UTF8 + "\r\n".join(MESSY).encode("cp1252") + b"\r\n")
    listed = mini.signatories_file("mini")
    before = listed.read_bytes()

    dry = run_import(mini, str(export), "--map", MAP)
    assert dry.returncode == 0, dry.stderr
    assert listed.read_bytes() == before, "a dry run writes nothing"
    assert "cp1252" in dry.stdout and "semicolon" in dry.stdout
    assert "did not agree to be listed ('No')" in dry.stdout
    assert "@example.org" not in dry.stdout + dry.stderr and "Pérez" not in dry.stdout, "private cells never shown"
    for fragment in [
        "F1  name: stray or doubled spaces removed",
        "F2  name: \"Amnesty Int'l\": looks like 'Amnesty International' (row 7, entered with different countries",
        "F3  name: 'Human Rights Watch (HRW': looks cut off",
    ]:
        assert fragment in dry.stdout, dry.stdout

    wrote = run_import(mini, str(export), "--map", MAP, "--accept", "all", "--write")
    assert wrote.returncode == 0, wrote.stdout + wrote.stderr
    assert "4 to add, 1 to change, 4 skipped" in wrote.stdout, wrote.stdout
    assert "same as row 2, entered with different countries ('Ecuador' here, 'Colombia' there)" in wrote.stdout
    rows = load_signatories(listed, ["organisations", "experts"])
    assert [s.name for s in rows] == [
        "Access Now",
        "Asociación por los Derechos Civiles (ADC), Argentina",
        "Advocacy Initiative for Development (AID)",
        "Barracón Digital – Honduras",
        "حملة - المركز العربي لتطوير الإعلام الاجتماعي",
        "Fundación Karisma",
        "Ligue des droits de l'homme – Genève",
        "Amnesty International",
        "Sarah McKune",
        "Siena Anstis",
        "Ron Deibert",
    ]
    text = listed.read_text("utf-8")
    assert text.startswith("group,name,role,private:email,private:contact name\n")
    assert "organisations,Access Now,,bob@example.org,Bob\n" in text
    assert "+57" not in text and "love it" not in text, "unmapped columns are not carried over"

    after = listed.read_bytes()
    again = run_import(mini, str(export), "--map", MAP, "--accept", "all", "--write")
    assert again.returncode == 0 and "0 to add, 0 to change" in again.stdout, again.stdout
    assert listed.read_bytes() == after, "re-importing the same export changes nothing"


def test_fixes_not_accepted_are_not_applied_and_invalid_names_are_held_back(mini):
    export = mini.root / "export.csv"
    export.write_text("Organisation\nSMEX \nAccess  Now\n", "utf-8")
    result = run_import(mini, str(export), "--map", "name=Organisation", "--group", "organisations", "--write")
    assert result.returncode == 0, result.stderr
    assert "has leading or trailing spaces (accept F1 to fix)" in result.stdout
    assert "SMEX" not in mini.signatories_file("mini").read_text("utf-8")
    assert "already listed" in result.stdout


def test_a_withdrawn_signatory_is_not_imported_again(mini):
    (mini.root / "letters/mini/signatory-changes.csv").write_text(
        "date,kind,group,name,previous,reason\n2021-10-01,withdrawn,organisations,SMEX,,Asked to be removed\n"
    )
    export = mini.root / "export.csv"
    export.write_text("Organisation\nSMEX\n", "utf-8")
    result = run_import(mini, str(export), "--map", "name=Organisation", "--group", "organisations", "--write")
    assert "withdrawn on 2021-10-01: Asked to be removed" in result.stdout
    assert "SMEX" not in mini.signatories_file("mini").read_text("utf-8")


def test_bad_input_is_a_clear_error_without_traceback(mini):
    export = mini.root / "export.csv"
    export.write_text("Organisation\nSMEX\n", "utf-8")
    result = run_import(mini, str(export), "--map", "name=Organization")
    assert result.returncode == 3 and "has no column 'Organization'" in result.stderr
    assert "Traceback" not in result.stderr
    result = run_import(mini, str(export), "--map", "name=Organisation", "--accept", "F9")
    assert result.returncode == 3 and "no suggested fix F9" in result.stderr


def test_save_map_writes_a_mapping_the_next_import_reads(mini):
    export = mini.root / "export.csv"
    export.write_text('Org "name",Mail\nSMEX,s@example.org\n', "utf-8")
    first = run_import(
        mini, str(export), "--map", 'name=Org "name",private=Mail', "--group", "organisations", "--save-map"
    )
    assert first.returncode == 0, first.stderr
    again = run_import(mini, str(export), "--write")
    assert again.returncode == 0, again.stderr
    assert "organisations,SMEX,,s@example.org\n" in mini.signatories_file("mini").read_text("utf-8")


def test_saved_mapping_beside_the_letter(mini):
    (mini.root / "letters/mini/import.toml").write_text(
        '[columns]\nname = "Org"\ngroup = "Type"\nprivate = ["Mail"]\n\n[groups]\n"NGO" = "organisations"\n', "utf-8"
    )
    export = mini.root / "export.csv"
    export.write_text("Org,Type,Mail\nSMEX,NGO,s@example.org\n", "utf-8")
    result = run_import(mini, str(export), "--write")
    assert result.returncode == 0, result.stderr
    assert "organisations,SMEX,,s@example.org\n" in mini.signatories_file("mini").read_text("utf-8")


def test_on_a_terminal_each_fix_is_asked_and_the_write_confirmed(mini, monkeypatch, capsys):
    import io

    from letterpipe.source.intake.command import run

    export = mini.root / "export.csv"
    export.write_text("Organisation\nSMEX \nQurium  Media Foundation\n", "utf-8")

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal())
    answers = iter(["y", "n", "yes"])
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    from letterpipe.cli import build_parser

    args = build_parser().parse_args(
        [
            "signatories",
            "import",
            "mini",
            str(export),
            "--map",
            "name=Organisation",
            "--group",
            "organisations",
            "--write",
        ]
    )
    assert run(mini, args, ask) == 0
    out = capsys.readouterr().out
    assert len(asked) == 3 and "write these changes" in asked[2]
    assert "1 of 2 suggested fixes accepted" in out
    text = mini.signatories_file("mini").read_text("utf-8")
    assert "organisations,SMEX,\n" in text and "Qurium" not in text


@pytest.mark.parametrize(
    ("raw", "names", "numbers"),
    [
        (b"sep=;\r\nOrganisation;Country\r\nKijiji Yeetu, Kenya;Kenya\r\n", ["Kijiji Yeetu, Kenya"], [3]),
        (b'Organisation,Notes\nAccess Now,"one\ntwo"\nSMEX,ok\n', ["Access Now", "SMEX"], [2, 4]),
        ("Organisation\tCountry\nFundación Karisma\tColombia\n".encode("utf-16-le"), ["Fundación Karisma"], [2]),
        (b"Organisation\nAccess Now\n", ["Access Now"], [2]),
    ],
)
def test_excel_sep_line_multiline_cells_utf16_without_bom_and_one_column(tmp_path, raw, names, numbers):
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    table = read_table(path)
    assert [r.cells["Organisation"] for r in table.rows] == names
    assert [r.number for r in table.rows] == numbers
