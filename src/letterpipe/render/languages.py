"""The language table: direction, fonts, hyphenation and date format per language, as data.

Rendering code never tests for a particular language; it reads a :class:`Language`. Adding a
language is a row in ``data/languages.toml`` (or a project's own ``languages.toml``) plus a catalog.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError

from letterpipe.errors import LetterpipeError

_KNOWN_KEYS = {
    "tag",
    "direction",
    "script",
    "text_fonts",
    "heading_fonts",
    "name_fonts",
    "hyphenate",
    "date_format",
    "spacing",
    "fix_command",
}


@dataclass(frozen=True)
class Language:
    """How one language is typeset. ``code`` is the gettext catalog name (``zh_Hans``)."""

    code: str
    tag: str
    direction: str
    script: str
    text_fonts: tuple[str, ...]
    heading_fonts: tuple[str, ...]
    name_fonts: tuple[str, ...]
    hyphenate: bool
    date_format: str
    spacing: str | None = None
    fix_command: str = "apt-get install fonts-noto-core"
    locale: Locale = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    @property
    def autonym(self) -> str:
        """The language's name in itself ("français", "العربية"), for switchers and indexes."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:] if self.direction == "ltr" else name

    @property
    def all_fonts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.text_fonts + self.heading_fonts + self.name_fonts))


def _parse_table(data: dict[str, object], path: Path | str) -> dict[str, Language]:
    table: dict[str, Language] = {}
    for code, row in data.items():
        if not isinstance(row, dict):
            raise LetterpipeError(f"[{code}] must be a table", path)
        unknown = set(row) - _KNOWN_KEYS
        if unknown:
            raise LetterpipeError(f"[{code}] unknown keys: {', '.join(sorted(unknown))}", path)
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError) as exc:
            raise LetterpipeError(f"[{code}] is not a locale Babel knows: {exc}", path) from None
        direction = row.get("direction", "ltr")
        if direction not in ("ltr", "rtl"):
            raise LetterpipeError(f"[{code}] direction must be 'ltr' or 'rtl'", path)
        try:
            table[code] = Language(
                code=code,
                tag=str(row.get("tag", code.replace("_", "-"))),
                direction=str(direction),
                script=str(row["script"]),
                text_fonts=tuple(row["text_fonts"]),
                heading_fonts=tuple(row.get("heading_fonts", row["text_fonts"])),
                name_fonts=tuple(row.get("name_fonts", row["text_fonts"])),
                hyphenate=bool(row.get("hyphenate", False)),
                date_format=str(row.get("date_format", "long")),
                spacing=row.get("spacing"),  # type: ignore[arg-type]
                fix_command=str(row.get("fix_command", "apt-get install fonts-noto-core")),
                locale=locale,
            )
        except KeyError as exc:
            raise LetterpipeError(f"[{code}] is missing {exc.args[0]!r}", path) from None
    return table


@cache
def load_languages(project_table: Path | None = None) -> dict[str, Language]:
    """The packaged table, overridden row by row by a project's own ``languages.toml``."""
    packaged = resources.files("letterpipe").joinpath("data/languages.toml")
    table = _parse_table(tomllib.loads(packaged.read_text("utf-8")), "letterpipe/data/languages.toml")
    if project_table is not None and project_table.exists():
        try:
            extra = tomllib.loads(project_table.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise LetterpipeError(str(exc), project_table) from None
        table.update(_parse_table(extra, project_table))
    return table


def get_language(code: str, project_table: Path | None = None) -> Language:
    """Look a language up, with an error that lists what is configured."""
    table = load_languages(project_table)
    if code not in table:
        known = ", ".join(sorted(table))
        raise LetterpipeError(
            f"language {code!r} has no row in the language table (configured: {known}); add one to languages.toml"
        )
    return table[code]
