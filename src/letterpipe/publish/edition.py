"""Which version a page prints in its colophon, decided from content at build time.

``build/<letter>/edition.json`` describes the letter's latest release: its number and date, the
content key of each released page and its signatories. The html stage compares the page it is
rendering (without the colophon's version line) against that key: the same content prints that
release's number and date, so a rebuild after a release reproduces the released files byte for
byte; different content prints ``Version N+1 (draft)``. While ``letterpipe release`` makes version
N+1, the edition file describes N+1 itself (``pending``), so the released pages print their number.

The file is written by the Snakefile when it is read, and only when its content changes: a
release is the one event that re-renders pages.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from letterpipe.fsutil import write_if_changed
from letterpipe.project import Project
from letterpipe.source.signatories import Signatory


def identity(signatory: Signatory) -> str:
    """A signatory as a changelog and the colophon count them: group and name (a role may change)."""
    return f"{signatory.group}\t{signatory.name}"


@dataclass(frozen=True)
class Pending:
    """The release being made: its number and date."""

    version: int
    date: str


@dataclass(frozen=True)
class Colophon:
    """What a page's colophon says about its version."""

    version: int
    date: str | None
    draft: bool
    added: int
    since: str | None


@dataclass(frozen=True)
class Edition:
    """A letter's latest release, as the html stage needs it (``version`` 0: never released)."""

    version: int = 0
    date: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    signatories: list[str] = field(default_factory=list)
    added: int = 0
    previous_date: str | None = None

    def colophon(self, lang: str, key: str, current: list[str]) -> Colophon:
        """The released number and date when the page is that release's page, else a draft of the next."""
        if self.version and self.keys.get(lang) == key:
            return Colophon(self.version, self.date, False, self.added, self.previous_date if self.added else None)
        added = len(set(current) - set(self.signatories)) if self.version else 0
        return Colophon(self.version + 1, None, True, added, self.date if added else None)

    def to_json(self) -> bytes:
        return (json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def read_edition(path: Path | None) -> Edition:
    if path is None or not path.exists():
        return Edition()
    return Edition(**json.loads(path.read_text("utf-8")))


def edition_path(project: Project, slug: str) -> Path:
    return project.build / slug / "edition.json"


def from_manifest(manifest: dict) -> Edition:
    previous = manifest.get("previous") or {}
    return Edition(
        version=int(manifest["version"]),
        date=manifest["date"],
        keys=dict(manifest["keys"]),
        signatories=[f"{s['group']}\t{s['name']}" for s in manifest["signatory_list"]],
        added=int(manifest.get("added", 0)),
        previous_date=previous.get("date"),
    )


def page_keys(project: Project, slug: str, languages: list[str]) -> dict[str, str]:
    """The content key each built page recorded (``letter.json``), for the given languages."""
    keys = {}
    for lang in languages:
        info = project.build / slug / lang / "letter.json"
        if info.exists():
            keys[lang] = json.loads(info.read_text("utf-8")).get("content_key", "")
    return keys


def current_edition(project: Project, slug: str, pending: Pending | None = None) -> Edition:
    """The latest release's edition, or (while releasing) the edition of the release being made."""
    from letterpipe.publish.releases import latest_manifest

    latest = latest_manifest(project, slug)
    base = from_manifest(latest) if latest else Edition()
    if pending is None:
        return base
    from letterpipe.pipeline.workflow import letter_languages

    _, signatories = project.load(slug)
    _, built, release = letter_languages(project, slug)
    names = [identity(s) for s in signatories]
    return Edition(
        version=pending.version,
        date=pending.date,
        keys=page_keys(project, slug, [lang for lang in release if lang in built]),
        signatories=names,
        added=len(set(names) - set(base.signatories)) if base.version else 0,
        previous_date=base.date,
    )


def write_edition(project: Project, slug: str, pending: Pending | None = None) -> Path:
    path = edition_path(project, slug)
    write_if_changed(path, current_edition(project, slug, pending).to_json())
    return path
