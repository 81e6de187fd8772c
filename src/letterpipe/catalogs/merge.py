"""Merging a catalog with a template (msgmerge's semantics) and starting a new one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from letterpipe.catalogs.pofile import read_catalog
from letterpipe.errors import CatalogError


def merge(template: Catalog, po_path: Path, lang: str) -> Catalog:
    """``msgmerge`` semantics: translations kept; changed sources fuzzy with ``#| msgid``;
    removed messages obsolete; translator comments kept."""
    catalog = read_catalog(po_path, locale=lang)
    previous = {m.id: m.previous_id for m in catalog if m.id and m.fuzzy and m.previous_id}
    catalog.update(template, no_fuzzy_matching=False, update_header_comment=False, keep_user_comments=True)
    for message in catalog:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
    return catalog


def new_catalog(template: Catalog, lang: str, created: dt.datetime) -> Catalog:
    """A fresh catalog for ``lang`` with Language and Plural-Forms from Babel's CLDR data."""
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError) as exc:
        raise CatalogError(f"{lang!r} is not a locale Babel knows: {exc}") from None
    catalog = Catalog(
        locale=locale,
        domain=template.domain,
        project=template.project,
        copyright_holder=template.copyright_holder,
        msgid_bugs_address=template.msgid_bugs_address,
        creation_date=template.creation_date,
        revision_date=created,
        language_team=f"{locale.english_name} <>",
        charset="utf-8",
        fuzzy=False,
        header_comment=template.header_comment.replace("Translations template", f"{locale.english_name} translation"),
    )
    for message in template:
        if message.id:
            catalog[message.id] = Message(
                message.id,
                "" if not message.pluralizable else ("",) * catalog.num_plurals,
                locations=message.locations,
                flags=set(message.flags) - {"fuzzy"},
                auto_comments=message.auto_comments,
                context=message.context,
            )
    return catalog
