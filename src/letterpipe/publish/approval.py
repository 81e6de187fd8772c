"""Approval: a person who reads the language approves each translation as it stands.

Checks catch what can be told by machine; a translation that says something else in good
grammar needs a reader. ``letterpipe approve <letter> <lang>`` records, in
``letters/<letter>/approvals.json`` (beside the letter, committed with it), the catalog's
content hash, the approver and the date, with a snapshot of the approved translations. A
release needs every released language approved as it is now (:func:`approval_problem`), and
``letterpipe diff <letter> <lang>`` shows what changed since, message by message, so a second
review takes minutes.

The hash covers what readers see: every active message's context, source and translations,
whether it is fuzzy, and the Plural-Forms header. Comments, references, line wrapping and
obsolete entries do not count, so ``letterpipe update`` does not undo an approval.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterpipe.errors import LetterpipeError
from letterpipe.project import Project

FILE_NAME = "approvals.json"


@dataclass(frozen=True)
class Snapshot:
    """What a reader of one language sees of its catalog, keyed by ``context\\x04source``."""

    messages: dict[str, list[str]]
    fuzzy: list[str]
    plural_forms: str
    lines: dict[str, int]

    def digest(self) -> str:
        data = {"messages": self.messages, "fuzzy": sorted(self.fuzzy), "plural_forms": self.plural_forms}
        canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def snapshot(po: Path) -> Snapshot:
    """Read a translator's catalog (strictly) into what approval compares."""
    from letterpipe.catalogs.pofile import header_value, read_po

    catalog = read_po(po)
    messages: dict[str, list[str]] = {}
    fuzzy, lines = [], {}
    for entry in catalog.messages:
        key = f"{entry.msgctxt or ''}\x04{entry.msgid}"
        messages[key] = list(entry.translations)
        lines[key] = entry.line
        if entry.fuzzy:
            fuzzy.append(key)
    plural = header_value(catalog.header, "Plural-Forms") or ""
    return Snapshot(messages, fuzzy, plural.strip(), lines)


def approvals_file(project: Project, slug: str) -> Path:
    return project.letter_file(slug).parent / FILE_NAME


def load_approvals(project: Project, slug: str) -> dict[str, Any]:
    path = approvals_file(project, slug)
    if not path.exists():
        return {}
    from letterpipe.limits import read_limited

    try:
        data = json.loads(read_limited(path, 16 * 1024 * 1024, "approvals file"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise LetterpipeError(f"malformed approvals file: {exc}", path) from None
    if not isinstance(data, dict):
        raise LetterpipeError("malformed approvals file: expected an object keyed by language", path)
    return data


def default_approver() -> str:
    """Who is approving: git's ``user.name`` if set, else the login name."""
    git = shutil.which("git")
    if git:
        name = subprocess.run([git, "config", "user.name"], capture_output=True, text=True, check=False).stdout.strip()
        if name:
            return name
    return getpass.getuser()


def approve(project: Project, slug: str, lang: str, approver: str, today: dt.date | None = None) -> str:
    """Record ``lang``'s catalog of ``slug`` as approved by ``approver``; returns what was done."""
    from letterpipe.fsutil import write_if_changed

    po = project.po_file(slug, lang)
    if not po.exists():
        raise LetterpipeError(f"no catalog for {lang}: nothing to approve", po)
    if not approver.strip():
        raise LetterpipeError("an approval needs the approver's name (--by NAME)")
    current = snapshot(po)
    approvals = load_approvals(project, slug)
    approvals[lang] = {
        "hash": current.digest(),
        "approver": approver.strip(),
        "date": (today or dt.datetime.now(dt.UTC).date()).isoformat(),
        "plural_forms": current.plural_forms,
        "fuzzy": sorted(current.fuzzy),
        "messages": current.messages,
    }
    text = json.dumps(dict(sorted(approvals.items())), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_if_changed(approvals_file(project, slug), text.encode("utf-8"))
    record = approvals[lang]
    return f"{slug}/{lang}: approved by {record['approver']} on {record['date']} (catalog {record['hash'][:12]})"


def approval_problem(project: Project, slug: str, lang: str) -> str | None:
    """Why ``lang`` of ``slug`` is not approved as it is now, or ``None`` when it is."""
    po = project.po_file(slug, lang)
    if not po.exists():
        return None
    try:
        record = load_approvals(project, slug).get(lang)
        current = snapshot(po)
    except LetterpipeError as exc:
        return str(exc)
    if not isinstance(record, dict) or "hash" not in record:
        return f"not approved: have a reader review it, then run: letterpipe approve {slug} {lang}"
    if record["hash"] != current.digest():
        changed = len(_changes(record, current))
        return (
            f"changed since approved by {record.get('approver')} on {record.get('date')} ({changed} change(s));"
            f" review them with: letterpipe diff {slug} {lang}, then: letterpipe approve {slug} {lang}"
        )
    return None


def _changes(record: dict[str, Any], current: Snapshot) -> list[tuple[str, str, list[str] | None, list[str] | None]]:
    """``(kind, key, before, after)`` for each message that differs, in the catalog's order."""
    before: dict[str, list[str]] = record.get("messages", {})
    out: list[tuple[str, str, list[str] | None, list[str] | None]] = []
    old_fuzzy, new_fuzzy = set(record.get("fuzzy", [])), set(current.fuzzy)
    for key, strings in current.messages.items():
        if key not in before:
            out.append(("added", key, None, strings))
        elif before[key] != strings:
            out.append(("changed", key, before[key], strings))
        elif (key in old_fuzzy) != (key in new_fuzzy):
            out.append(("fuzzy" if key in new_fuzzy else "unfuzzied", key, strings, strings))
    out += [("removed", key, strings, None) for key, strings in before.items() if key not in current.messages]
    if record.get("plural_forms", "") != current.plural_forms:
        out.append(("Plural-Forms", "", [record.get("plural_forms", "")], [current.plural_forms]))
    return out


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def diff_lines(project: Project, slug: str, lang: str) -> list[str]:
    """What changed in ``lang``'s translations since its last approval, message by message."""
    po = project.po_file(slug, lang)
    if not po.exists():
        raise LetterpipeError(f"no catalog for {lang}", po)
    current = snapshot(po)
    record = load_approvals(project, slug).get(lang)
    where = project.relative(po)
    if not isinstance(record, dict):
        head = f"{slug}/{lang}: never approved; every translation is new"
        record = {}
    elif record.get("hash") == current.digest():
        return [f"{slug}/{lang}: no change since approved by {record.get('approver')} on {record.get('date')}"]
    else:
        head = f"{slug}/{lang}: changes since approved by {record.get('approver')} on {record.get('date')}"
    changes = _changes(record, current)
    lines = [f"{head} ({len(changes)} change(s))"]
    for kind, key, old, new in changes:
        context, _, source = key.partition("\x04")
        line = current.lines.get(key)
        lines.append(f"{kind}: {where}:{line}" if line else f"{kind}:")
        if source:
            lines.append(f"  source: {_quote(source)}" + (f" (context {_quote(context)})" if context else ""))
        for index in range(max(len(old or []), len(new or []))):
            before = (old or [])[index] if old and index < len(old) else None
            after = (new or [])[index] if new and index < len(new) else None
            form = f"[{index}]" if max(len(old or []), len(new or [])) > 1 else ""
            if before == after:
                lines.append(f"  {form}  {_quote(before or '')}")
                continue
            if before is not None:
                lines.append(f"  {form}- {_quote(before)}")
            if after is not None:
                lines.append(f"  {form}+ {_quote(after)}")
    return lines
