"""What changed between two releases of a letter: signatories per group, and messages per language.

Both releases are described by what their manifests record (the signatory list and every
language's message texts), so a changelog never depends on build files that may be gone. It is
written twice, as JSON for tools and as Markdown for people; in the Markdown every name and text
is escaped, because recipients' viewers render Markdown (and the HTML inside it).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import polib

MessageList = list[list[str]]


@dataclass(frozen=True)
class Withdrawal:
    """Why and when a signatory withdrew, for the changelog (optional, supplied by the coordinator)."""

    reason: str
    date: str | None = None


def _entry_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def _entry_text(entry: polib.POEntry, source: bool) -> str:
    if source:
        return entry.msgid if not entry.msgid_plural else f"{entry.msgid} | {entry.msgid_plural}"
    if entry.msgid_plural:
        return " | ".join(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return entry.msgstr


def catalog_messages(path: Path, source: bool) -> MessageList:
    """``[key, text]`` of every message as the version shows it (the source's text for the source)."""
    catalog = polib.pofile(str(path))
    return [[_entry_key(e), _entry_text(e, source)] for e in catalog if not e.obsolete and e.msgid]


def _signatory_changes(
    before: list[dict], after: list[dict], withdrawals: Mapping[str, Withdrawal]
) -> dict[str, dict[str, list[dict]]]:
    old = {s["name"]: s for s in before}
    new = {s["name"]: s for s in after}
    groups: dict[str, dict[str, list[dict]]] = {}

    def bucket(group: str, kind: str) -> list[dict]:
        return groups.setdefault(group, {"added": [], "removed": [], "changed": []})[kind]

    for s in after:
        was = old.get(s["name"])
        if was is None:
            bucket(s["group"], "added").append({"name": s["name"], "role": s["role"]})
        elif (was["group"], was["role"]) != (s["group"], s["role"]):
            change = {"name": s["name"], "before": {"group": was["group"], "role": was["role"]}}
            bucket(s["group"], "changed").append(change | {"after": {"group": s["group"], "role": s["role"]}})
    for s in before:
        if s["name"] not in new:
            entry = {"name": s["name"], "role": s["role"]}
            why = withdrawals.get(s["name"])
            if why is not None:
                entry |= {"reason": why.reason, "date": why.date}
            bucket(s["group"], "removed").append(entry)
    return groups


def _message_changes(before: MessageList, after: MessageList) -> list[dict]:
    """Messages whose text changed, in the letter's order; a replaced source message is paired up."""
    old_keys, new_keys = [k for k, _ in before], [k for k, _ in after]
    old_text, new_text = dict(map(tuple, before)), dict(map(tuple, after))
    changes: list[dict] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            changes += [
                {"message": k, "before": old_text[k], "after": new_text[k]}
                for k in new_keys[b1:b2]
                if old_text[k] != new_text[k]
            ]
            continue
        olds, news = old_keys[a1:a2], new_keys[b1:b2]
        for i in range(max(len(olds), len(news))):
            o = olds[i] if i < len(olds) else None
            n = news[i] if i < len(news) else None
            changes.append(
                {
                    "message": n if n is not None else o,
                    "before": old_text[o] if o is not None else None,
                    "after": new_text[n] if n is not None else None,
                }
            )
    return changes


def build_changelog(
    previous: Mapping | None, current: Mapping, withdrawals: Mapping[str, Withdrawal] | None = None
) -> dict:
    """The changelog of ``current`` (a manifest) since ``previous`` (the last release's manifest).

    ``withdrawals`` maps a removed signatory's name to why and when they withdrew.
    """
    log: dict = {
        "letter": current["letter"],
        "version": current["version"],
        "date": current["date"],
        "previous": None,
        "signatories": {},
        "languages": {"added": [], "removed": []},
        "messages": {},
    }
    if previous is None:
        return log
    log["previous"] = {"version": previous["version"], "date": previous["date"]}
    log["signatories"] = _signatory_changes(previous["signatory_list"], current["signatory_list"], withdrawals or {})
    log["languages"] = {
        "added": [lang for lang in current["languages"] if lang not in previous["languages"]],
        "removed": [lang for lang in previous["languages"] if lang not in current["languages"]],
    }
    for lang in current["languages"]:
        changes = _message_changes(previous["messages"].get(lang, []), current["messages"][lang])
        if changes and lang in previous["languages"]:
            log["messages"][lang] = changes
    return log


def summary(log: Mapping) -> str:
    """One line: what the changelog says, for the terminal."""
    if log["previous"] is None:
        return "first release"
    parts = []
    for kind in ("added", "removed", "changed"):
        per_group = {g: len(c[kind]) for g, c in log["signatories"].items() if c[kind]}
        if per_group:
            total = sum(per_group.values())
            detail = ", ".join(f"{g} {n}" for g, n in per_group.items())
            parts.append(f"{total} signator{'y' if total == 1 else 'ies'} {kind} ({detail})")
    for kind in ("added", "removed"):
        if log["languages"][kind]:
            parts.append(f"language(s) {kind}: {', '.join(log['languages'][kind])}")
    for lang, changes in log["messages"].items():
        parts.append(f"{lang}: {len(changes)} message{'' if len(changes) == 1 else 's'} changed")
    since = f"since version {log['previous']['version']} ({log['previous']['date']})"
    return f"{'; '.join(parts) or 'layout or styles changed; no signatory and no message'} {since}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&$^])")


