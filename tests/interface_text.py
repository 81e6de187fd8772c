"""Finding letterpipe's English interface strings in a rendered page, whatever values fill them."""

from __future__ import annotations

import re

from letterpipe.catalogs.interface import interface_template

_PLACEHOLDER = re.compile(r"%\(\w+\)s")


def english_pattern(source: str) -> re.Pattern[str]:
    """``Page %(page)s of %(pages)s`` as a pattern matching ``Page 1 of 2`` across line breaks."""
    parts = []
    for part in (p.strip() for p in _PLACEHOLDER.split(source)):
        if part:
            pattern = re.sub(r"\\\s+|\s+", r"\\s+", re.escape(part))
            parts.append((r"\b" if part[0].isalnum() else "") + pattern + (r"\b" if part[-1].isalnum() else ""))
    return re.compile(r".{1,120}?".join(parts), re.DOTALL)


def english_patterns() -> dict[str, re.Pattern[str]]:
    sources = [s for e in interface_template().messages for s in (e.msgid, e.msgid_plural) if s]
    return {source: english_pattern(source) for source in sources}


def english_found(text: str) -> list[str]:
    """The interface strings (English source) that occur in ``text``."""
    return [source for source, pattern in english_patterns().items() if pattern.search(text)]
