"""The example letter built through a real single-node Slurm equals the local build, byte for byte.

``scripts/slurm-local`` installs Debian's slurm-wlm and munge when missing and starts munged,
slurmctld and slurmd; this module stops them again if it started them. Run as root (as CI does),
or with a Slurm already up; otherwise it is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from letterpipe.pipeline.stamp import STAMP
from letterpipe.project import Project

pytestmark = [pytest.mark.cluster, pytest.mark.e2e]

SLURM_LOCAL = REPO / "scripts" / "slurm-local"
SLUG = "pegasus-hrc48"


@pytest.fixture(scope="module")
def slurm() -> Iterator[None]:
    if subprocess.run([str(SLURM_LOCAL), "status"], capture_output=True).returncode == 0:
        yield
        return
    if os.geteuid() != 0:
        pytest.skip("no Slurm running, and starting one (scripts/slurm-local start) needs root")
    started = subprocess.run([str(SLURM_LOCAL), "start"], capture_output=True, text=True)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield
    finally:
        subprocess.run([str(SLURM_LOCAL), "stop"], capture_output=True, check=False)


def slurm_jobs() -> dict[str, str]:
    """Job id -> state of every job Slurm still remembers (finished ones for MinJobAge seconds)."""
    listing = subprocess.run(["squeue", "--states=all", "--noheader", "--format=%i|%T"], capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    return dict(line.split("|", 1) for line in listing.stdout.split())


def outputs(root: Path) -> dict[str, bytes]:
    """Every file the build wrote, by path, except its logs and the build stamp (which records
    where the project lies and when its files were written)."""
    build = root / "build"
    return {
        str(path.relative_to(build)): path.read_bytes()
        for path in sorted(build.rglob("*"))
        if path.is_file() and path.relative_to(build).parts[0] not in ("logs", STAMP)
    }


def build(root: Path, *options: str) -> None:
    for folder in (f"letters/{SLUG}", "locale"):
        shutil.copytree(REPO / folder, root / folder)
    letterpipe = str(Path(sys.executable).with_name("letterpipe"))
    result = subprocess.run([letterpipe, "-C", str(root), "build", *options], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_the_slurm_build_equals_the_local_build(slurm: None, seed_build: Project, tmp_path: Path) -> None:
    """The local build is the suite's shared build of the example letter, made the same way."""
    before = slurm_jobs()
    build(tmp_path / "slurm", "--profile", str(REPO / "profiles" / "slurm"))
    # The work really went through Slurm, as one job per language version.
    ran = {job: state for job, state in slurm_jobs().items() if job not in before}
    assert sorted(ran.values()) == ["COMPLETED"] * 6, ran

    local, clustered = outputs(seed_build.root), outputs(tmp_path / "slurm")
    assert sorted(clustered) == sorted(local)
    assert len(local) >= 6 * 8
    different = [path for path in local if local[path] != clustered[path]]
    assert different == []
