"""The real workflow with translators' files as they arrive: one refused, one saved by Weblate's library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from readback import html_soup

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def run(project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), *args], capture_output=True, text=True)


def test_a_refused_catalog_fails_only_its_language_and_a_weblate_save_builds_quietly(mini):
    from translate.storage import po as ttk

    fr = mini.po_file("mini", "fr")
    assert run(mini, "update").returncode == 0
    store = ttk.pofile.parsefile(str(fr))
    unit = next(u for u in store.units if u.source == "Our requests")
    unit.target = "Nos demandes au Conseil"
    # Valid for msgfmt, unusual for other readers: two strings on a line, a string on the next line.
    text = bytes(store).decode().replace('msgid "Our requests"', 'msgid "Our " "requests"')
    text = text.replace('msgid "Denounce the abuses."', 'msgid\n"Denounce the abuses."')
    fr.write_text(text, "utf-8")
    saved = fr.read_bytes()
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(fr)], capture_output=True).returncode == 0

    es = mini.po_file("mini", "es")
    es.parent.mkdir(parents=True)
    text = saved.decode().replace("Language: fr", "Language: es")
    text = text.replace('msgstr "Excellences,"', 'msgstr "Excellences,')
    es.write_text(text, "utf-8")
    line = text.splitlines().index('msgstr "Excellences,') + 1
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(es)], capture_output=True).returncode != 0

    result = run(mini, "build")
    assert result.returncode != 0
    status = {s["lang"]: s for s in json.loads((mini.build / "mini" / "status.json").read_text("utf-8"))["languages"]}
    assert status["es"]["state"] == "failing"
    message = f"locale/es/LC_MESSAGES/mini.po:{line}: string not closed"
    assert any(message in problem for problem in status["es"]["problems"]), status["es"]["problems"]
    assert status["fr"]["state"] == "complete" and status["en"]["state"] == "complete"
    page = html_soup(mini.build / "mini" / "fr" / "letter.html")
    assert "Nos demandes au Conseil" in page.get_text()
    assert es.read_text("utf-8") == text and fr.read_bytes() == saved, "the build never writes locale/"

    update = run(mini, "update")
    assert update.returncode == 4 and message in update.stderr
    assert "unchanged locale/fr/LC_MESSAGES/mini.po" in update.stdout
    assert fr.read_bytes() == saved and es.read_text("utf-8") == text


def test_the_build_says_when_committed_catalogs_are_behind_the_letter(mini):
    before = {p: p.read_bytes() for p in mini.locale.rglob("*") if p.is_file()}
    result = run(mini, "build", "build/mini/mini.pot")
    assert result.returncode == 0, result.stderr
    assert "locale/mini.pot, locale/fr/LC_MESSAGES/mini.po behind the letter; run 'letterpipe update'" in result.stderr
    assert {p: p.read_bytes() for p in mini.locale.rglob("*") if p.is_file()} == before
    assert run(mini, "update").returncode == 0
    assert "behind" not in run(mini, "build", "build/mini/mini.pot").stderr
