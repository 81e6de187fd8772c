from pathlib import Path

import pytest

from letterpipe.errors import SignatoryError
from letterpipe.source.signatories import canonical_form, fingerprint, load_signatories, text_direction

GROUPS = ["orgs", "experts"]


def load(tmp_path: Path, text: str):
    path = tmp_path / "signatories.csv"
    path.write_bytes(text.encode("utf-8"))
    return load_signatories(path, GROUPS)


def test_quoted_commas_and_roles(tmp_path):
    rows = load(
        tmp_path, 'group,name,role\norgs,"Kijiji Yeetu, Kenya",\nexperts,Ron Deibert,"Professor, Citizen Lab"\n'
    )
    assert [(s.group, s.name, s.role, s.line) for s in rows] == [
        ("orgs", "Kijiji Yeetu, Kenya", "", 2),
        ("experts", "Ron Deibert", "Professor, Citizen Lab", 3),
    ]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("name,group\n", 1, "header"),
        ("group,name\nparty,Somebody\n", 2, "unknown group 'party'"),
        ("group,name\norgs,\n", 2, "empty name"),
        ("group,name\norgs, Access Now\n", 2, "leading or trailing"),
        ("group,name\norgs,Access  Now\n", 2, "doubled"),
        ("group,name\norgs,Access Now\norgs,access now\n", 3, "duplicate"),
        ("group,name\norgs,Fundación Karisma\norgs,Fundacion Karisma\n", 3, "duplicate"),
        ("group,name\norgs,Fundacio\u0301n Karisma\n", 2, "NFC"),
        ("group,name\norgs,A,B\n", 2, "columns"),
        ('group,name\norgs,"unterminated\n', 2, "CSV"),
        ("group,name\norgs,Zero\u200bWidth\n", 2, "invisible"),
    ],
)
def test_bad_rows_are_reported_with_their_line(tmp_path, text, line, fragment):
    with pytest.raises(SignatoryError) as info:
        load(tmp_path, text)
    assert info.value.line == line, str(info.value)
    assert fragment in str(info.value)


def test_fingerprint_is_documented_normal_form(tmp_path):
    rows = load(tmp_path, "group,name,role\norgs,SMEX,\nexperts,Harlo Holmes,Freedom of the Press Foundation\n")
    assert canonical_form(rows) == b"orgs\tSMEX\t\nexperts\tHarlo Holmes\tFreedom of the Press Foundation\n"
    import hashlib

    assert fingerprint(rows) == hashlib.sha256(canonical_form(rows)).hexdigest()


def test_direction_from_first_strong_character():
    assert text_direction("7amleh – Arab Center") == "ltr"
    assert text_direction("حملة - المركز العربي") == "rtl"
    assert text_direction("(123) حملة") == "rtl"


def test_seed_list_has_93_organisations_and_6_experts():
    root = Path(__file__).resolve().parents[2]
    rows = load_signatories(root / "letters/pegasus-hrc48/signatories.csv", ["organisations", "experts"])
    orgs = [s.name for s in rows if s.group == "organisations"]
    experts = [s.name for s in rows if s.group == "experts"]
    assert (len(orgs), len(experts)) == (93, 6)
    seed = (root / "letters/pegasus-hrc48/original.txt").read_text("utf-8")
    org_line = next(line for line in seed.splitlines() if line.startswith("Access Now"))
    assert ", ".join(orgs) == org_line.strip()
    assert "Metamorphosis, Foundation for Internet and Society" in orgs
    assert "Sursiendo, Comunicación y Cultura Digital" in orgs
    assert "Youths and Environmental Advocacy Centre (YEAC), Nigeria" in orgs
    expert_line = next(line for line in seed.splitlines() if line.startswith("Camille Francois"))
    assert (
        ", ".join(f"{s.name}, {s.role}" if s.role else s.name for s in rows if s.group == "experts") + "."
        == expert_line.strip()
    )


@pytest.mark.parametrize(
    "name",
    [
        "انجمن\u200cهای صنفی روزنامه\u200cنگاران",  # Persian: ZWNJ before plural and suffixes
        "ক্ষ\u200dমা",  # Bengali: ZWJ inside a word
        "र\u200d्य",  # Devanagari eyelash ra: ZWJ between a letter and a virama
        "ព្រះ\u200cរាជា",  # Khmer
    ],
)
def test_joiners_inside_words_of_scripts_that_use_them_are_spelling(tmp_path, name):
    assert load(tmp_path, f"group,name\norgs,{name}\n")[0].name == name


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Access\u200cNow", "200C"),  # a joiner in a Latin word
        ("\u200cانجمن", "200C"),  # at the start of a name
        ("انجمن \u200dها", "200D"),  # next to a space, not inside a word
        ("Access\u200bNow", "200B"),  # zero-width space
        ("\u202eAccess Now", "202E"),  # bidi override
        ("حملة \u202b(AID)", "202B"),  # bidi embedding
        ("Access\ufeffNow", "FEFF"),  # byte-order mark inside the name
        ("Access\u2060Now", "2060"),  # word joiner
        ("Access\u00adNow", "00AD"),  # soft hyphen
        ("Access\u034fNow", "034F"),  # combining grapheme joiner (a default-ignorable mark)
        ("\u3164Access", "3164"),  # Hangul filler
    ],
)
def test_other_invisible_characters_are_refused_with_the_line(tmp_path, name, code):
    with pytest.raises(SignatoryError) as info:
        load(tmp_path, f"group,name\norgs,Amnesty\norgs,{name}\n")
    assert info.value.line == 3 and f"U+{code}" in str(info.value)


def test_names_differing_only_by_a_joiner_are_duplicates(tmp_path):
    with pytest.raises(SignatoryError) as info:
        load(tmp_path, "group,name\norgs,سازمان\u200cها\norgs,سازمانها\n")
    assert info.value.line == 3 and "duplicate" in str(info.value)


def test_the_optional_lang_column_chooses_han_forms(tmp_path):
    rows = load(tmp_path, "group,name,role,lang\norgs,台灣人權促進會,,zh-Hant\norgs,Access Now,,\n")
    assert [(s.name, s.lang) for s in rows] == [("台灣人權促進會", "zh-Hant"), ("Access Now", "")]
    with pytest.raises(SignatoryError, match="BCP 47") as info:
        load(tmp_path, 'group,name,role,lang\norgs,Access Now,,"zh Hant"\n')
    assert info.value.line == 2


def test_seed_fingerprint_is_unchanged_by_the_lang_and_private_columns():
    from letterpipe.project import Project

    _, rows = Project(Path(__file__).resolve().parents[2]).load("pegasus-hrc48")
    assert fingerprint(rows) == "2cdaf740fd5135dd0f591751fd72c11417e1caaddc772ff5577a361244c6c238"
