"""The releases folder of a letter: numbered, immutable versions, and proof that none was altered.

``build/<letter>/releases/<N>/`` holds version N (1, 2, ...). A version appears by one rename of a
complete folder, so a folder named with a number is always whole; ``releases/LATEST`` is a text file
holding the newest number (a file, not a symlink, so it survives zip archives, Windows shares and
FAT drives). The newest numbered folder is the authority; ``LATEST`` is a convenience for people
and scripts, rewritten when it disagrees.

Every file of a version is listed in its ``SHA256SUMS``; before any command reads a version it
checks the folder against that list and refuses to go on, naming the file, when anything differs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from letterpipe.errors import ReleaseIntegrityError
from letterpipe.fsutil import write_if_changed
from letterpipe.project import Project

SUMS = "SHA256SUMS"
#: The detached signature of SHA256SUMS (signed releases): checked by ``check-release``, not listed.
SUMS_SIGNATURE = "SHA256SUMS.p7s"


def releases_dir(project: Project, slug: str) -> Path:
    return project.build / slug / "releases"


def versions(project: Project, slug: str) -> list[int]:
    """The numbers of the released versions, oldest first."""
    folder = releases_dir(project, slug)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and p.name[0] != "0")


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            sha.update(chunk)
    return sha.hexdigest()


def sums_text(folder: Path, names: list[str]) -> str:
    return "".join(f"{digest(folder / name)}  {name}\n" for name in sorted(names))


def check_version(project: Project, folder: Path) -> None:
    """Raise naming the first file that differs from the folder's ``SHA256SUMS``."""
    shown = project.relative(folder)
    sums = folder / SUMS
    if not sums.is_file() or sums.is_symlink():
        raise ReleaseIntegrityError(f"{SUMS} is missing: the release was altered", f"{shown}/{SUMS}")
    listed: dict[str, str] = {}
    for number, line in enumerate(sums.read_text("utf-8", errors="replace").splitlines(), 1):
        hexdigest, sep, name = line.partition("  ")
        if not sep or len(hexdigest) != 64 or "/" in name or name in ("", ".", "..", SUMS):
            raise ReleaseIntegrityError("malformed line: the release was altered", f"{shown}/{SUMS}", number)
        listed[name] = hexdigest
    for name, expected in sorted(listed.items()):
        path = folder / name
        if not path.is_file() or path.is_symlink():
            raise ReleaseIntegrityError("missing from the release: it was altered", f"{shown}/{name}")
        if digest(path) != expected:
            raise ReleaseIntegrityError(
                f"altered since it was released (its SHA-256 differs from {SUMS})", f"{shown}/{name}"
            )
    for path in sorted(folder.iterdir()):
        if path.name not in listed and path.name not in (SUMS, SUMS_SIGNATURE):
            raise ReleaseIntegrityError(
                f"not part of the release (not in {SUMS}): the release was altered", f"{shown}/{path.name}"
            )


def check_releases(project: Project, slug: str) -> list[int]:
    """Check every released version of a letter; return their numbers."""
    numbers = versions(project, slug)
    for number in numbers:
        check_version(project, releases_dir(project, slug) / str(number))
    return numbers


def read_manifest(project: Project, slug: str, number: int) -> dict:
    return json.loads((releases_dir(project, slug) / str(number) / "manifest.json").read_text("utf-8"))


def latest_manifest(project: Project, slug: str) -> dict | None:
    """The newest release's manifest, after checking every release of the letter."""
    numbers = check_releases(project, slug)
    if not numbers:
        return None
    update_pointer(project, slug, numbers[-1])
    return read_manifest(project, slug, numbers[-1])


def update_pointer(project: Project, slug: str, number: int) -> None:
    write_if_changed(releases_dir(project, slug) / "LATEST", f"{number}\n".encode())
