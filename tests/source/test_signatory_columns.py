"""Published and private columns, lang, the published order and withdrawals, as the loader sees them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from letterpipe.errors import LetterSyntaxError, SignatoryError
from letterpipe.source.changes import changes_since, load_changes
from letterpipe.source.letter import parse_letter_text
from letterpipe.source.signatories import canonical_form, fingerprint, load_signatories, to_json

GROUPS = ["orgs", "experts"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "signatories.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_private_columns_are_dropped_at_load_and_never_fingerprinted(tmp_path):
    plain = load_signatories(write(tmp_path, "group,name,role\norgs,SMEX,\nexperts,Ron Deibert,Citizen Lab\n"), GROUPS)
    path = write(
        tmp_path,
        "group,name,email,role,private:phone,private:Contact Name\n"
        "orgs,SMEX,a@example.org,,+961 1,Mohamad\nexperts,Ron Deibert,r@example.org,Citizen Lab,+1 2,Ron\n",
    )
    rows = load_signatories(path, GROUPS, private=["Email"])
    assert rows == plain
    assert fingerprint(rows) == fingerprint(plain)
    assert b"example.org" not in to_json(rows) + canonical_form(rows)
    assert not any("example.org" in repr(s) for s in rows), "a Signatory carries no private field"


def test_an_undeclared_column_is_refused_naming_both_ways_to_declare_it(tmp_path):
    path = write(tmp_path, "group,name,email\norgs,SMEX,a@example.org\n")
    with pytest.raises(SignatoryError) as info:
        load_signatories(path, GROUPS)
    assert info.value.line == 1 and "private: email" in str(info.value) and "private:email" in str(info.value)


def test_errors_never_quote_a_private_cell(tmp_path):
    path = write(tmp_path, "group,name,private:email\norgs,SMEX,secret@example.org,extra\n")
    with pytest.raises(SignatoryError) as info:
        load_signatories(path, GROUPS)
    assert "secret" not in str(info.value)


def test_lang_is_published_and_enters_the_fingerprint_only_when_present(tmp_path):
    path = write(tmp_path, "group,name,role,lang\norgs,SMEX,,\nexperts,王五,Professor,zh-Hant\n")
    rows = load_signatories(path, GROUPS)
    assert [s.lang for s in rows] == ["", "zh-Hant"]
    assert canonical_form(rows) == "orgs\tSMEX\t\nexperts\t王五\tProfessor\tzh-Hant\n".encode()
    assert fingerprint(rows) == hashlib.sha256(canonical_form(rows)).hexdigest()
    assert b'"lang": "zh-Hant"' in to_json(rows) and to_json(rows).count(b'"lang"') == 1


@pytest.mark.parametrize("tag", ["zh_Hant", "ZH", "zh-hant", "english", "x"])
def test_a_malformed_lang_tag_is_refused(tmp_path, tag):
    with pytest.raises(SignatoryError, match="BCP 47"):
        load_signatories(write(tmp_path, f"group,name,lang\norgs,SMEX,{tag}\n"), GROUPS)


def test_a_late_signatory_appended_at_the_end_is_placed_in_its_group(tmp_path):
    path = write(tmp_path, "group,name\norgs,B Org\nexperts,Zed\norgs,A Late Org\nexperts,Amy\n")
    rows = load_signatories(path, GROUPS)
    assert [s.name for s in rows] == ["B Org", "A Late Org", "Zed", "Amy"]
    assert [s.line for s in rows] == [2, 4, 3, 5]


def test_alphabetical_order_follows_the_named_cldr_collation(tmp_path):
    path = write(
        tmp_path, "group,name\norgs,Zeta\norgs,Öst\norgs,Ärla\norgs,Alpha\norgs,Éclair\nexperts,Zed\nexperts,Amy\n"
    )
    german = load_signatories(path, GROUPS, order={"orgs": "alphabetical de"})
    swedish = load_signatories(path, GROUPS, order={"orgs": "alphabetical sv"})
    assert [s.name for s in german] == ["Alpha", "Ärla", "Éclair", "Öst", "Zeta", "Zed", "Amy"]
    assert [s.name for s in swedish][:5] == ["Alpha", "Éclair", "Zeta", "Ärla", "Öst"]
    assert fingerprint(german) != fingerprint(swedish), "the order is part of what the fingerprint proves"


LETTER = "---\ntitle: T\ndate: 2021-09-30\ngroup orgs: Organisations\ngroup experts: Experts\n{extra}---\n\nBody.\n"


def test_the_letter_header_states_private_columns_and_order_once():
    letter = parse_letter_text(
        LETTER.format(
            extra="private: Email, contact person\norder: alphabetical fr\norder experts: as listed\n"
        ).encode(),
        Path("l/letter.md"),
    )
    assert letter.private_columns == ("email", "contact person")
    assert (letter.order_of("orgs"), letter.order_of("experts")) == ("alphabetical fr", "as listed")


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        ("order: by size\n", "expected 'as listed'"),
        ("order: alphabetical\n", "name one collation"),
        ("order: alphabetical xx-nowhere\n", "no CLDR collation"),
        ("order party: as listed\n", "no group 'party'"),
        ("order orgs: as listed\norder orgs: as listed\n", "given twice"),
    ],
)
def test_a_bad_order_is_refused_with_its_line(extra, fragment):
    with pytest.raises(LetterSyntaxError) as info:
        parse_letter_text(LETTER.format(extra=extra).encode(), Path("l/letter.md"))
    assert fragment in str(info.value) and info.value.line == 5 + extra.count("\n")


CHANGES = (
    "date,kind,group,name,previous,reason,private:notes\n"
    "2021-10-04,withdrawn,orgs,Gone Org,,Asked to be removed,called by X\n"
    "2021-10-05,corrected,orgs,Fundación Karisma,Fundacion Karisma,Spelling requested,\n"
)


def test_withdrawn_and_superseded_names_are_refused_and_listed_for_the_changelog(tmp_path):
    (tmp_path / "signatory-changes.csv").write_text(CHANGES, "utf-8")
    with pytest.raises(SignatoryError, match=r"withdrawn on 2021-10-04 \(signatory-changes.csv:2\)") as info:
        load_signatories(write(tmp_path, "group,name\norgs,SMEX\norgs,Gone Org\n"), GROUPS)
    assert info.value.line == 3
    with pytest.raises(SignatoryError, match="corrected to 'Fundación Karisma'"):
        load_signatories(write(tmp_path, "group,name\norgs,Fundacion Karisma\n"), GROUPS)
    assert [s.name for s in load_signatories(write(tmp_path, "group,name\norgs,Fundación Karisma\n"), GROUPS)]
    records = changes_since(tmp_path)
    assert [(c.name, c.kind, c.reason, str(c.date)) for c in records] == [
        ("Gone Org", "withdrawn", "Asked to be removed", "2021-10-04"),
        ("Fundación Karisma", "corrected", "Spelling requested", "2021-10-05"),
    ]
    assert "called by X" not in repr(records), "private notes are not read"
    import datetime as dt

    assert [c.name for c in changes_since(tmp_path, dt.date(2021, 10, 4))] == ["Fundación Karisma"]


def test_a_rejoined_signatory_may_be_listed_again(tmp_path):
    (tmp_path / "signatory-changes.csv").write_text(
        CHANGES + "2021-11-01,rejoined,orgs,Gone Org,,Board changed its mind,\n"
    )
    assert len(load_signatories(write(tmp_path, "group,name\norgs,Gone Org\n"), GROUPS)) == 1


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        ("2021-13-01,withdrawn,,X,,r", "YYYY-MM-DD"),
        ("2021-10-01,deleted,,X,,r", "kind must be"),
        ("2021-10-01,withdrawn,,X,,", "reason"),
        ("2021-10-01,corrected,,X,,r", "previous name"),
    ],
)
def test_a_bad_change_record_names_its_line(tmp_path, row, fragment):
    path = tmp_path / "signatory-changes.csv"
    path.write_text("date,kind,group,name,previous,reason\n" + row + "\n", "utf-8")
    with pytest.raises(SignatoryError, match=fragment) as info:
        load_changes(path)
    assert info.value.line == 2
