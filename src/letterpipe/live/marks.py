"""Marking every message in a preview: which text came from which catalog entry, in what state.

The renderer knows nothing of catalog entries; it looks translations up in a ``.mo``. So the
preview compiles a ``.mo`` in which each translation is wrapped in private-use characters that
carry the entry's number (fuzzy ones included, untranslated ones showing the source text), lets
the ordinary renderer run, then turns the wrappers in the page's text into ``<mark>`` elements
and strips them wherever text cannot hold markup (attributes, ``<title>``, ``<style>``).
Translations are escaped before they reach the page, so ``<`` only ever starts a real tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import escape

from letterpipe.catalogs.checks import Finding
from letterpipe.catalogs.entries import Entry as PoEntry
from letterpipe.catalogs.entries import PoFile

OPEN, CLOSE = "\ue010", "\ue011"
ID_BASE = 0xF0000
_ID = f"[\\U{ID_BASE:08x}-\\U{ID_BASE + 0xFFFD:08x}]"
_MARKERS = re.compile(f"{OPEN}{_ID}|{CLOSE}")
_TOKENS = re.compile(r"<[^>]*>|[^<]+")
_RAW_TEXT = ("title", "style", "script", "textarea")


@dataclass
class Entry:
    """One catalog entry as the preview shows it."""

    number: int
    state: str  # translated, fuzzy, untranslated
    where: str  # file:line in the translator's catalog, or why there is none
    key: tuple[str | None, str]
    findings: list[Finding] = field(default_factory=list)
    shown: bool = False


def _state(entry: PoEntry) -> str:
    if not all(entry.translations):
        return "untranslated"
    return "fuzzy" if entry.fuzzy else "translated"


def _wrap(text: str, number: int) -> str:
    return f"{OPEN}{chr(ID_BASE + number)}{text}{CLOSE}"


def mark_catalog(catalog: PoFile, where: dict[tuple[str | None, str], str], missing: str) -> list[Entry]:
    """Wrap every translation of ``catalog`` in place and drop fuzzy flags (so the ``.mo`` keeps
    them); untranslated entries get the source text. Returns the entries, numbered. ``where``
    gives each entry's ``file:line``; ``missing`` stands for entries the file does not have yet."""
    entries: list[Entry] = []
    for message in catalog.messages:
        number = len(entries)
        state = _state(message)
        entries.append(Entry(number, state, where.get(message.key, missing), message.key))
        if message.msgid_plural is not None:
            forms = message.msgstr_plural or ["", ""]
            if state == "untranslated":
                forms = [message.msgid if i == 0 else message.msgid_plural for i in range(len(forms))]
            message.msgstr_plural = [_wrap(text, number) for text in forms]
        else:
            message.msgstr = _wrap(message.msgid if state == "untranslated" else message.msgstr, number)
        message.set_flag("fuzzy", False)
    return entries


def strip_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def _note(entry: Entry) -> str:
    items = "".join(
        f'<span class="lp-note" data-check="{escape(f.check)}">{escape(f"{f.path}:{f.line}")} '
        f"[{escape(f.check)}] {escape(f.message)}</span>"
        for f in entry.findings
    )
    return f'<span class="lp-notes" role="note">{items}</span>' if items else ""


def apply_marks(html: str, entries: list[Entry]) -> str:
    """Turn the wrappers into ``<mark>`` elements with the entry's state and place, followed by
    the check findings for that entry (at its first appearance); strip them elsewhere."""
    out: list[str] = []
    raw: str | None = None
    stack: list[Entry] = []
    for token in _TOKENS.finditer(html):
        text = token.group()
        if text.startswith("<"):
            out.append(strip_markers(text))
            name = re.match(r"</?([A-Za-z0-9]+)", text)
            if name and name[1].lower() in _RAW_TEXT:
                raw = None if text.startswith("</") else name[1].lower()
            continue
        if raw is not None:
            out.append(strip_markers(text))
            continue
        position = 0
        for marker in _MARKERS.finditer(text):
            out.append(text[position : marker.start()])
            position = marker.end()
            if marker.group() == CLOSE:
                if not stack:
                    continue
                entry = stack.pop()
                out.append("</mark>")
                if not entry.shown:
                    entry.shown = True
                    out.append(_note(entry))
                continue
            entry = entries[ord(marker.group()[1]) - ID_BASE]
            anchor = "" if entry.shown else f' id="lp-msg-{entry.number}"'
            label = escape(f"{entry.state} — {entry.where}")
            out.append(f'<mark class="lp lp-{entry.state}"{anchor} data-where="{escape(entry.where)}" title="{label}">')
            stack.append(entry)
        out.append(text[position:])
    return "".join(out)
