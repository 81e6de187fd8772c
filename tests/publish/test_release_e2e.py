"""The release gate on a small letter: it succeeds when everything agrees, and each deliberate
fault makes it fail with a message that says what and where, releasing nothing."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from readback import html_soup, pdf_text

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def release(project) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), "release"], capture_output=True, text=True)


def override_css(project, lang: str, rule: str) -> None:
    folder = project.templates / lang
    folder.mkdir(parents=True)
    css = next(path for path in project.template_files() if path.name == "letter.css.j2").read_text("utf-8")
    (folder / "letter.css.j2").write_text(css + "\n" + rule + "\n", "utf-8")


def test_release_succeeds_with_matching_fingerprints_and_checksums(mini):
    result = release(mini)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = mini.build / "mini" / "releases" / "1"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["languages"] == ["en", "fr"] and manifest["signatories"] == 7
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    for lang in ("en", "fr"):
        assert manifest["fingerprint"] in "".join(pdf_text(folder / f"mini_{lang}.pdf").split())
        links = {a["href"] for a in html_soup(folder / f"mini_{lang}.html").select("nav a")}
        assert links == {"mini_en.html", "mini_fr.html", f"mini_{lang}.pdf"}
    status = json.loads((mini.build / "mini" / "status.json").read_text("utf-8"))
    assert [s["state"] for s in status["languages"]] == ["complete", "complete"]
    assert (mini.build / "index.html").exists()


def assert_blocked(project, *fragments: str) -> str:
    result = release(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert not (project.build / "mini" / "releases").exists(), "a blocked release writes nothing"
    for fragment in fragments:
        assert fragment in output, f"{fragment!r} not in output:\n{output[-4000:]}"
    return output


def test_a_name_hidden_by_one_languages_stylesheet_blocks_the_release(mini):
    override_css(mini, "fr", ".names li:nth-child(2) { display: none; }")
    assert_blocked(mini, "mini/fr", "missing: 'Asociación por los Derechos Civiles (ADC), Argentina'", "letter.pdf")
    assert "PROJET" in pdf_text(mini.build / "mini" / "fr" / "letter.pdf"), "the failing preview is marked DRAFT"
    assert "PROJET" not in pdf_text(mini.build / "mini" / "en" / "letter.pdf")


def test_a_name_pushed_off_the_page_blocks_the_release(mini):
    override_css(mini, "fr", ".names li:nth-child(3) .name { position: relative; left: 190mm; }")
    assert_blocked(mini, "mini/fr", "Advocacy Initiative for Development (AID)")


@pytest.mark.parametrize(
    "rule",
    [
        ".names li:nth-child(3) { max-height: 1pt; overflow: hidden; }",
        ".names li:nth-child(3) .name { white-space: nowrap; width: 5em; overflow: hidden; }",
        ".names li:nth-child(3) .name { color: #fff; }",
        ".names li:nth-child(3) .name { color: transparent; }",
        ".names li:nth-child(3) .name { font-size: 1pt; }",
    ],
    ids=["clipped-vertically", "clipped-horizontally", "white", "transparent", "tiny"],
)
def test_a_name_cut_off_or_made_invisible_blocks_the_release(mini, rule):
    override_css(mini, "fr", rule)
    assert_blocked(mini, "mini/fr", "'Advocacy Initiative for Development (AID)'")


def test_a_dropped_figure_blocks_the_release_naming_file_and_line(mini):
    po = mini.po_file("mini", "fr")
    po.write_text(po.read_text("utf-8").replace("des 50 000 numéros", "des numéros"), "utf-8")
    assert_blocked(mini, "locale/fr/LC_MESSAGES/mini.po:", "[numbers]", "50000")


def test_a_fuzzy_message_blocks_the_release(mini):
    po = mini.po_file("mini", "fr")
    po.write_text(po.read_text("utf-8").replace('msgid "Our requests"', '#, fuzzy\nmsgid "Our requests"'), "utf-8")
    assert_blocked(mini, "mini/fr: incomplete", "1 fuzzy")


def test_a_duplicate_signatory_blocks_the_release(mini):
    csv = mini.signatories_file("mini")
    csv.write_text(csv.read_text("utf-8") + "organisations,access now,\n", "utf-8")
    assert_blocked(mini, "signatories.csv:9: duplicate signatory 'access now'")


def test_an_undrawable_character_blocks_the_release(mini):
    csv = mini.signatories_file("mini")
    csv.write_text(csv.read_text("utf-8") + "organisations,Evil Eye \U0001f9ff Network,\n", "utf-8")
    output = assert_blocked(mini, "U+1F9FF", "fonts tried")
    assert "Noto Serif" in output
