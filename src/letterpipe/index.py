"""A letter's index page: every language version, with its title, links and first-page preview.

The page is multilingual by nature, so each entry carries its own ``lang`` and ``dir``; it reads
the JSON summaries the HTML stage wrote rather than re-rendering anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import jinja2

from .letter import parse_letter
from .markup import plain_text
from .project import Project


def render_letter_index(project: Project, slug: str, infos: list[Path]) -> str:
    letter = parse_letter(project.letter_file(slug))
    versions = [json.loads(path.read_text("utf-8")) for path in infos]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("index.html.j2").render(
        slug=slug,
        title=plain_text(letter.field_text("title")),
        source_tag=letter.source_language.replace("_", "-"),
        date_iso=letter.date.isoformat(),
        versions=versions,
    )
