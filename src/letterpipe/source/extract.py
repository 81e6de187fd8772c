"""Extraction: the letter's units (and a project template's own ``{% trans %}`` strings) into one POT.

:func:`extract_letter` is a Babel extraction method (entry point ``letterpipe`` in
``babel.extractors``), so ``pybabel extract -F babel.cfg`` yields the same messages as
``letterpipe extract``; both go through :func:`babel.messages.extract.extract_from_file`.

The POT is written as GNU ``xgettext``/``msgmerge`` would write it, and is deterministic:
references to the letter name the file without a line (inserting a paragraph must not touch
every later entry of every catalog), each message's ``#.`` note says what it is without
numbering it, and the creation date is kept from the committed template when nothing else
changed (as Sphinx does), otherwise taken from ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import extract_from_file

from letterpipe.catalogs.pofile import Entry, PoFile, header_value, parse_po, render_po
from letterpipe.errors import CatalogError
from letterpipe.project import Project
from letterpipe.source.letter import Letter, parse_letter, parse_letter_text

COMMENT_TAGS = ["Translators:"]
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true", "silent": "false"}
TEMPLATE_NOTE = "Text of the page template {path}."


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


def po_date(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def project_id(letter: Letter) -> str:
    return f"{letter.slug} {letter.version or letter.date.isoformat()}"


def header_text(project: str, bugs_to: str, created: str) -> str:
    """A template's header, as xgettext writes it (``pybabel`` and ``msginit`` expect its fields)."""
    return (
        f"Project-Id-Version: {project}\n"
        f"Report-Msgid-Bugs-To: {bugs_to}\n"
        f"POT-Creation-Date: {created}\n"
        "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
        "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
        "Language-Team: LANGUAGE <LL@li.org>\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=UTF-8\n"
        "Content-Transfer-Encoding: 8bit\n"
    )


def build_template(project: Project, slug: str, created: str = "YEAR-MO-DA HO:MI+ZONE") -> PoFile:
    """Collect the letter's messages into a template catalog.

    Only the letter's own: the packaged templates' strings belong to letterpipe's ``letterpipe``
    domain (:mod:`letterpipe.catalogs.interface`), translated once for every language. A project
    template that adds a string of its own adds it here.
    """
    from letterpipe.catalogs.interface import interface_keys

    letter = parse_letter(project.letter_file(slug))
    header = Entry(
        msgid="",
        msgstr=header_text(project_id(letter), letter.contact, created),
        comments=[
            f" Translations template for the letter '{slug}'.",
            " Translators: edit only the msgstr lines of your language's .po file.",
            " Signatory names are not translated and do not appear here.",
        ],
        flags=["fuzzy"],
    )
    letter_file = project.letter_file(slug)
    entries = extract_entries([(letter_file, extract_letter, {}, project.relative(letter_file), False)])
    templates = [
        (path, "jinja2", JINJA_OPTIONS, project.template_reference(path), True) for path in project.template_files()
    ]
    known = interface_keys()
    for key, entry in extract_entries(templates).items():
        if key in known:
            continue
        if key in entries:
            entries[key].notes += [note for note in entry.notes if note not in entries[key].notes]
            entries[key].references += [ref for ref in entry.references if ref not in entries[key].references]
        else:
            entries[key] = entry
    return PoFile(project.pot_file(slug), [header, *entries.values()])


Source = tuple[Path, Any, dict[str, str], str, bool]


def extract_entries(sources: list[Source]) -> dict[tuple[str | None, str], Entry]:
    """The messages of ``(path, method, options, reference, with_line)`` sources, merged by key in
    order of first appearance, with their notes and references (``reference:line`` when
    ``with_line``). Template strings with placeholders are flagged ``python-format``, so
    msgfmt --check compares a translation's placeholders with the source's."""
    entries: dict[tuple[str | None, str], Entry] = {}
    for path, method, options, relative, with_line in sources:
        for lineno, message, comments, context in extract_from_file(
            method, str(path), comment_tags=COMMENT_TAGS, options=options, strip_comment_tags=True
        ):
            singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
            notes = list(comments) or [TEMPLATE_NOTE.format(path=relative)]
            reference = f"{relative}:{lineno}" if with_line else relative
            entry = entries.get((context, singular))
            if entry is None:
                formats = method == "jinja2" and "%(" in singular + (plural or "")
                flags = ["python-format"] if formats else []
                entry = Entry(msgid=singular, msgctxt=context, msgid_plural=plural, flags=flags)
                if plural is not None:
                    entry.msgstr_plural = ["", ""]
                entries[(context, singular)] = entry
            entry.notes += [note for note in notes if note not in entry.notes]
            if reference not in entry.references:
                entry.references.append(reference)
    return entries


def template_bytes(project: Project, slug: str) -> bytes:
    """The POT as bytes, reusing the committed POT's date when only the date would differ."""
    reference = project.pot_file(slug)
    if reference.exists():
        try:
            old = parse_po(reference.read_bytes(), reference)
        except CatalogError:  # a broken committed POT is simply replaced
            old = None
        created = header_value(old.header, "POT-Creation-Date") if old else None
        if created:
            candidate = render_po(build_template(project, slug, created))
            if candidate == reference.read_bytes():
                return candidate
    return render_po(build_template(project, slug, po_date(source_date())))
