"""The index pages: a letter's (its language versions) and the build's (every version's state).

Both read what the other stages wrote (the pages' JSON summaries, the status) rather than
re-rendering anything. A letter's index is multilingual by nature, so each entry carries its own
``lang`` and ``dir``.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from letterpipe.project import Project
from letterpipe.publish.status import LetterStatus
from letterpipe.source.letter import parse_letter
from letterpipe.source.markup import plain_text


def _environment(project: Project) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in project.template_path()]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render_letter_index(project: Project, slug: str, infos: list[Path]) -> str:
    letter = parse_letter(project.letter_file(slug))
    versions = [json.loads(path.read_text("utf-8")) for path in infos]
    return (
        _environment(project)
        .get_template("index.html.j2")
        .render(
            slug=slug,
            title=plain_text(letter.field_text("title")),
            source_tag=letter.source_language.replace("_", "-"),
            date_iso=letter.date.isoformat(),
            versions=versions,
        )
    )


def render_build_index(project: Project, statuses: list[LetterStatus]) -> str:
    """``build/index.html``: every letter and language with its state and links, for coordinators."""
    return _environment(project).get_template("dashboard.html.j2").render(statuses=statuses)
