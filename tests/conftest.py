"""Shared fixtures: small letter projects copied into a temporary folder, and read-back helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from letterpipe.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp_path: Path, name: str = "mini") -> Project:
    """A copy of ``tests/fixtures/<name>`` with the repository's templates, in ``tmp_path``."""
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    shutil.copytree(REPO / "templates", root / "templates")
    return Project(root)


@pytest.fixture
def mini(tmp_path: Path) -> Project:
    return make_project(tmp_path)


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1632960000")
