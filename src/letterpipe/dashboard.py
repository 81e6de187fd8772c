"""``build/index.html``: every letter and language with its state and links, for coordinators."""

from __future__ import annotations

import jinja2

from .project import Project
from .status import LetterStatus


def render_dashboard(project: Project, statuses: list[LetterStatus]) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(project.templates)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("dashboard.html.j2").render(statuses=statuses)
