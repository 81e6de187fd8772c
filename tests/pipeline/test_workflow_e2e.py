"""The real workflow (Snakemake + WeasyPrint + gettext) on a small two-language letter."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from readback import csv_names, html_names, html_soup, missing_in_order, pdf_info, pdf_text

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def build(project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), "build", *args], capture_output=True, text=True)


def outputs(project) -> dict[str, float]:
    return {
        p.relative_to(project.build).as_posix(): p.stat().st_mtime_ns
        for p in project.build.glob("mini/**/*")
        if p.is_file()
    }


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.glob("mini/**/*")
        if p.is_file()
    }


def test_build_edit_and_rebuild(mini, tmp_path):
    result = build(mini)
    assert result.returncode == 0, result.stdout + result.stderr
    out = mini.build / "mini"
    names = csv_names(mini.signatories_file("mini"))
    for lang in ("en", "fr"):
        assert html_names(out / lang / "letter.html") == names
        assert not missing_in_order(pdf_text(out / lang / "letter.pdf"), names)
        assert (out / lang / "preview.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fr_text = pdf_text(out / "fr" / "letter.pdf")
    assert "Lettre commune sur la surveillance" in fr_text
    assert "30 septembre 2021" in fr_text
    assert re.search(r"Page\s+1\s+sur\s+\d", fr_text)
    assert pdf_info(out / "fr" / "letter.pdf")["Title"] == "Lettre commune sur la surveillance"
    index = html_soup(out / "index.html")
    assert {a["href"] for a in index.select("a")} >= {"en/letter.html", "fr/letter.html", "fr/letter.pdf"}

    # Determinism: a second build from scratch gives the same bytes.
    first = digests(mini.build)
    shutil.rmtree(mini.build)
    assert build(mini).returncode == 0
    assert digests(mini.build) == first

    # A no-op rebuild runs nothing, and does not even start Snakemake (the build stamp); a touched
    # input lets Snakemake decide, which reruns nothing either.
    before = outputs(mini)
    snakemake_log = mini.build / "logs" / "snakemake.log"
    snakemake_log.unlink()
    result = build(mini)
    assert result.returncode == 0 and "Nothing to be done" in result.stdout + result.stderr
    assert outputs(mini) == before and not snakemake_log.exists()
    mini.letter_file("mini").touch()
    result = build(mini)
    assert result.returncode == 0 and "Nothing to be done" in result.stdout + result.stderr
    assert outputs(mini) == before and "Nothing to be done" in snakemake_log.read_text("utf-8")

    # Editing fr.po reruns French only.
    po = mini.po_file("mini", "fr")
    po.write_text(po.read_text("utf-8").replace('msgstr "Nos demandes"', 'msgstr "Ce que nous demandons"'), "utf-8")
    assert build(mini).returncode == 0
    after = outputs(mini)
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {
        "mini/fr/mini.po",
        "mini/fr/mini.mo",
        "mini/fr/letter.html",
        "mini/fr/letter.json",
        "mini/fr/letter.pdf",
        "mini/fr/preview.png",
        "mini/fr/checks.json",
        "mini/fr/verify.json",
        "mini/fr/.verified",
        "mini/index.html",
    }
    assert "Ce que nous demandons" in pdf_text(out / "fr" / "letter.pdf")

    # Editing one English paragraph marks exactly that message fuzzy; locale/ is left alone.
    po_bytes = po.read_bytes()
    letter = mini.letter_file("mini")
    letter.write_text(letter.read_text("utf-8").replace("act now.", "act without delay."), "utf-8")
    assert build(mini).returncode == 0
    assert po.read_bytes() == po_bytes
    merged = (out / "fr" / "mini.po").read_text("utf-8")
    assert merged.count("#, fuzzy") == 1
    assert '#| msgid "We urge Members of the Council to act now."' in merged
    fr = html_soup(out / "fr" / "letter.html")
    assert fr.select_one(".incomplete") and "draft" in fr.html["class"]
    assert "We urge Members of the Council to act without delay." in fr.get_text()
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(out / "fr" / "mini.po")], check=True)


def test_a_broken_language_does_not_stop_the_others(mini):
    po = mini.po_file("mini", "fr")
    lines = po.read_text("utf-8").splitlines()
    lines.insert(30, "this line is garbage")
    po.write_text("\n".join(lines) + "\n", "utf-8")
    result = build(mini)
    assert result.returncode != 0
    log = (mini.build / "logs" / "mini" / "fr" / "merge.log").read_text()
    assert "locale/fr/LC_MESSAGES/mini.po:31:" in log and "Traceback" not in log
    assert (mini.build / "mini" / "en" / "letter.pdf").exists()
    assert not (mini.build / "mini" / "fr" / "mini.po").exists(), "no half-written output"


def test_plain_snakemake_builds_the_project_too(mini):
    snakemake = str(Path(sys.executable).with_name("snakemake"))
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1632960000", "HOME": str(mini.root)}
    repository_workflow = Path(__file__).resolve().parents[2] / "workflow" / "Snakefile"
    result = subprocess.run(
        [snakemake, "--snakefile", str(repository_workflow), "--cores", "all"],
        cwd=mini.root, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert (mini.build / "mini" / "fr" / "verify.json").exists()
