"""What a version was built from, by content: the hashes the html stage records beside its page.

Status and the release gate compare these with the files as they are now, never modification
times, so ``touch`` or re-saving a file unchanged leaves a version current, as it leaves the build
with nothing to do. The list is the files the workflow gives the page's rules as inputs: the
letter, its signatories and their recorded changes, the language's catalog, the templates, the
project's language table and letterpipe's own code.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import letterpipe
from letterpipe.project import Project


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.cache
def code_digest() -> str:
    """One hash over letterpipe's source files, data and packaged templates: a new letterpipe
    rebuilds every version."""
    package = Path(letterpipe.__file__).resolve().parent
    files = sorted([*package.rglob("*.py"), *(package / "data").glob("*"), *(package / "templates").rglob("*.j2")])
    sha = hashlib.sha256()
    for path in files:
        if path.is_file():
            sha.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return sha.hexdigest()


def source_files(project: Project, slug: str, lang: str) -> list[Path]:
    from letterpipe.source.changes import changes_file

    letter = project.letter_file(slug)
    files = [letter, project.signatories_file(slug), changes_file(letter.parent), project.po_file(slug, lang)]
    files += sorted(project.templates.rglob("*.j2"))
    files.append(project.language_table)
    return files


def source_digests(project: Project, slug: str, lang: str) -> dict[str, str]:
    """``{project-relative path: sha256, or "absent"}``, plus ``code``."""
    out = {}
    for path in source_files(project, slug, lang):
        key = path.relative_to(project.root).as_posix()
        out[key] = _sha256(path) if path.is_file() else "absent"
    out["code"] = code_digest()
    return out


def changed_sources(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    """The sources whose content differs from what a build recorded (sorted)."""
    return sorted(k for k in set(recorded) | set(current) if recorded.get(k, "absent") != current.get(k, "absent"))
