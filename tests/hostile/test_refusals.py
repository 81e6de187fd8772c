"""Issue 13's refusals that need no build: size limits, Plural-Forms, bidi controls, approvals,
folder-name patterns, and one-line errors for a broken machine or file system."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from conftest import make_project

from letterpipe.catalogs.checks import check_message, count_problems, plural_problem
from letterpipe.catalogs.pofile import read_catalog
from letterpipe.errors import CatalogError, LetterpipeError, SignatoryError
from letterpipe.limits import MAX_MESSAGE_CHARS, check_catalog_bytes
from letterpipe.project import LANGUAGE_NAME, LETTER_NAME
from letterpipe.publish.approval import approval_problem, approve, diff_lines

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
GNU_AR = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
BABEL_AR = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);"
)


def catalog_bytes(msgstr: str) -> bytes:
    po = polib.POFile(wrapwidth=76)
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", "Language": "fr"}
    po.append(polib.POEntry(msgid="Denounce the abuses.", msgstr=msgstr))
    return str(po).encode("utf-8")


def test_a_ten_megabyte_catalog_and_a_long_message_are_refused_naming_file_and_line(tmp_path):
    big = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "x.po"
    big.parent.mkdir(parents=True)
    big.write_bytes(catalog_bytes("a" * 10_000_000))
    with pytest.raises(CatalogError, match="over the limit") as caught:
        read_catalog(big)
    assert str(big) in str(caught.value)
    long = catalog_bytes("abus " * (MAX_MESSAGE_CHARS // 4))
    with pytest.raises(CatalogError, match="longer than the limit") as caught:
        check_catalog_bytes(long, Path("x.po"))
    assert caught.value.line == long.decode().splitlines().index('msgid "Denounce the abuses."') + 2
    check_catalog_bytes(catalog_bytes("abus " * 1000), Path("x.po"))


def test_oversized_and_outside_inputs_are_refused_before_reading(mini):
    csv = mini.signatories_file("mini")
    csv.write_bytes(csv.read_bytes() + b"x" * 1_100_000)
    with pytest.raises(SignatoryError, match="over the limit"):
        mini.load("mini")
    csv.unlink()
    csv.symlink_to("/etc/passwd")
    with pytest.raises(SignatoryError, match="outside the project") as caught:
        mini.load("mini")
    assert "root:x" not in str(caught.value)
    letter = mini.letter_file("mini")
    letter.write_bytes(letter.read_bytes() + b"\nMore text.\n" * 60_000)
    with pytest.raises(LetterpipeError, match="over the limit"):
        mini.load("mini")


def test_plural_forms_are_compared_by_what_they_compute():
    assert plural_problem("nplurals=2; plural=(n > 1);", "fr") is None
    assert plural_problem("nplurals=2;plural=n>1", "fr") is None, "spelling does not matter"
    assert plural_problem(GNU_AR, "ar") is None and plural_problem(BABEL_AR, "ar") is None
    wrong = plural_problem("nplurals=2; plural=(n == 99 ? 0 : 1);", "fr")
    assert wrong and "n = 0" in wrong
    assert "malformed" in (plural_problem("nplurals=2; plural=n >>> 1;", "fr") or "")
    assert plural_problem("nplurals=1; plural=0;", "ru")


def test_count_strings_must_print_the_count():
    header = "nplurals=2; plural=(n > 1);"
    source = "%(count)s signatory"
    assert count_problems(source, ["%(count)s signataire", "%(count)s signataires"], header) == []
    assert count_problems(source, ["%(count)s signataire", "1 200 signataires"], header)
    assert count_problems(source, ["un signataire", "%(count)s signataires"], header), "form 0 serves n = 0 and 1"
    one = "nplurals=2; plural=(n != 1);"
    assert count_problems(source, ["one signatory", "%(count)s signatories"], one) == []


def test_bidi_controls_are_refused_and_marks_allowed():
    kinds = [k for k, _ in check_message("In 180 cases.", "Dans \u202e180\u202c cas.", [])]
    assert kinds == ["bidi"]
    for control in "\u202a\u202b\u202d\u2066\u2067\u2068\u2069":
        assert "bidi" in [k for k, _ in check_message("In 180 cases.", f"Dans {control}180 cas.", [])]
    assert check_message("In 180 cases.", "في\u200f 180 \u200eحالة\u061c.", []) == []


def test_line_breaks_of_every_kind_are_counted():
    for sep in ("\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"):
        assert "line-breaks" in [k for k, _ in check_message("Sincerely,", f"Cordialement,{sep}Paris", [])]


def test_folder_patterns_are_documented_and_strict():
    for good in ("fr", "pt_BR", "zh_Hans", "sr_Latn_RS"):
        assert LANGUAGE_NAME.fullmatch(good)
    for bad in ("x$(touch PWNED)", "f r", "...", "..", "fr/../en", "FR", "fr-CA", "fr\n"):
        assert not LANGUAGE_NAME.fullmatch(bad), bad
    for bad in ("my letter", "-x", "a;b", "a" * 65, ".hidden"):
        assert not LETTER_NAME.fullmatch(bad), bad


def test_approval_is_of_the_catalog_as_it_stands_and_diff_shows_each_change(mini):
    problem = approval_problem(mini, "mini", "fr")
    assert problem and "letterpipe approve mini fr" in problem
    approve(mini, "mini", "fr", "Ana Reviewer")
    assert approval_problem(mini, "mini", "fr") is None
    assert "no change" in diff_lines(mini, "mini", "fr")[0]
    po_path = mini.po_file("mini", "fr")
    po = polib.pofile(str(po_path))
    po.find("Excellencies,").msgstr = "Excellences,\nLe Gouvernement"
    po.find("Denounce the abuses.").tcomment = "a comment changes nothing a reader sees"
    po.save(str(po_path))
    problem = approval_problem(mini, "mini", "fr")
    assert problem and "changed since approved by Ana Reviewer" in problem and "1 change(s)" in problem
    lines = diff_lines(mini, "mini", "fr")
    assert any(line.startswith("changed: locale/fr/LC_MESSAGES/mini.po:") for line in lines)
    assert '  - "Excellences,"' in lines and '  + "Excellences,\\nLe Gouvernement"' in lines
    record = (mini.letter_file("mini").parent / "approvals.json").read_text("utf-8")
    assert "Ana Reviewer" in record and '"hash"' in record and '"date"' in record


def test_a_file_where_build_should_be_gives_one_line(mini):
    (mini.root / "build").write_text("not a folder")
    result = subprocess.run([LETTERPIPE, "-C", str(mini.root), "status"], capture_output=True, text=True)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.startswith("letterpipe: error: ") and "build" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_fonts_are_one_line_naming_the_fix(tmp_path):
    project = make_project(tmp_path)
    html = tmp_path / "page.html"
    html.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", "utf-8")
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig></fontconfig>')
    env = os.environ | {"FONTCONFIG_FILE": str(empty), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    output = str(tmp_path / "x.pdf")
    command = [LETTERPIPE, "-C", str(project.root), "stage", "pdf", "mini", "fr", "--html", str(html), "-o", output]
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "no font of Noto Serif" in result.stderr and "installed for fr; install: apt-get install" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_stage_that_crashed_without_a_message_is_named_with_its_log(mini):
    from letterpipe.publish.status import language_status

    logs = mini.build / "logs" / "mini" / "fr"
    logs.mkdir(parents=True)
    (logs / "check.log").write_text("", "utf-8")
    (logs / "version.log").write_text("Fatal Python error: Segmentation fault\n", "utf-8")
    problems = language_status(mini, "mini", "fr", "en").problems
    assert problems == [
        "version: stopped without an error message (the process crashed?): 'Fatal Python error: Segmentation fault';"
        " not built: letter.html, letter.pdf, verify.json; see build/logs/mini/fr/version.log"
    ]
