"""Extraction: the letter's units and the templates' ``{% trans %}`` strings into one POT.

:func:`extract_letter` is a Babel extraction method (entry point ``letterpipe`` in
``babel.extractors``), so ``pybabel extract -F babel.cfg`` yields the same messages as
``letterpipe extract``; both go through :func:`babel.messages.extract.extract_from_file`.

The POT is deterministic: references are project-relative, and its creation date is kept from
the committed template when nothing else changed (as Sphinx does), otherwise taken from
``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from letterpipe.project import Project
from letterpipe.source.letter import parse_letter, parse_letter_text

COMMENT_TAGS = ["Translators:"]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}
POT_WIDTH = 76


def extract_letter(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for ``letter.md`` files: one message per unit, with its line."""
    name = getattr(fileobj, "name", None)
    path = Path(name) if isinstance(name, str) else Path("letter.md")
    letter = parse_letter_text(fileobj.read(), path)
    for text, line, where in letter.messages():
        yield line, None, text, [where]


def source_date() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), otherwise now; always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def build_template(project: Project, slug: str) -> Catalog:
    """Collect the letter's and the templates' messages into a fresh template catalog."""
    letter = parse_letter(project.letter_file(slug))
    catalog = Catalog(
        project=slug,
        version=letter.date.isoformat(),
        copyright_holder="the signatories of the letter",
        msgid_bugs_address="",
        charset="utf-8",
        fuzzy=True,
        header_comment=(
            f"# Translations template for the letter '{slug}'.\n"
            "# Translators: edit only the msgstr lines of your language's .po file.\n"
            "# Signatory names are not translated and do not appear here."
        ),
    )
    letter_file = project.letter_file(slug)
    sources: list[tuple[Path, Any, dict[str, str], str]] = [
        (letter_file, extract_letter, {}, project.relative(letter_file))
    ]
    sources += [(path, "jinja2", JINJA_OPTIONS, project.template_reference(path)) for path in project.template_files()]
    for path, method, options, relative in sources:
        for lineno, message, comments, context in extract_from_file(
            method, str(path), comment_tags=COMMENT_TAGS, options=options, strip_comment_tags=True
        ):
            catalog.add(message, None, [(relative, lineno)], auto_comments=comments, context=context)
    return catalog


def render_pot(catalog: Catalog, created: dt.datetime) -> bytes:
    catalog.creation_date = created
    catalog.revision_date = "YEAR-MO-DA HO:MI+ZONE"
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=POT_WIDTH, sort_output=False, include_previous=True)
    return buffer.getvalue()


def template_bytes(project: Project, slug: str) -> bytes:
    """The POT as bytes, reusing the committed POT's date when only the date would differ."""
    catalog = build_template(project, slug)
    reference = project.pot_file(slug)
    if reference.exists():
        with reference.open("rb") as handle:
            old = read_po(handle)
        if isinstance(old.creation_date, dt.datetime):
            candidate = render_pot(catalog, old.creation_date)
            if candidate == reference.read_bytes():
                return candidate
    return render_pot(catalog, source_date())