def md_escape(text: str | None) -> str:
    """Literal text in Markdown: what could start a link, emphasis, code, HTML or a table is
    escaped, line breaks become spaces (every text here follows a list marker or a label, never
    at the start of a line, so block syntax cannot start)."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _person(entry: Mapping) -> str:
    role = f" ({md_escape(entry['role'])})" if entry.get("role") else ""
    return md_escape(entry["name"]) + role


def to_markdown(log: Mapping, group_titles: Mapping[str, str]) -> str:
    head = f"# {md_escape(log['letter'])}, version {log['version']} ({log['date']})\n\n"
    if log["previous"] is None:
        return head + "First release.\n"
    lines = [head + f"Changes since version {log['previous']['version']} ({log['previous']['date']}).\n"]
    lines.append("\n## Signatories\n")
    if not log["signatories"]:
        lines.append("\nNo signatory added, removed or changed.\n")
    for group, changes in log["signatories"].items():
        lines.append(f"\n### {md_escape(group_titles.get(group, group))}\n\n")
        for entry in changes["added"]:
            lines.append(f"- added: {_person(entry)}\n")
        for entry in changes["removed"]:
            why = f": {md_escape(entry['reason'])}" if entry.get("reason") else ""
            when = f" ({md_escape(entry['date'])})" if entry.get("date") else ""
            lines.append(f"- removed: {_person(entry)}{why}{when}\n")
        for entry in changes["changed"]:
            b, a = entry["before"], entry["after"]
            lines.append(
                f"- changed: {md_escape(entry['name'])}: group {md_escape(b['group'])} → {md_escape(a['group'])},"
                f" role {md_escape(b['role']) or '(none)'} → {md_escape(a['role']) or '(none)'}\n"
            )
    for kind in ("added", "removed"):
        if log["languages"][kind]:
            lines.append(f"\nLanguages {kind}: {md_escape(', '.join(log['languages'][kind]))}\n")
    lines.append("\n## Messages\n")
    if not log["messages"]:
        lines.append("\nNo message changed in any language.\n")
    for lang, changes in log["messages"].items():
        lines.append(f"\n### {md_escape(lang)}\n\n")
        for change in changes:
            lines.append(f"- before: {md_escape(change['before']) or '(none)'}\n")
            lines.append(f"  after: {md_escape(change['after']) or '(none)'}\n")
    return "".join(lines)


def to_json(log: Mapping) -> bytes:
    return (json.dumps(log, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
