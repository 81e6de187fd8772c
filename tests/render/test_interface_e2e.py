"""A letter whose catalogs translate only its own messages builds complete in every table language.

One real workflow run renders ``tests/fixtures/interface`` (four letter messages, no interface
string in any of its catalogs) in all the packaged table's languages; the HTML and the PDF text
(poppler's ``pdftotext``, an independent reader) are searched for every English interface string.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES
from interface_text import english_found

from letterpipe.catalogs.interface import interface_keys
from letterpipe.catalogs.pofile import read_po
from letterpipe.project import Project
from letterpipe.publish.status import letter_status
from letterpipe.render.languages import load_languages

TABLE = sorted(load_languages())


@pytest.fixture(scope="session")
def interface_build(tmp_path_factory: pytest.TempPathFactory) -> Project:
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1632960000")
    root = tmp_path_factory.mktemp("interface") / "project"
    shutil.copytree(FIXTURES / "interface", root)
    letterpipe = str(Path(sys.executable).with_name("letterpipe"))
    targets = [f"build/interface/{lang}/verify.json" for lang in TABLE]
    result = subprocess.run([letterpipe, "-C", str(root), "build", "-q", *targets], capture_output=True, text=True)
    mp.undo()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return Project(root)


def test_the_letters_catalogs_hold_only_its_own_messages():
    project = Project(FIXTURES / "interface")
    assert sorted(project.catalog_languages("interface")) == sorted(set(TABLE) - {"en"})
    for lang in project.catalog_languages("interface"):
        entries = read_po(project.po_file("interface", lang)).entries
        assert not {e.key for e in entries} & interface_keys(), lang


def test_every_version_is_complete(interface_build):
    status = letter_status(interface_build, "interface")
    states = {s.lang: (s.state, s.interface_missing, s.untranslated) for s in status.languages}
    assert states == {lang: ("complete", [], 0) for lang in TABLE}


@pytest.mark.parametrize("lang", [lang for lang in TABLE if lang != "en"])
def test_no_english_interface_string_in_html_or_pdf(interface_build, lang):
    out = interface_build.build / "interface" / lang
    soup = BeautifulSoup((out / "letter.html").read_text("utf-8"), "html.parser")
    assert english_found(soup.get_text(" ")) == []
    pdf = subprocess.run(["pdftotext", "-raw", str(out / "letter.pdf"), "-"], capture_output=True, text=True)
    assert pdf.returncode == 0
    assert english_found(pdf.stdout) == []
    language = load_languages()[lang]
    page_one = language.digits[1]
    assert pdf.stdout.count(page_one) >= 2, "page counter in the language's digits"  # "page 1 of 1"
