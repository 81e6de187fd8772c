"""Rendering one language version of a letter to a standalone HTML page.

The same HTML feeds the browser and WeasyPrint (its print stylesheet is inline), so what the
diplomat reads on a phone and in the PDF cannot drift apart. Everything that comes from a
translator or the signatory list is escaped: the template's own ``{% trans %}`` strings too,
which Jinja would otherwise mark safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from letterpipe.catalogs.translations import RenderTranslations
from letterpipe.errors import LetterpipeError
from letterpipe.project import Project
from letterpipe.publish.edition import Colophon, Edition, identity
from letterpipe.render.languages import Language, get_language
from letterpipe.source.letter import READER_FIELDS, Letter
from letterpipe.source.markup import french_spacing, plain_text, render_inline
from letterpipe.source.signatories import Signatory, fingerprint

PAGE_MARK, PAGES_MARK = "\ue000", "\ue001"


@dataclass(frozen=True)
class PageInfo:
    """What other stages need to know about a rendered page, written beside it as JSON."""

    letter: str
    lang: str
    tag: str
    direction: str
    autonym: str
    title: str
    complete: bool
    missing: list[str]
    fingerprint: str
    signatories: int
    draft: bool
    content_key: str = ""
    edition: dict[str, Any] | None = None
    sources: dict[str, str] = field(default_factory=dict)


def css_string(value: str) -> Markup:
    """A CSS string literal: quotes, backslashes, ``<`` and controls hex-escaped (no ``</style>``)."""
    out = []
    for char in str(value):
        if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


def css_page_counter(label: str, style: str = "decimal") -> Markup:
    """Turn a translated "Page X of Y" (with marker characters) into a CSS ``content`` value.

    The label comes through letterpipe's escaping gettext, so it is unescaped first: CSS has its
    own escaping, applied by :func:`css_string`. ``style`` is the counter style of the
    language's digits (``persian`` prints Persian digits).
    """
    if not re.fullmatch(r"[a-z][a-z-]*", style):
        raise LetterpipeError(f"not a counter style: {style!r}")
    text = Markup(label).unescape()
    parts: list[str] = []
    buffer = ""
    for char in text:
        if char in (PAGE_MARK, PAGES_MARK):
            if buffer:
                parts.append(css_string(buffer))
                buffer = ""
            parts.append(f"counter({'page' if char == PAGE_MARK else 'pages'}, {style})")
        else:
            buffer += char
    if buffer:
        parts.append(css_string(buffer))
    return Markup(" ".join(parts))


def css_font_list(fonts: Sequence[str], generic: str) -> Markup:
    return Markup(", ".join([css_string(f) for f in fonts] + [generic]))


def keep_last(html: Markup, count: int) -> Markup:
    """Keep the last ``count`` characters of a paragraph on one line (CJK: no one-character last line).

    Only a trailing run of plain characters is wrapped (no tag, entity or space inside it), in a
    ``<span class="keep">`` that the stylesheet sets ``white-space: nowrap``: the text is unchanged.
    """
    text = str(html)
    match = re.search(r"[^<>&;\s]+$", text)
    if count <= 0 or match is None or len(match.group()) <= count:
        return html
    cut = len(text) - count
    return Markup(text[:cut] + '<span class="keep">' + text[cut:] + "</span>")


class LocalNumber(int):
    """An integer that prints in a language's numbering system: plural rules see the number, readers the digits."""

    text: str

    def __new__(cls, value: int, language: Language) -> LocalNumber:
        number = super().__new__(cls, value)
        grouped = format_decimal(value, locale=language.locale, numbering_system=language.numbers)
        number.text = language.localise_digits(grouped)
        return number

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        return str(escape(self.text))


def _spacing(language: Language) -> Callable[[str], str]:
    return french_spacing if language.spacing == "french" else (lambda text: text)


