"""Issue 13, tried as an attacker would, on one project built once (see conftest.py): each attack
is refused or neutralised, fails only its own version with a message naming the file, and the
clean versions still build and are released."""

from __future__ import annotations

import json
import subprocess

import pytest
from hostile.conftest import BAD_FOLDERS, CATALOG_CASES, CSS_CASES, LETTERPIPE, WAIVED

from letterpipe.verify.browser import check_html_in_browser, find_chromium
from letterpipe.verify.raster import check_pdf_ink

pytestmark = pytest.mark.e2e
HIDDEN = "Asociación por los Derechos Civiles (ADC), Argentina"
GROUP = "Organisations de la société civile"


def status(hostile) -> dict:
    data = json.loads((hostile.project.build / "mini" / "status.json").read_text("utf-8"))
    return {s["lang"]: s for s in data["languages"]}


def names(hostile) -> list[str]:
    return [s.name for s in hostile.project.load("mini")[1]]


def test_the_clean_versions_build_verify_and_are_released(hostile):
    states = status(hostile)
    assert states["en"]["state"] == "complete" and states["fr"]["state"] == "complete", states["fr"]
    assert states["fr"]["verified"] and states[WAIVED]["state"] == "complete"
    folder = hostile.project.build / "mini" / "releases" / "1"
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["languages"] == ["en", "fr", WAIVED]
    assert hostile.release.returncode != 0, "the broken letter 'evil' still makes the release command fail"


def test_no_folder_name_runs_a_shell_command_and_each_bad_folder_fails_alone(hostile):
    root = hostile.project.root
    assert not list(root.rglob("PWNED")) and not (root.parent / "PWNED").exists()
    assert hostile.build.returncode != 0
    states = status(hostile)
    for name in BAD_FOLDERS:
        assert states[name]["state"] == "failing"
        assert f"locale/{name}/LC_MESSAGES/mini.po: not built" in hostile.build.stderr
    assert "no row in the language table" in states["qaa"]["problems"][0]
    assert "letters/my letter: not built: letter folders must match" in hostile.build.stderr
    dashboard = (hostile.project.build / "index.html").read_text("utf-8")
    assert "letters/my letter: not built" in dashboard and 'href="my letter/' not in dashboard


@pytest.mark.parametrize("lang", sorted(CSS_CASES))
def test_every_way_of_hiding_a_name_fails_its_version(hostile, lang):
    what, _ = CSS_CASES[lang]
    entry = status(hostile)[lang]
    assert entry["state"] == "failing" and not entry["verified"], f"{what} was not caught"
    text = "\n".join(entry["problems"])
    if lang == "fr_CI":  # transform: scale(0) crashes WeasyPrint: one line naming the file
        # the job's outputs are deleted with it: the error names the page kept in the logs
        assert "WeasyPrint could not lay this page out" in text and f"build/logs/mini/{lang}/letter.html" in text
    else:
        assert HIDDEN in text or "Sarah McKune" in text, text


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("lang", sorted(CSS_CASES))
def test_the_browser_sees_each_hidden_name(hostile, lang):
    logs = hostile.project.build / "logs" / "mini" / lang
    text = (logs / "version.log").read_text("utf-8")
    if (logs / "letter.html").exists():  # the PDF could not be made: judge the page kept in the logs
        html = logs / "letter.html"
        shown = check_html_in_browser(html, names(hostile), find_chromium())
        text = "\n".join(f"in the browser, {p}" for p in shown.problems)
    hidden = "Sarah McKune" if lang == "fr_ML" else HIDDEN
    assert any("in the browser" in line and hidden in line for line in text.splitlines()), text[-2000:]


@pytest.mark.parametrize("lang", ["fr_LU", "fr_MC", "fr_SN", "fr_CM", "fr_TN", "fr_BF", "fr_TG"])
def test_the_printed_page_shows_no_ink_for_each_hidden_name(hostile, lang):
    pdf = hostile.project.build / "mini" / lang / "letter.pdf"
    problems = check_pdf_ink(pdf, names(hostile), GROUP)
    assert any(HIDDEN in p for p in problems), problems
    assert not any("Access Now" in p for p in problems), "only the hidden name is flagged"


def test_the_clean_pdf_has_ink_for_every_name(hostile):
    assert check_pdf_ink(hostile.project.build / "mini" / "fr" / "letter.pdf", names(hostile), GROUP) == []


def test_translator_changes_that_need_a_human_are_blocking_findings(hostile):
    states = status(hostile)
    for lang, check in hostile.translator_cases.items():
        findings = json.loads((hostile.project.build / "mini" / lang / "checks.json").read_text("utf-8"))
        mine = [f for f in findings if f["check"] == check]
        assert mine, f"{lang}: no {check} finding in {findings}"
        catalog = "letterpipe.po" if check == "count" else "mini.po"  # the count string is an interface string
        assert all(f["path"] == f"locale/{lang}/LC_MESSAGES/{catalog}" for f in mine)
        if lang == WAIVED:
            assert mine[0]["waived"] and states[lang]["state"] == "complete"
        else:
            assert not any(f["waived"] for f in mine), "a translator's comment waives nothing"
            assert states[lang]["state"] == "failing", lang


def test_every_waiver_in_force_is_in_the_release_manifest(hostile):
    manifest = json.loads((hostile.project.build / "mini" / "releases" / "1" / "manifest.json").read_text("utf-8"))
    assert [(w["language"], w["check"], w["reason"]) for w in manifest["waivers"]] == [
        (WAIVED, "numbers", "the figure is written out in words in this version")
    ]


@pytest.mark.parametrize("lang", sorted(CATALOG_CASES))
def test_refused_catalogs_fail_alone_with_one_line_naming_the_file(hostile, lang):
    what, fragment = CATALOG_CASES[lang]
    problems = status(hostile)[lang]["problems"]
    assert any(fragment in p and f"{lang}/LC_MESSAGES/mini.po" in p for p in problems), (what, problems)


def test_no_stage_ends_in_a_traceback(hostile):
    logs = list((hostile.project.build / "logs").rglob("*.log"))
    assert len(logs) > 50
    for log in logs:
        assert "Traceback" not in log.read_text("utf-8", errors="replace"), log


def test_a_symlinked_signatory_list_is_refused_without_echoing_its_target(hostile):
    evil = json.loads((hostile.project.build / "evil" / "status.json").read_text("utf-8"))
    assert all(s["state"] == "failing" for s in evil["languages"])
    assert "outside the project" in json.dumps(evil)
    outputs = [hostile.project.build / "index.html", *hostile.project.build.glob("*/status.json")]
    for path in outputs:
        assert "root:x:0" not in path.read_text("utf-8"), path
    assert "root:x:0" not in hostile.build.stdout + hostile.build.stderr


def test_status_reads_the_hostile_project_without_hanging(hostile):
    result = subprocess.run([LETTERPIPE, "-C", str(hostile.project.root), "status"], capture_output=True, text=True)
    assert result.returncode == 0 and "Traceback" not in result.stderr


def test_without_chromium_the_browser_check_is_skipped_and_says_so(hostile, monkeypatch):
    from letterpipe.verify import report

    monkeypatch.setattr(report, "find_chromium", lambda: None)
    out = hostile.project.build / "mini" / "fr"
    signatories = hostile.project.load("mini")[1]
    result = report.verify_version("fr", out / "letter.html", out / "letter.pdf", signatories, seen=True)
    assert result.ok and result.skipped == [
        "browser check skipped: Chromium not found (Debian: apt-get install chromium)"
    ]
