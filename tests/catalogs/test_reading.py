"""Strict reading: every catalog is judged by GNU ``msgfmt --check`` too, and the verdicts must agree."""

from __future__ import annotations

import gettext
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from letterpipe.catalogs.pofile import read_po
from letterpipe.errors import CatalogError

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: mini 2021-09-30\\n"\n'
    '"PO-Revision-Date: 2021-09-30 00:00+0000\\n"\n'
    '"Last-Translator: a translator\\n"\n'
    '"Language-Team: French\\n"\n'
    '"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    "\n"
)
HEADER_LINES = HEADER.count("\n")
OK = 'msgid "Excellencies,"\nmsgstr "Excellences,"\n'

#: (name, body after the header, line msgfmt and letterpipe must name or None when accepted)
REFUSED = [
    ("unterminated string", 'msgid "Excellencies,"\nmsgstr "Excellences,\n', 2),
    ("unterminated continuation", 'msgid "a"\nmsgstr ""\n"Excellences,\n', 3),
    ("unquoted msgstr", 'msgid "Excellencies,"\nmsgstr Excellences,\n', 2),
    ("text after the string", 'msgid "a"\nmsgstr "x" y\n', 2),
    ("unknown keyword", 'msgid "a"\nmsgstr "x"\nmsgstrr "y"\n', 3),
    ("missing msgstr", 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1),
    ("comment inside a message", 'msgid "a"\n# note\nmsgstr "x"\n', 1),
    ("duplicate msgid", OK + "\n" + OK, 4),
    ("duplicate of an obsolete msgid", OK + '\n#~ msgid "Excellencies,"\n#~ msgstr "Chers"\n', 4),
    ("invalid escape", 'msgid "a"\nmsgstr "x\\q"\n', 2),
    ("backslash at the end of the file", 'msgid "a"\nmsgstr "x\\', 2),
    ("plural index gap", 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n', 4),
    ("msgstr[N] without msgid_plural", 'msgid "a"\nmsgstr[0] "x"\n', 1),
    ("too many plural forms", 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n', 1),
    ("too few plural forms", 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', 1),
    ("python-format name missing", '#, python-format\nmsgid "%(a)s of %(b)s"\nmsgstr "%(a)s sur %(c)s"\n', 2),
    ("python-format count", '#, python-format\nmsgid "%s and %s"\nmsgstr "%s"\n', 2),
    ("c-format type", '#, c-format\nmsgid "%d files"\nmsgstr "%s fichiers"\n', 2),
    ("c-format count", '#, c-format\nmsgid "%d files in %s"\nmsgstr "%d fichiers"\n', 2),
    ("leading newline differs", 'msgid "a"\nmsgstr "\\nb"\n', 1),
    ("trailing newline differs", 'msgid "a\\n"\nmsgstr "b"\n', 1),
    ("domain directive", 'domain "other"\n' + OK, 1),
    ("keyword without a string", 'msgid "a"\nmsgstr\n\nmsgid "b"\nmsgstr "c"\n', 2),
    ("a #| line that holds no previous msgid", "#| #. a note\n" + OK, 1),
    ("python-format type", '#, python-format\nmsgid "%(n)d items"\nmsgstr "%(n)s éléments"\n', 2),
]
ACCEPTED = [
    ("fuzzy with a wrong format", '#, fuzzy, python-format\nmsgid "%(a)s x"\nmsgstr "%(b)s y"\n'),
    ("fuzzy plural with a wrong count", '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n'),
    ("untranslated plural", 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n'),
    ("comment after a string", 'msgid "a"\nmsgstr "x" # a note\n\n' + OK),
    ("indented lines and tabs", '  msgid\t"a"\n  msgstr "x\ty"\n   " z"\n'),
    ("escapes", 'msgid "a"\nmsgstr "\\x41\\101\\t\\"q\\" \\\\ \\xc3\\xa9"\n'),
    ("context makes it distinct", 'msgctxt "c"\n' + OK + "\n" + OK),
    (
        "obsolete with previous",
        '#~| msgid "q"\n#~ msgid "z"\n#~ msgstr "x"\n\n#~ #| msgid "r"\n#~ msgid "y"\n#~ msgstr "w"\n',
    ),
    ("flags without space", "#,fuzzy\n#:ref\n#.note\n#random\n" + OK),
    ("several strings on a line", 'msgid "a" "b"\nmsgstr "x" "y"\n'),
    (
        "plural forms that serve one number",
        '#, python-format\nmsgid "%(n)s item"\nmsgid_plural "%(n)s items"\n'
        'msgstr[0] "un élément"\nmsgstr[1] "%(n)s éléments"\n',
    ),
    ("c-format reordered", '#, c-format\nmsgid "%s of %d"\nmsgstr "%2$d : %1$s"\n'),
    ("percent sign escaped", '#, python-format\nmsgid "%(n)s%%"\nmsgstr "%(n)s %%"\n'),
    ("no trailing newline", OK.rstrip("\n")),
    ("string on the line after its keyword", 'msgid\n"a"\nmsgstr\n\n"x"\n'),
    ("two keywords on one line", 'msgid "a" msgstr "x"\n'),
    ("a backslash continues the line", 'msgid "a"\nmsgstr "x\\\ny"\n'),
    ("a bare #| marker after a string", 'msgid "a" #|\nmsgstr "x"\n'),
    ("nested parentheses make the source no format string", '#, python-format\nmsgid "%(a(b)s"\nmsgstr "%(c)s"\n'),
]


def msgfmt(path: Path, output: Path | None = None) -> subprocess.CompletedProcess[str]:
    target = str(output) if output else "/dev/null"
    return subprocess.run(["msgfmt", "--check", "-o", target, str(path)], capture_output=True, text=True)


def write(tmp_path: Path, body: str | bytes, header: str = HEADER) -> Path:
    path = tmp_path / "fr.po"
    path.write_bytes(header.encode() + (body if isinstance(body, bytes) else body.encode()))
    return path


@pytest.mark.parametrize(("name", "body", "line"), REFUSED, ids=[c[0] for c in REFUSED])
def test_what_msgfmt_refuses_is_refused_with_file_and_line(tmp_path, name, body, line):
    path = write(tmp_path, body)
    judge = msgfmt(path)
    assert judge.returncode != 0, f"msgfmt accepts {name!r}: {judge.stderr}"
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.path == path
    assert info.value.line == HEADER_LINES + line, str(info.value)
    assert str(info.value).startswith(f"{path}:{HEADER_LINES + line}: ")


@pytest.mark.parametrize(("name", "body"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_what_msgfmt_accepts_is_read_without_altering_a_character(tmp_path, name, body):
    path = write(tmp_path, body)
    mo = tmp_path / "fr.mo"
    judge = msgfmt(path, mo)
    assert judge.returncode == 0, judge.stderr
    po = read_po(path)
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for entry in po.messages:
        if entry.fuzzy or not all(entry.translations):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            assert compiled[key] == entry.msgstr
        else:
            assert [compiled[(key, i)] for i in range(len(entry.msgstr_plural))] == entry.msgstr_plural


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("byte-order mark", b"\xef\xbb\xbf" + HEADER.encode() + OK.encode(), 1),
        ("invalid UTF-8", HEADER.encode() + b'msgid "a"\nmsgstr "\xe9t\xe9"\n', HEADER_LINES + 2),
        ("no header", OK.encode(), 1),
        ("empty file", b"", 1),
        (
            "plural formula past nplurals",
            HEADER.replace("plural=(n > 1)", "plural=n").encode() + OK.encode(),
            1,
        ),
        ("invalid plural formula", HEADER.replace("(n > 1)", "(n !! 1)").encode() + OK.encode(), 1),
        (
            "plural messages without Plural-Forms",
            HEADER.replace('"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n', "").encode()
            + b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
            1,
        ),
    ],
)
def test_file_level_problems_agree_with_msgfmt(tmp_path, name, data, line):
    path = tmp_path / "fr.po"
    path.write_bytes(data)
    assert msgfmt(path).returncode != 0
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.line == line, str(info.value)


def test_a_charset_other_than_utf8_is_refused_though_msgfmt_accepts_it(tmp_path):
    """letterpipe's one policy beyond msgfmt: catalogs are UTF-8, so every tool agrees on the bytes."""
    path = write(tmp_path, 'msgid "a"\nmsgstr "\xe9t\xe9"\n'.encode("latin-1"), HEADER.replace("UTF-8", "ISO-8859-1"))
    assert msgfmt(path).returncode == 0
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert info.value.line == 1 or "charset" in str(info.value)
    assert "charset" in str(info.value) and "UTF-8" in str(info.value)
    latin_header_only = write(tmp_path, OK, HEADER.replace("UTF-8", "ISO-8859-1"))
    with pytest.raises(CatalogError, match="charset is ISO-8859-1"):
        read_po(latin_header_only)


def test_escapes_that_make_invalid_utf8_are_refused_though_msgfmt_accepts_them(tmp_path):
    """msgfmt copies the bytes into the .mo, where Python's gettext then fails to decode them."""
    path = write(tmp_path, 'msgid "a"\nmsgstr "\\xe9t\\xe9"\n')
    assert msgfmt(path).returncode == 0
    with pytest.raises(CatalogError, match="not valid UTF-8") as info:
        read_po(path)
    assert info.value.line == HEADER_LINES + 2


def test_crlf_line_endings_are_read_like_msgfmt(tmp_path):
    path = write(tmp_path, OK)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert msgfmt(path).returncode == 0
    assert read_po(path).find("Excellencies,").msgstr == "Excellences,"


def test_every_committed_catalog_and_template_is_read_and_passes_msgfmt():
    from conftest import REPO

    files = sorted((REPO / "locale").glob("**/*.po")) + sorted((REPO / "locale").glob("*.pot"))
    assert len(files) >= 6
    for path in files:
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"
        po = read_po(path)
        if path.suffix == ".po":
            assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, f"{path}: {result.stderr}"
            assert all(e.translated for e in po.messages)


def test_mutated_catalogs_get_msgfmts_verdict(tmp_path):
    """A few hundred random edits of a real catalog (quotes, backslashes, keywords, comments and
    placeholders inserted or deleted): letterpipe and msgfmt must agree on every one, except
    that letterpipe also refuses a header that no longer declares UTF-8."""
    import random

    source = (REPO / "tests" / "fixtures" / "mini" / "locale" / "fr" / "LC_MESSAGES" / "mini.po").read_text("utf-8")
    pieces = ['"', "\\", "\n", " ", "#", "#~ ", "#| ", "msgid ", "msgstr ", "msgstr[0] ", 'msgctxt "c"\n', "%(x)s", "%"]
    rng = random.Random(8)
    path = tmp_path / "fr.po"
    for _ in range(250):
        text = source
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            cut = 0 if rng.random() < 0.5 else rng.randint(1, 5)
            text = text[:at] + (rng.choice(pieces) if not cut else "") + text[at + cut :]
        path.write_text(text, "utf-8")
        accepted = msgfmt(path).returncode == 0
        try:
            read_po(path)
            ours = True
        except CatalogError as exc:
            ours = False
            if accepted:
                assert "charset is" in str(exc), (str(exc), text)
                continue
        assert ours == accepted, text
