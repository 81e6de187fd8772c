"""Reading a rendered HTML page back: the signatory names and group headings it carries.

The page is parsed, never trusted: a template override that renames, hides or reorders a name
is caught like any other divergence from the canonical list.
"""

from __future__ import annotations

import difflib
from html.parser import HTMLParser
from pathlib import Path


class _NameCollector(HTMLParser):
    """Text of every ``.name`` (and ``.group`` heading, and ``.role``) inside the ``.signatories`` section.

    ``roles[i]`` is the role printed with ``names[i]`` ("" if none) and ``groups[i]`` the index in
    ``headings`` of the heading above it (-1 before any): what the PDF's pagination is judged on.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []
        self.headings: list[str] = []
        self.roles: list[str] = []
        self.groups: list[int] = []
        self._stack: list[tuple[str, bool, bool]] = []
        self._target: list[str] = self.names
        self._buffer: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        in_section = (bool(self._stack) and self._stack[-1][1]) or "signatories" in classes
        is_name = in_section and ("name" in classes or "group" in classes)
        is_role = in_section and not is_name and "role" in classes and bool(self.names) and self._buffer is None
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr"):
            return
        self._stack.append((tag, in_section, is_name or is_role))
        if is_name or is_role:
            self._buffer = []
            self._target = self.names if "name" in classes else self.headings if "group" in classes else self.roles
            if "name" in classes:
                self.roles.append("")
                self.groups.append(len(self.headings) - 1)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            opened, _, is_name = self._stack.pop()
            if is_name and self._buffer is not None:
                text = "".join(self._buffer)
                if self._target is self.roles:
                    self.roles[-1] = text
                else:
                    self._target.append(text)
                self._buffer = None
            if opened == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._buffer is not None:
            self._buffer.append(data)


def collect_names(path: Path) -> _NameCollector:
    collector = _NameCollector()
    collector.feed(path.read_text("utf-8"))
    collector.close()
    return collector


def html_names(path: Path) -> list[str]:
    return collect_names(path).names


def compare_html(expected: list[str], found: list[str]) -> list[str]:
    """Missing, extra and altered names, in the canonical order."""
    problems = []
    matcher = difflib.SequenceMatcher(a=expected, b=found, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "delete":
            problems += [f"missing: {name!r}" for name in expected[a1:a2]]
        elif op == "insert":
            problems += [f"extra: {name!r}" for name in found[b1:b2]]
        elif op == "replace":
            for old, new in zip(expected[a1:a2], found[b1:b2], strict=False):
                problems.append(f"altered: {old!r} appears as {new!r}")
            problems += [f"missing: {name!r}" for name in expected[a1 + (b2 - b1) : a2]]
            problems += [f"extra: {name!r}" for name in found[b1 + (a2 - a1) : b2]]
    return problems
