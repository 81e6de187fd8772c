"""One built project with two letters, shared by the release and status tests: each test works on
a copy (build outputs, Snakemake's metadata and modification times included), never rebuilding
from scratch."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from letterpipe.project import Project

LETTERPIPE = str(Path(sys.executable).with_name("letterpipe"))
REPO = Path(__file__).resolve().parents[2]


def run(project: Project, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LETTERPIPE, "-C", str(project.root), *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built_pair(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """``mini`` (en, fr) and ``other`` (en only), built once by the real workflow."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1632960000")
    root = tmp_path_factory.mktemp("pair") / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", root)
    project = Project(root)
    other = project.root / "letters" / "other"
    shutil.copytree(project.root / "letters" / "mini", other)
    letter = other / "letter.md"
    letter.write_text(letter.read_text("utf-8").replace("Joint letter on surveillance", "Another letter"), "utf-8")
    result = run(project, "build", "-q")
    mp.undo()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


@pytest.fixture
def pair(built_pair: Project, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(built_pair.root, root, symlinks=True)
    return Project(root)
