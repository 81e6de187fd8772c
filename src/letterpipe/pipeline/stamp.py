"""The record of the last complete build, so that a build with nothing to do skips Snakemake.

Snakemake needs about a second of imports and DAG building to find out that nothing changed; a
coordinator runs ``letterpipe build`` far more often than anything changes. After a build that
succeeded, the stamp records the state of everything the workflow can read (the project's files
outside ``build/``, letterpipe's own code and data, the Snakefile, the options and environment
that reach the jobs) and of everything it wrote (``build/`` without its logs). The next build
with the same options skips Snakemake only when both are as recorded; any difference, even a
``touch``, lets Snakemake decide as usual. Like make and Snakemake, it compares sizes and
modification times, not contents: it can only make a build run, never make one be skipped that
Snakemake would have run on an unchanged file set.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import letterpipe
from letterpipe.project import Project

STAMP = ".build-stamp"
#: Folders of a project that are never a workflow input.
SKIPPED = {".git", ".snakemake", ".venv", "__pycache__", "node_modules", ".pytest_cache", ".ruff_cache"}
#: Environment variables that reach the jobs and change what they write.
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


def _files(root: Path, skip: set[str]) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime in ns) of every file under ``root``, in a stable order."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.name in skip:
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _files(Path(entry.path), skip)
        else:
            try:
                info = entry.stat()
            except OSError:  # a dangling symlink
                info = entry.stat(follow_symlinks=False)
            yield entry.path, info.st_size, info.st_mtime_ns


def _digest(items: Iterator[tuple[str, int, int]]) -> str:
    hasher = hashlib.sha256()
    for path, size, mtime in items:
        hasher.update(f"{path}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return hasher.hexdigest()


def _inputs(project: Project, command: Sequence[str], env: Mapping[str, str]) -> str:
    package = Path(letterpipe.__file__).parent
    roots = [project.root] + ([] if package.is_relative_to(project.root) else [package])
    hasher = hashlib.sha256()
    hasher.update(json.dumps([list(command), {k: env.get(k) for k in ENVIRONMENT}]).encode("utf-8"))
    for root in roots:
        skip = SKIPPED | ({project.build.name} if root == project.root else set())
        hasher.update(_digest(_files(root, skip)).encode())
    return hasher.hexdigest()


def _outputs(project: Project) -> str:
    """What the workflow wrote; not what ``status`` writes after it (status.json, the dashboard)."""
    dashboard = str(project.build / "index.html")
    return _digest(item for item in _files(project.build, {"logs", STAMP, "status.json"}) if item[0] != dashboard)


class Stamp:
    """The state of a build's inputs, taken once before it runs: compared with the record of the
    last build (:meth:`current`), and recorded with the outputs after the build succeeded."""

    def __init__(self, project: Project, command: Sequence[str], env: Mapping[str, str]) -> None:
        self.project = project
        self.path = project.build / STAMP
        self.inputs = _inputs(project, command, env)

    def current(self) -> bool:
        """Whether the last build with these inputs succeeded and nothing it wrote changed since."""
        try:
            recorded = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return False
        return recorded == {"inputs": self.inputs, "outputs": _outputs(self.project)}

    def start(self) -> None:
        """Forget the last build: until this one succeeds, nothing is known to be current."""
        self.path.unlink(missing_ok=True)

    def write(self) -> None:
        from letterpipe.fsutil import write_text_atomic

        data = {"inputs": self.inputs, "outputs": _outputs(self.project)}
        write_text_atomic(self.path, json.dumps(data) + "\n")
