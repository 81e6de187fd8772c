"""Waivers: a coordinator's decision that one check's finding on one message is acceptable.

Translators cannot waive their own findings: a waiver lives beside the letter, in
``letters/<letter>/waivers.toml``, and says which language, which check, which message (its
source text, exactly) and why::

    [[waiver]]
    language = "fr"
    check = "numbers"
    message = "In 2016 it began."
    reason = "the year is written out in words in the French version"

A waiver lapses by itself when the message's source text changes. A waived finding is still
recorded (``checks.json``), blocks nothing, and is listed in the release manifest
(:func:`waivers_in_force`), so whoever reads a release knows what was let through and why.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from letterpipe.errors import LetterpipeError

FILE_NAME = "waivers.toml"
#: A waivers file is a short list written by hand.
MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Waiver:
    language: str
    check: str
    message: str
    reason: str


def waivers_file(letter_folder: Path) -> Path:
    return letter_folder / FILE_NAME


def load_waivers(path: Path, lang: str | None = None) -> list[Waiver]:
    """The waivers in ``path`` (none when it does not exist), for ``lang`` only when given."""
    from letterpipe.catalogs.checks import CHECKS
    from letterpipe.limits import read_limited

    if not path.exists():
        return []
    try:
        data = tomllib.loads(read_limited(path, MAX_BYTES, "waivers file").decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LetterpipeError(f"malformed waivers file: {exc}", path) from None
    entries = data.get("waiver", [])
    if not isinstance(entries, list) or set(data) - {"waiver"}:
        raise LetterpipeError("a waivers file holds only [[waiver]] tables", path)
    out = []
    for number, entry in enumerate(entries, 1):
        out.append(_waiver(entry, number, path, CHECKS))
    return [w for w in out if lang is None or w.language == lang]


def _waiver(entry: Any, number: int, path: Path, checks: tuple[str, ...]) -> Waiver:
    where = f"waiver {number}"
    if not isinstance(entry, dict) or set(entry) != {"language", "check", "message", "reason"}:
        raise LetterpipeError(f"{where} must have exactly: language, check, message, reason", path)
    if not all(isinstance(value, str) for value in entry.values()):
        raise LetterpipeError(f"{where}: every field is a string", path)
    if entry["check"] not in checks:
        raise LetterpipeError(f"{where} names an unknown check {entry['check']!r} (known: {', '.join(checks)})", path)
    if not entry["reason"].strip():
        raise LetterpipeError(f"{where} gives no reason", path)
    return Waiver(entry["language"], entry["check"], entry["message"], entry["reason"].strip())


def waivers_in_force(build: Path, slug: str, languages: list[str]) -> list[dict[str, Any]]:
    """Every waived finding of the given languages, as the check stage recorded it: what the
    release manifest lists (``build`` is the project's ``build/`` folder)."""
    out: list[dict[str, Any]] = []
    for lang in languages:
        checks = build / slug / lang / "checks.json"
        if not checks.exists():
            continue
        for item in json.loads(checks.read_text("utf-8")):
            if item.get("waived"):
                out.append(
                    {
                        "language": lang,
                        "check": item["check"],
                        "file": item["path"],
                        "line": item["line"],
                        "message": item["excerpt"],
                        "finding": item["message"],
                        "reason": item["waived"],
                    }
                )
    return out
