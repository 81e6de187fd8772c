"""letterpipe as a user installs it: a wheel in a fresh virtual environment (not editable), used in
a new project outside this repository that has no Snakefile, templates or language table."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import polib
import pytest
from readback import pdf_text

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Run with this environment minus anything that would let the checkout's code leak in."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    if ok:
        assert result.returncode == 0, f"{command}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel built from this checkout, and the bin/ of a fresh venv it is installed in."""
    folder = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "wheel", "-q", "--no-deps", "-w", str(folder / "dist"), str(REPO)], REPO)
    (wheel,) = (folder / "dist").glob("letterpipe-*.whl")
    venv.create(folder / "venv", with_pip=False)  # this pip installs into it (--python): no ensurepip
    python = folder / "venv" / "bin" / "python"
    constraints = str(REPO / "requirements" / "constraints.txt")
    run([*pip, "--python", str(python), "install", "-q", "--no-compile", "-c", constraints, str(wheel)], folder)
    return wheel, python.parent


def test_the_wheel_carries_what_a_project_needs(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "letterpipe/pipeline/Snakefile",
        "letterpipe/templates/letter.html.j2",
        "letterpipe/templates/letter.css.j2",
        "letterpipe/templates/index.html.j2",
        "letterpipe/templates/dashboard.html.j2",
        "letterpipe/data/languages.toml",
        "letterpipe/data/babel.cfg",
    ):
        assert needed in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def fill(po: Path) -> int:
    """Translate every message the way a translator would (keeping figures, names, links)."""
    catalog = polib.pofile(str(po))
    for entry in catalog:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: "FR " + entry.msgid, 1: "FR " + entry.msgid_plural}
        else:
            entry.msgstr = "FR " + entry.msgid
    catalog.save()
    return len(catalog)


def test_new_project_builds_updates_reports_and_releases_with_the_installed_tool(installed, tmp_path):
    _, bin_dir = installed
    letterpipe = str(bin_dir / "letterpipe")
    help_text = run([letterpipe, "--help"], tmp_path).stdout
    assert "preview" in help_text and "stage" in help_text and " merge " not in help_text

    run([letterpipe, "new", "campaign", "--letter", "open-letter"], tmp_path)
    project = tmp_path / "campaign"
    assert not (project / "Snakefile").exists() and not (project / "templates").exists()

    run([letterpipe, "build"], project)
    assert "Excellencies," in pdf_text(project / "build" / "open-letter" / "en" / "letter.pdf")

    run([letterpipe, "init", "fr"], project)
    po = project / "locale" / "fr" / "LC_MESSAGES" / "open-letter.po"
    total = fill(po)
    template_messages = [e for e in polib.pofile(str(po)) if any(f.startswith("templates/") for f, _ in e.occurrences)]
    assert len(template_messages) >= 8, "the packaged templates' messages are in the catalog"

    run([letterpipe, "update"], project)
    after = polib.pofile(str(po))
    assert after.percent_translated() == 100 and len(after) == total and not after.obsolete_entries()
    pot = polib.pofile(str(project / "locale" / "open-letter.pot"))
    assert {e.msgid for e in template_messages} <= {e.msgid for e in pot}

    status = run([letterpipe, "status"], project)
    assert "fr" in status.stdout and "not built" in status.stdout, "the French version is not built yet"
    release = run([letterpipe, "release"], project)
    assert "complete" in release.stdout
    folder = project / "build" / "open-letter" / "releases" / "1"
    assert sorted(p.name for p in folder.glob("*.pdf")) == ["open-letter_en.pdf", "open-letter_fr.pdf"]
    assert "FR Excellencies," in pdf_text(folder / "open-letter_fr.pdf")
    status = run([letterpipe, "status"], project)
    assert status.stdout.count("complete") == 2, status.stdout
