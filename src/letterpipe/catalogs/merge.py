"""Merging a catalog with a template (``msgmerge --previous``) and starting a new one.

As msgmerge: a message whose source is unchanged keeps its translation; a changed one keeps
it marked fuzzy, with the old source as ``#| msgid``; a removed one becomes obsolete (``#~``)
and comes back if the source does. Notes, references and format flags come from the
template; everything the translator owns (translations, comments, other headers) is kept.

One thing plain msgmerge does not do: when an edit is reverted, a fuzzy message whose
previous msgid equals the restored source gets its translation back without the fuzzy flag.
That translation was made for exactly this text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib

from babel import Locale, UnknownLocaleError

from letterpipe.catalogs.plurals import PluralError, parse_plural_forms, standard_plural_forms
from letterpipe.catalogs.pofile import Entry, PoFile, header_value, set_header_value
from letterpipe.errors import CatalogError

#: Header fields the project owns: taken from the template on every merge.
OWNED_HEADERS = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date")
FUZZY_THRESHOLD = 0.6


def _copy(entry: Entry, **changes: object) -> Entry:
    fresh = dataclasses.replace(entry, **changes)  # type: ignore[arg-type]
    for name in ("msgstr_plural", "comments", "notes", "references", "flags"):
        if name not in changes:
            setattr(fresh, name, list(getattr(entry, name)))
    return fresh


def nplurals_of(catalog: PoFile) -> int:
    value = header_value(catalog.header, "Plural-Forms")
    if value:
        try:
            return parse_plural_forms(value)[0]
        except PluralError:
            pass
    return 2


def _adopt(template: Entry, found: Entry, nplurals: int, fuzzy: bool) -> Entry:
    """``found``'s translation under ``template``'s source, notes, references and flags."""
    flags = (["fuzzy"] if fuzzy else []) + [f for f in template.flags if f != "fuzzy"]
    translations = found.translations
    if template.msgid_plural is not None:
        plural = translations + [""] * (nplurals - len(translations)) if len(translations) < nplurals else translations
        msgstr, msgstr_plural = "", plural
    else:
        msgstr, msgstr_plural = translations[0] if translations else "", []
    return _copy(
        found,
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        msgstr=msgstr,
        msgstr_plural=msgstr_plural,
        notes=list(template.notes),
        references=list(template.references),
        flags=flags,
        obsolete=False,
    )


def _similar(template: Entry, candidates: list[Entry]) -> Entry | None:
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        matcher = difflib.SequenceMatcher(None, template.msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best is None or ratio > best_ratio):
            best, best_ratio = candidate, ratio
    return best


def merge_catalog(template: PoFile, catalog: PoFile) -> PoFile:
    """The catalog brought up to date with the template, msgmerge-style (see the module doc)."""
    nplurals = nplurals_of(catalog)
    header = catalog.header
    entries: list[Entry] = []
    if header is not None:
        header = _copy(header)
        for name in OWNED_HEADERS:
            value = header_value(template.header, name)
            if value is not None and header_value(header, name) != value:
                set_header_value(header, name, value, after="Project-Id-Version" if name != OWNED_HEADERS[0] else None)
        entries.append(header)
    existing = [e for e in catalog.entries if not e.is_header]
    exact = {e.key: e for e in existing}
    reverted = {(e.previous_msgctxt, e.previous_msgid): e for e in existing if e.fuzzy and e.previous_msgid is not None}
    candidates = [e for e in existing if not e.obsolete and any(e.translations)]
    used: set[int] = set()
    for source in template.messages:
        found = exact.get(source.key)
        if found is not None:
            merged = _adopt(source, found, nplurals, fuzzy=found.fuzzy)
            if not found.fuzzy:
                merged.previous_msgctxt = merged.previous_msgid = merged.previous_msgid_plural = None
        elif (found := reverted.get(source.key)) is not None and found.previous_msgid_plural == source.msgid_plural:
            merged = _adopt(source, found, nplurals, fuzzy=False)
            merged.previous_msgctxt = merged.previous_msgid = merged.previous_msgid_plural = None
        elif (found := _similar(source, candidates)) is not None:
            merged = _adopt(source, found, nplurals, fuzzy=True)
            merged.previous_msgctxt, merged.previous_msgid = found.msgctxt, found.msgid
            merged.previous_msgid_plural = found.msgid_plural
        else:
            empty = [""] * nplurals if source.msgid_plural is not None else []
            entries.append(
                _copy(source, msgstr="", msgstr_plural=empty, flags=[f for f in source.flags if f != "fuzzy"])
            )
            continue
        used.add(id(found))
        entries.append(merged)
    obsolete = []
    for entry in existing:
        if id(entry) in used:
            continue
        if entry.obsolete:
            obsolete.append(entry)
        elif any(entry.translations):
            obsolete.append(_copy(entry, obsolete=True, notes=[], references=[]))
    entries += sorted(obsolete, key=lambda e: e.line)
    return PoFile(catalog.path, entries, catalog.trailer, catalog.crlf)


def language_name(lang: str) -> str:
    try:
        return Locale.parse(lang).english_name or lang
    except (UnknownLocaleError, ValueError) as exc:
        raise CatalogError(f"{lang!r} is not a locale Babel knows: {exc}") from None


def new_catalog(template: PoFile, lang: str, created: dt.datetime, team_address: str = "") -> PoFile:
    """A fresh catalog for ``lang``: headers named, the standard Plural-Forms, every message empty."""
    name = language_name(lang)
    plural_forms = standard_plural_forms(lang)
    nplurals = parse_plural_forms(plural_forms)[0]
    assert template.header is not None
    header = _copy(
        template.header,
        flags=[],
        comments=[c.replace("Translations template", f"{name} translation") for c in template.header.comments],
    )
    stamp = created.strftime("%Y-%m-%d %H:%M+0000")
    set_header_value(header, "PO-Revision-Date", stamp)
    set_header_value(header, "Last-Translator", "")
    set_header_value(header, "Language-Team", f"{name} <{team_address}>" if team_address else name)
    set_header_value(header, "Language", lang, after="Language-Team")
    set_header_value(header, "Plural-Forms", plural_forms)
    entries = [header]
    for message in template.messages:
        empty = [""] * nplurals if message.msgid_plural is not None else []
        entries.append(_copy(message, msgstr="", msgstr_plural=empty, flags=[f for f in message.flags if f != "fuzzy"]))
    return PoFile(template.path.parent / lang / "LC_MESSAGES" / template.path.name, entries)
