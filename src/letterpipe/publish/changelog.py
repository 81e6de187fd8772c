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
from collections.abc import Mapping, Sequence
from pathlib import Path

import polib

from letterpipe.source.changes import SignatoryChange

MessageList = list[list[str]]


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


def _latest_by_name(changes: Sequence[SignatoryChange]) -> dict[str, SignatoryChange]:
    """The newest recorded change per name (a correction also under its previous name)."""
    from letterpipe.source.signatories import duplicate_key

    out: dict[str, SignatoryChange] = {}
    for change in sorted(changes, key=lambda c: (c.date, c.line)):
        out[duplicate_key(change.name)] = change
        if change.kind == "corrected" and change.previous:
            out[duplicate_key(change.previous)] = change
    return out


def _person(s: Mapping) -> dict:
    return {"name": s["name"], "role": s["role"]} | ({"lang": s["lang"]} if s.get("lang") else {})


def _why(change: SignatoryChange | None) -> dict:
    return {"reason": change.reason, "date": change.date.isoformat()} if change else {}


def _signatory_changes(
    before: list[dict], after: list[dict], changes: Sequence[SignatoryChange]
) -> dict[str, dict[str, list[dict]]]:
    """Per group: added, removed and changed signatories, with the recorded reason when there is one.

    A recorded correction pairs the previous name with the new one as a change, not as one
    signatory removed and another added.
    """
    from letterpipe.source.signatories import duplicate_key

    recorded = _latest_by_name(changes)
    old = {s["name"]: s for s in before}
    new = {s["name"]: s for s in after}
    renamed: dict[str, str] = {}
    for name in new.keys() - old.keys():
        change = recorded.get(duplicate_key(name))
        if change and change.kind == "corrected" and change.previous in old.keys() - new.keys():
            renamed[name] = change.previous
    groups: dict[str, dict[str, list[dict]]] = {}

    def bucket(group: str, kind: str) -> list[dict]:
        return groups.setdefault(group, {"added": [], "removed": [], "changed": []})[kind]

    def fields(s: Mapping) -> dict:
        return {"name": s["name"], "group": s["group"], "role": s["role"], "lang": s.get("lang", "")}

    for s in after:
        was = old.get(renamed.get(s["name"], s["name"]))
        why = _why(recorded.get(duplicate_key(s["name"])))
        if was is None:
            bucket(s["group"], "added").append(_person(s) | why)
        elif fields(was) != fields(s):
            bucket(s["group"], "changed").append({"name": s["name"], "before": fields(was), "after": fields(s)} | why)
    for s in before:
        if s["name"] not in new and s["name"] not in renamed.values():
            bucket(s["group"], "removed").append(_person(s) | _why(recorded.get(duplicate_key(s["name"]))))
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


def build_changelog(previous: Mapping | None, current: Mapping, changes: Sequence[SignatoryChange] = ()) -> dict:
    """The changelog of ``current`` (a manifest) since ``previous`` (the last release's manifest).

    ``changes`` are the recorded withdrawals, corrections and returns
    (``letters/<letter>/signatory-changes.csv``): their reasons and dates are attached to the
    signatories they concern.
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
    log["signed"] = {"before": bool(previous.get("signed")), "after": bool(current.get("signed"))}
    log["signatories"] = _signatory_changes(previous["signatory_list"], current["signatory_list"], changes)
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
    signed = log.get("signed") or {}
    if signed.get("before") != signed.get("after"):
        parts.append("now signed" if signed.get("after") else "no longer signed")
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


def _md_person(entry: Mapping) -> str:
    role = f" ({md_escape(entry['role'])})" if entry.get("role") else ""
    return md_escape(entry["name"]) + role


def _md_why(entry: Mapping) -> str:
    return f": {md_escape(entry['reason'])} ({entry['date']})" if entry.get("reason") else ""


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
            lines.append(f"- added: {_md_person(entry)}{_md_why(entry)}\n")
        for entry in changes["removed"]:
            lines.append(f"- removed: {_md_person(entry)}{_md_why(entry)}\n")
        for entry in changes["changed"]:
            b, a = entry["before"], entry["after"]
            what = [
                f"{key} {md_escape(b[key]) or '(none)'} → {md_escape(a[key]) or '(none)'}"
                for key in ("name", "group", "role", "lang")
                if b[key] != a[key]
            ]
            lines.append(f"- changed: {md_escape(entry['name'])}: {', '.join(what)}{_md_why(entry)}\n")
    for kind in ("added", "removed"):
        if log["languages"][kind]:
            lines.append(f"\nLanguages {kind}: {md_escape(', '.join(log['languages'][kind]))}\n")
    signed = log.get("signed") or {}
    if signed.get("before") != signed.get("after"):
        lines.append("\nThis release is signed.\n" if signed.get("after") else "\nThis release is not signed.\n")
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
