from pathlib import Path

import pytest

from letterpipe.errors import LetterSyntaxError
from letterpipe.source.letter import parse_letter, parse_letter_text

HEADER = "---\ntitle: T\ndate: 2021-09-30\ngroup orgs: Organisations\n---\n\n"


def parse(text: str):
    return parse_letter_text(text.encode(), Path("letters/x/letter.md"))


def test_blocks_keep_kind_line_and_normalised_text():
    letter = parse(HEADER + "# Head\n\nOne  para\nspread over lines.\n\n- a\n- b\n  continued\n\n> quoted\n> text\n")
    kinds = [(b.kind, b.text, b.line) for b in letter.blocks]
    assert kinds == [
        ("heading", "Head", 7),
        ("paragraph", "One para spread over lines.", 9),
        ("item", "a", 12),
        ("item", "b continued", 13),
        ("quote", "quoted text", 16),
    ]
    assert letter.groups["orgs"].text == "Organisations"
    assert letter.source_language == "en"


def test_messages_cover_reader_fields_blocks_and_groups_in_order():
    letter = parse("---\ntitle: T\ndate: 2021-09-30\nsalutation: Hi,\nlede: L\ngroup g: G\n---\n\nBody.\n")
    texts = [text for text, _, _ in letter.messages()]
    assert texts == ["T", "L", "Hi,", "Body.", "G"]
    assert all(where for _, _, where in letter.messages())


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("title: T\n", 1, "must start with a '---'"),
        ("---\ntitle: T\ndate: 2021-09-30\n", 1, "not closed"),
        ("---\ntitle: T\ndate: 30/09/2021\n---\n\nx\n", 3, "YYYY-MM-DD"),
        ("---\ntitle: T\ndate: 2021-09-30\ncolour: red\n---\n\nx\n", 4, "unknown metadata field 'colour'"),
        ("---\ntitle: T\ndate: 2021-09-30\nthis is not a field\n---\n\nx\n", 4, "expected 'key: value'"),
        ("---\ntitle: T\n---\n\nx\n", 1, "'date'"),
        ("---\ntitle: T\ndate: 2021-09-30\ntitle: U\n---\n\nx\n", 4, "given twice"),
        ("---\ntitle: T\ndate: 2021-09-30\n---\n\n", 5, "no body"),
        ("---\ntitle: T\ndate: 2021-09-30\n---\n\n- item\nnot indented\n", 7, "indented"),
    ],
)
def test_malformed_letters_name_file_and_line(text, line, fragment):
    with pytest.raises(LetterSyntaxError) as info:
        parse(text)
    assert info.value.line == line
    assert fragment in info.value.message
    assert str(info.value).startswith(f"letters/x/letter.md:{line}: ")


def test_invalid_utf8_reports_the_line(tmp_path):
    path = tmp_path / "letter.md"
    path.write_bytes(HEADER.encode() + b"ok\n\nbad \xff byte\n")
    with pytest.raises(LetterSyntaxError) as info:
        parse_letter(path)
    assert info.value.line == 9


def test_seed_letter_is_transcribed_faithfully():
    root = Path(__file__).resolve().parents[2]
    letter = parse_letter(root / "letters" / "pegasus-hrc48" / "letter.md")
    seed = (root / "letters" / "pegasus-hrc48" / "original.txt").read_text("utf-8")
    seed_flat = " ".join(seed.split())
    paragraphs = [b for b in letter.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 11
    for block in paragraphs:
        assert block.text in seed_flat
    assert letter.field_text("lede") in seed_flat
    assert letter.date.isoformat() == "2021-09-30"
    assert "More on Country" not in " ".join(b.text for b in letter.blocks)
    assert "Photo" not in " ".join(b.text for b in letter.blocks)