def make_environment(
    search_path: Sequence[Path], translations: RenderTranslations, language: Language
) -> jinja2.Environment:
    """A Jinja2 environment whose gettext escapes translations and applies the language's spacing.

    ``search_path`` comes from :meth:`Project.template_path`: ``templates/<lang>/`` first, so one
    language can override a template, and the packaged templates last.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in search_path]),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    space = _spacing(language)

    def gettext(message: str) -> Markup:
        return escape(space(translations.gettext(message)))

    def ngettext(singular: str, plural: str, n: int) -> Markup:
        return escape(space(translations.ngettext(singular, plural, n)))

    def pgettext(context: str, message: str) -> Markup:
        return escape(space(translations.pgettext(context, message)))

    def npgettext(context: str, singular: str, plural: str, n: int) -> Markup:
        return escape(space(translations.npgettext(context, singular, plural, n)))

    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=False, pgettext=pgettext, npgettext=npgettext
    )
    env.filters["css_string"] = css_string
    env.filters["css_page_counter"] = css_page_counter
    env.filters["css_fonts"] = css_font_list
    env.filters["keep_last"] = keep_last
    return env


@dataclass(frozen=True)
class Text:
    """A rendered message and the language it ended up in (the source's when untranslated)."""

    html: Markup
    plain: str
    lang: str | None
    dir: str | None


class _Localiser:
    def __init__(self, translations: RenderTranslations, language: Language, source: Language):
        self.translations = translations
        self.language = language
        self.source = source

    def __call__(self, message: str) -> Text:
        if not message:
            return Text(Markup(""), "", None, None)
        text, translated = self.translations.lookup(message)
        if translated:
            spacing = self.language.spacing
            return Text(render_inline(text, spacing), plain_text(text, spacing), None, None)
        same_dir = self.source.direction == self.language.direction
        return Text(render_inline(text), plain_text(text), self.source.tag, None if same_dir else self.source.direction)


def page_languages(project: Project, letter: Letter, languages: Sequence[str]) -> list[Language]:
    table = project.language_table
    ordered = [letter.source_language, *sorted(set(languages) - {letter.source_language})]
    return [get_language(code, table) for code in ordered]


def render_page(
    project: Project,
    slug: str,
    lang: str,
    mo_path: Path | None,
    languages: Sequence[str],
    force_draft: bool = False,
    edition: Edition | None = None,
) -> tuple[str, PageInfo]:
    """Render ``slug`` in ``lang``; ``mo_path`` is ``None`` for the source language.

    The first pass finds which messages (the letter's and the template's own) fell back to the
    source, so the next can say the version is incomplete. The page without its version line gives
    the content key that ``edition`` (the latest release) is compared with to choose that line.
    """
    letter, signatories = project.load(slug)
    language = get_language(lang, project.language_table)
    source = get_language(letter.source_language, project.language_table)
    if lang == letter.source_language:
        mo_path = None
    elif mo_path is None:
        raise LetterpipeError(f"{lang} is not the source language of {slug}: a compiled catalog is needed")
    translations = RenderTranslations(mo_path)
    local = _Localiser(translations, language, source)
    env = make_environment(project.template_path(language.code), translations, language)
    versions = page_languages(project, letter, languages)
    context: dict[str, Any] = {
        "language": language,
        "source_language": source,
        "source_name": source.locale.get_display_name(language.locale),
        "versions": versions,
        "letter": letter,
        "fields": {key: local(letter.field_text(key)) for key in READER_FIELDS},
        "date_text": language.localise_digits(format_date(letter.date, language.date_format, locale=language.locale)),
        "date_iso": letter.date.isoformat(),
        "blocks": [(block, local(block.text)) for block in letter.blocks],
        "groups": _grouped(letter, signatories, local),
        "signatory_count": LocalNumber(len(signatories), language),
        "fingerprint": fingerprint(signatories),
        "page_mark": PAGE_MARK,
        "pages_mark": PAGES_MARK,
        "draft": force_draft,
        "incomplete": False,
        "colophon": None,
    }
    template = env.get_template("letter.html.j2")
    template.render(context)
    if translations.missing:
        context["incomplete"] = True
        context["draft"] = True
    content_key = hashlib.sha256(template.render(context).encode("utf-8")).hexdigest()
    colophon = (edition or Edition()).colophon(lang, content_key, [identity(s) for s in signatories])
    context["colophon"] = _dated(colophon, language)
    html = template.render(context)
    missing = translations.missing
    if missing and not context["incomplete"]:
        context["incomplete"] = True
        context["draft"] = True
        html = template.render(context)
    info = PageInfo(
        letter=slug,
        lang=lang,
        tag=language.tag,
        direction=language.direction,
        autonym=language.autonym,
        title=context["fields"]["title"].plain,
        complete=not missing,
        missing=missing,
        fingerprint=context["fingerprint"],
        signatories=len(signatories),
        draft=bool(context["draft"]),
        content_key=content_key,
        edition=asdict(colophon),
    )
    return html, info


def _dated(colophon: Colophon, language: Language) -> dict[str, Any]:
    """The colophon's dates written as the language writes dates."""

    def local(iso: str | None) -> str | None:
        return format_date(dt.date.fromisoformat(iso), language.date_format, locale=language.locale) if iso else None

    return asdict(colophon) | {"date": local(colophon.date), "since": local(colophon.since)}


def _grouped(
    letter: Letter, signatories: list[Signatory], local: _Localiser
) -> list[tuple[str, Text, list[Signatory]]]:
    groups = []
    for gid, heading in letter.groups.items():
        members = [s for s in signatories if s.group == gid]
        if members:
            groups.append((gid, local(heading.text), members))
    return groups


def page_info_json(info: PageInfo) -> bytes:
    return (json.dumps(asdict(info), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
