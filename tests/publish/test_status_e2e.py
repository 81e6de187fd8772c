"""``letterpipe status`` on a built small letter: counts, pages, states and the dashboard."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from readback import html_soup

pytestmark = pytest.mark.e2e
LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))


def run(project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), *args], capture_output=True, text=True)


def states(project) -> dict[str, dict]:
    data = json.loads((project.build / "mini" / "status.json").read_text("utf-8"))
    return {entry["lang"]: entry for entry in data["languages"]}


def test_states_follow_the_sources(mini):
    po = mini.po_file("mini", "fr")
    po.write_text(po.read_text("utf-8").replace('msgstr "Nos demandes"', 'msgstr ""'), "utf-8")
    assert run(mini, "build").returncode == 0
    fr = states(mini)["fr"]
    assert (fr["state"], fr["translated"], fr["untranslated"], fr["pages"]) == ("incomplete", 23, 1, 1)
    assert states(mini)["en"]["state"] == "complete"

    time.sleep(0.01)
    po.write_text(
        po.read_text("utf-8").replace('msgid "Our requests"\nmsgstr ""', 'msgid "Our requests"\nmsgstr "Nos demandes"'),
        "utf-8",
    )
    result = run(mini, "status")
    assert result.returncode == 0 and "stale" in result.stdout
    assert states(mini)["fr"]["state"] == "stale"

    assert run(mini, "build").returncode == 0
    assert states(mini)["fr"]["state"] == "complete"
    rows = html_soup(mini.build / "index.html").select("tbody tr")
    assert [row.select_one(".state").get_text(strip=True) for row in rows] == ["complete", "complete"]
