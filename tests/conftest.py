"""Shared fixtures: small letter projects copied into a temporary folder, and read-back helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from letterpipe.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp_path: Path, name: str = "mini") -> Project:
    """A copy of ``tests/fixtures/<name>`` in ``tmp_path``, using letterpipe's packaged templates
    and workflow as the repository does."""
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    return Project(root)


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    return make_project(tmp_path)


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1632960000")


SEED_LANGUAGES = ["en", "fr", "es", "ru", "ar", "zh_Hans"]


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real seed letter in all six languages, built once by the real workflow."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("seed") / "project"
    root.mkdir()
    shutil.copytree(REPO / "letters" / "pegasus-hrc48", root / "letters" / "pegasus-hrc48")
    shutil.copytree(REPO / "locale", root / "locale")
    letterpipe = str(Path(sys.executable).with_name("letterpipe"))
    result = subprocess.run([letterpipe, "-C", str(root), "build"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return Project(root)


@pytest.fixture(scope="session")
def world_release(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A short letter in every language of the packaged table, names in fifteen scripts, built
    and released once by the real workflow (tests/fixtures/world)."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("world") / "project"
    shutil.copytree(FIXTURES / "world", root)
    letterpipe = str(Path(sys.executable).with_name("letterpipe"))
    result = subprocess.run([letterpipe, "-C", str(root), "release"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    return Project(root)
