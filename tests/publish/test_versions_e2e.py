"""Releases on a real build: numbered, never lost, re-released with a changelog the PDFs agree
with, each letter on its own, and refused when a released file was altered; status decided by
content; a build that names what failed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from readback import pdf_text

from letterpipe.project import Project

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def run(project: Project, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), *args], capture_output=True, text=True, env=env)


pytestmark = pytest.mark.e2e


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def squashed(path: Path) -> str:
    return " ".join(pdf_text(path).split())


def add_signatories(project: Project, rows: dict[str, list[str]]) -> None:
    """Add rows at the end of their group (in print order)."""
    csv = project.signatories_file("mini")
    lines = csv.read_text("utf-8").splitlines()
    for group, new in rows.items():
        last = max(i for i, line in enumerate(lines) if line.startswith(f"{group},"))
        lines[last + 1 : last + 1] = new
    csv.write_text("\n".join(lines) + "\n", "utf-8")


def test_releases_are_kept_versioned_and_say_what_changed(pair: Project):
    releases = pair.build / "mini" / "releases"
    other = digests(pair.build / "other")
    result = run(pair, "release", "mini", "--date", "2026-11-01")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert digests(pair.build / "other") == other, "releasing one letter never touches another"
    assert not (pair.build / "other" / "releases").exists()
    assert "build/mini/releases/1/" in result.stdout and "mini_fr.pdf" in result.stdout
    first = json.loads((releases / "1" / "manifest.json").read_text("utf-8"))
    assert f"fingerprint: {first['fingerprint']}" in result.stdout
    assert sorted(p.name for p in (releases / "1").iterdir()) == sorted(
        ["CHANGELOG.md", "changelog.json", "manifest.json", "SHA256SUMS"]
        + [f"mini_{lang}.{ext}" for lang in ("en", "fr") for ext in ("pdf", "html")]
    )
    assert (releases / "LATEST").read_text() == "1\n"
    assert "Version 1, publiée le 1 novembre 2026" in squashed(releases / "1" / "mini_fr.pdf")
    kept = digests(releases)

    # A source edit that leaves French fuzzy: the release is refused and version 1 is untouched.
    letter, po = pair.letter_file("mini"), pair.po_file("mini", "fr")
    letter_text, po_text = letter.read_text("utf-8"), po.read_text("utf-8")
    letter.write_text(letter_text.replace("act now.", "act without delay."), "utf-8")
    assert run(pair, "update", "--letter", "mini").returncode == 0
    refused = run(pair, "release", "mini", "--date", "2026-11-03")
    assert refused.returncode == 7, refused.stdout[-2000:] + refused.stderr[-2000:]
    assert "mini/fr: incomplete" in refused.stderr and "nothing was released" in refused.stderr
    assert digests(releases) == kept, "a refused release leaves every earlier release byte-identical"

    # Three late signatories: version 2, whose changelog lists exactly them and whose PDFs print it.
    letter.write_text(letter_text, "utf-8")
    po.write_text(po_text, "utf-8")
    add_signatories(
        pair,
        {"organisations": ["organisations,Late Org One,", "organisations,Late Org Two,"],
         "experts": ["experts,Late Expert,Professor of Law"]},
    )  # fmt: skip
    second = run(pair, "release", "mini", "--date", "2026-11-05")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "3 signatories added (organisations 2, experts 1) since version 1 (2026-11-01)" in second.stdout
    manifest = json.loads((releases / "2" / "manifest.json").read_text("utf-8"))
    assert (manifest["version"], manifest["previous"]) == (2, {"version": 1, "date": "2026-11-01"})
    log = json.loads((releases / "2" / "changelog.json").read_text("utf-8"))
    added = {(g, s["name"]) for g, c in log["signatories"].items() for s in c["added"]}
    assert added == {("organisations", "Late Org One"), ("organisations", "Late Org Two"), ("experts", "Late Expert")}
    assert all(not c["removed"] and not c["changed"] for c in log["signatories"].values())
    assert log["messages"] == {}
    assert "Late Org Two" in (releases / "2" / "CHANGELOG.md").read_text("utf-8")
    assert "Version 2, released November 5, 2026 3 signatories added since November 1, 2026" in squashed(
        releases / "2" / "mini_en.pdf"
    )
    assert "Version 2, publiée le 5 novembre 2026 3 signataires ajoutés depuis le 1 novembre 2026" in squashed(
        releases / "2" / "mini_fr.pdf"
    )
    assert digests(releases / "1") == {k[2:]: v for k, v in kept.items() if k.startswith("1/")}
    assert (releases / "LATEST").read_text() == "2\n"

    # Nothing changed: nothing new is written. Releases survive losing Snakemake's metadata, and a
    # rebuild reproduces the released PDF.
    again = run(pair, "release", "mini")
    assert again.returncode == 0 and "nothing changed since version 2" in again.stdout
    assert not (releases / "3").exists()
    kept = digests(releases)
    shutil.rmtree(pair.root / ".snakemake")
    assert run(pair, "build", "-q").returncode == 0
    assert digests(releases) == kept
    assert (pair.build / "mini" / "en" / "letter.pdf").read_bytes() == (releases / "2" / "mini_en.pdf").read_bytes()

    # An altered release is named and every command that reads releases refuses to go on.
    altered = releases / "1" / "mini_fr.html"
    altered.chmod(0o644)
    altered.write_text(altered.read_text("utf-8").replace("Access Now", "Access Later"), "utf-8")
    for command in (["release", "mini"], ["build"], ["status"]):
        result = run(pair, *command)
        assert result.returncode == 9, (command, result.stdout[-2000:], result.stderr[-2000:])
        assert "build/mini/releases/1/mini_fr.html: altered since it was released" in result.stderr
    assert not (releases / "3").exists()


def test_status_follows_content_not_modification_times(pair: Project):
    assert run(pair, "status").returncode == 0
    status = pair.build / "mini" / "status.json"
    before = status.read_bytes()
    po = pair.po_file("mini", "fr")
    for path in (po, pair.letter_file("mini"), pair.signatories_file("mini")):
        os.utime(path, (path.stat().st_atime + 3600, path.stat().st_mtime + 3600))
        path.write_bytes(path.read_bytes())
    result = run(pair, "status")
    assert result.returncode == 0 and "stale" not in result.stdout
    assert status.read_bytes() == before

    po.write_text(po.read_text("utf-8").replace('msgstr "Nos demandes"', 'msgstr "Nos requêtes"'), "utf-8")
    run(pair, "status")
    fr = {s["lang"]: s for s in json.loads(status.read_text("utf-8"))["languages"]}["fr"]
    assert (fr["state"], fr["changed"]) == ("stale", ["locale/fr/LC_MESSAGES/mini.po"])


def test_a_broken_csv_is_named_on_the_build_terminal(pair: Project):
    csv = pair.signatories_file("mini")
    csv.write_text(csv.read_text("utf-8").replace("experts,Sarah McKune,", "experts,Sarah McKune, "), "utf-8")
    line = csv.read_text("utf-8").splitlines().index("experts,Sarah McKune, ") + 1
    result = run(pair, "build", env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert f"letters/mini/signatories.csv:{line}: role ' ' has leading or trailing spaces" in result.stderr
    assert "CalledProcessError" not in output and "Traceback" not in output and "\x1b[" not in output
    assert "mini/en: failed in" in result.stderr
    assert len(output.splitlines()) < 40, output
    assert "Error in rule" in (pair.build / "logs" / "snakemake.log").read_text("utf-8")
    states = {s["lang"]: s for s in json.loads((pair.build / "mini" / "status.json").read_text("utf-8"))["languages"]}
    assert all(s["state"] == "failing" and s["stale"] for s in states.values()), states
    assert "failing, stale" in result.stdout
    other = {s["lang"]: s["state"] for s in json.loads((pair.build / "other" / "status.json").read_text())["languages"]}
    assert other == {"en": "complete"}

    quiet = run(pair, "build", "-q")
    assert quiet.returncode == 1 and quiet.stdout == ""
    assert f"signatories.csv:{line}:" in quiet.stderr and "failed in" not in quiet.stderr


def test_a_letter_never_built_says_not_built(mini):
    result = run(mini, "status")
    assert result.returncode == 0
    states = [s["state"] for s in json.loads((mini.build / "mini" / "status.json").read_text())["languages"]]
    assert states == ["not built", "not built"]
