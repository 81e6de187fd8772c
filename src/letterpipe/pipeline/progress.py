"""What a coordinator sees while the workflow runs, and what failed once it stops.

Snakemake's job events (from letterpipe's logger plugin) drive a live table per letter and
language on a terminal, plain lines elsewhere (a CI log, a pipe), nothing with ``-q``. Colour
follows Rich's rules: ``NO_COLOR`` turns it off, a non-terminal gets none. After the run, each
failed version is reported with the first real error of the stage that failed, read from that
stage's log (``file:line: message``), never Snakemake's ``CalledProcessError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from letterpipe.project import Project

ERROR_MARK = "letterpipe: error: "


@dataclass
class Version:
    """One letter in one language (``lang`` None: the letter's own jobs, such as extract)."""

    letter: str
    lang: str | None
    stage: str = ""
    state: str = "waiting"
    failed: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.letter}/{self.lang}" if self.lang else self.letter


@dataclass
class Failure:
    version: str
    stage: str
    message: str
    log: str


class Progress:
    """Turns job events into a display; ``mode`` is ``live``, ``lines`` or ``quiet``."""

    def __init__(self, project: Project, mode: str, console: Console):
        self.project = project
        self.mode = mode
        self.console = console
        self.jobs: dict[int, tuple[str, Version]] = {}
        self.versions: dict[tuple[str, str | None], Version] = {}
        self.done = 0
        self.total = 0
        self.live: Live | None = None

    def __enter__(self) -> Progress:
        if self.mode == "live":
            self.live = Live(self._render(), console=self.console, refresh_per_second=4, transient=False)
            self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        for version in self.versions.values():
            if version.state != "failed":
                version.state = "done"
        if self.live is not None:
            self.live.update(self._render())
            self.live.__exit__(None, None, None)
        elif self.mode == "lines" and self.total:
            self.console.print(f"{self.done} of {self.total} steps done", highlight=False)

    def handle(self, event: dict) -> None:
        kind = event.get("event")
        if kind == "progress":
            self.done, self.total = int(event["done"]), int(event["total"])
        elif kind == "job":
            wildcards = event.get("wildcards") or {}
            letter = wildcards.get("letter")
            if letter is None:
                return
            key = (letter, wildcards.get("lang"))
            version = self.versions.setdefault(key, Version(*key))
            version.stage = event["rule"]
            if version.state != "failed":
                version.state = "running"
            self.jobs[int(event["jobid"])] = (event["rule"], version)
        elif kind in ("finished", "error"):
            rule, version = self.jobs.get(int(event["jobid"]), ("", None))
            if version is None:
                return
            if kind == "error":
                version.failed.append(rule)
                version.state = "failed"
                if self.mode == "lines":
                    self.console.print(f"{version.name}: failed in {rule}", style="red", highlight=False)
            elif self.mode == "lines" and rule == "verified" and version.state != "failed":
                self.console.print(f"{version.name}: built and verified", highlight=False)
        if self.live is not None:
            self.live.update(self._render())

    def _render(self) -> Group:
        table = Table()
        table.add_column("letter")
        table.add_column("language")
        table.add_column("stage")
        styles = {"failed": "red", "done": "green", "running": "yellow"}
        for version in sorted(self.versions.values(), key=lambda v: (v.letter, v.lang or "")):
            if version.lang is None and version.state != "failed":
                continue
            label = f"failed in {', '.join(version.failed)}" if version.failed else version.stage
            if version.state == "done":
                label = "built"
            table.add_row(version.letter, version.lang or "-", Text(label, style=styles.get(version.state, "")))
        return Group(Text(f"letterpipe build: {self.done} of {self.total or '?'} steps"), table)

    def failures(self) -> list[Failure]:
        """Each failed version with the first real error of its first failed stage."""
        out = []
        for version in sorted(self.versions.values(), key=lambda v: (v.letter, v.lang or "")):
            if not version.failed:
                continue
            stage = version.failed[0]
            parts = ["logs", version.letter, *([version.lang] if version.lang else []), f"{stage}.log"]
            log = self.project.build.joinpath(*parts)
            out.append(Failure(version.name, stage, first_error(log, self.project.root), self.project.relative(log)))
        return out


def first_error(log: Path, root: Path) -> str:
    """The first error a stage printed, verbatim, with the project's folder left out of paths."""
    if not log.exists():
        return f"no log written ({log.name})"
    lines = log.read_text("utf-8", errors="replace").splitlines()
    for index, line in enumerate(lines):
        if ERROR_MARK in line:
            message = [line[line.index(ERROR_MARK) + len(ERROR_MARK) :]]
            message += [rest for rest in lines[index + 1 : index + 6] if rest.startswith(" ")]
            return _relative("\n".join(message), root)
    tail = [line for line in lines if line.strip()]
    return _relative(tail[-1], root) if tail else "failed without a message"


def _relative(text: str, root: Path) -> str:
    for prefix in {str(root), str(root.resolve())}:
        text = re.sub(re.escape(prefix.rstrip("/") + "/"), "", text)
    return text
