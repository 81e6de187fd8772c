"""The language/script table: how each language is typeset, as data.

Rendering code never tests for a particular language or script; it reads a :class:`Language`,
whose typography comes from its :class:`Script` row. Adding a language is a row in
``data/languages.toml`` (or a project's own ``languages.toml``) plus a catalog; adding a script is
a ``[script.<code>]`` row. The table refuses what it cannot honour: an unknown script, a
numbering system without digits, ``hyphenate = true`` where Pyphen has no dictionary.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from letterpipe.errors import LetterpipeError

#: Digits and the CSS counter style (WeasyPrint's predefined ones) of each numbering system.
NUMBERING: dict[str, tuple[str, str]] = {
    "latn": ("0123456789", "decimal"),
    "arab": ("٠١٢٣٤٥٦٧٨٩", "arabic-indic"),
    "arabext": ("۰۱۲۳۴۵۶۷۸۹", "persian"),
    "beng": ("০১২৩৪৫৬৭৮৯", "bengali"),
    "deva": ("०१२३४५६७८९", "devanagari"),
    "khmr": ("០១២៣៤៥៦៧៨៩", "khmer"),
    "mymr": ("၀၁၂၃၄၅၆၇၈၉", "myanmar"),
    "tamldec": ("௦௧௨௩௪௫௬௭௮௯", "tamil"),
    "thai": ("๐๑๒๓๔๕๖๗๘๙", "thai"),
}
#: The chain's placeholder for "the Han face this name or version needs".
HAN = "Hani"

_SCRIPT_KEYS = {
    "text_fonts",
    "heading_fonts",
    "name_font",
    "name_langs",
    "direction",
    "italic",
    "emphasis",
    "lede",
    "cased",
    "justify",
    "line_height",
    "font_scale",
    "line_break",
    "word_break",
    "last_line",
    "fix_command",
}
_LANGUAGE_KEYS = {
    "tag",
    "script",
    "direction",
    "text_fonts",
    "heading_fonts",
    "line_height",
    "hyphenate",
    "numbers",
    "date_format",
    "spacing",
    "fix_command",
}
_TOP_KEYS = {"chain", "han_default", "script"}


@dataclass(frozen=True)
class Script:
    """Typography shared by the languages written in one script (see ``data/languages.toml``)."""

    code: str
    text_fonts: tuple[str, ...]
    heading_fonts: tuple[str, ...]
    name_font: str
    name_langs: tuple[str, ...] = ()
    direction: str = "ltr"
    italic: bool = False
    emphasis: str = "bold"
    lede: str = "heading"
    cased: bool = False
    justify: bool = True
    line_height: float = 1.5
    font_scale: float = 1.0
    line_break: str = "auto"
    word_break: str = "normal"
    last_line: int = 0
    fix_command: str = "apt-get install fonts-noto-core"


@dataclass(frozen=True)
class Language:
    """How one language is typeset. ``code`` is the gettext catalog name (``zh_Hans``).

    ``text_fonts``, ``heading_fonts`` and ``name_fonts`` are complete fallback chains: the
    language's own faces, then one face per script in the table's ``chain`` order, so a name or
    a quotation in any configured script is drawn in a configured face. ``han_chains`` holds the
    name chain for each Han form (a name whose ``lang`` is ``ja`` gets Japanese glyph forms).
    """

    code: str
    tag: str
    direction: str
    script: str
    typography: Script
    text_fonts: tuple[str, ...]
    heading_fonts: tuple[str, ...]
    name_fonts: tuple[str, ...]
    han_chains: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    hyphenate: bool
    numbers: str
    date_format: str
    line_height: float
    spacing: str | None = None
    fix_command: str = "apt-get install fonts-noto-core"
    font_fixes: tuple[tuple[str, str], ...] = ()
    locale: Locale = field(compare=False, repr=False, default=None)  # type: ignore[assignment]

    @property
    def autonym(self) -> str:
        """The language's name in itself ("français", "العربية"), for switchers and indexes."""
        name = self.locale.get_display_name(self.locale) or self.code
        return name[:1].upper() + name[1:] if self.direction == "ltr" else name

    @property
    def all_fonts(self) -> tuple[str, ...]:
        """Every face a version in this language may contain: what verification allows."""
        chains = [self.text_fonts, self.heading_fonts, self.name_fonts, *(c for _, c in self.han_chains)]
        return tuple(dict.fromkeys(f for chain in chains for f in chain))

    @property
    def digits(self) -> str:
        return NUMBERING[self.numbers][0]

    @property
    def counter_style(self) -> str:
        """The CSS counter style that prints page numbers in this language's digits."""
        return NUMBERING[self.numbers][1]

    def fix_for(self, font: str) -> str:
        """The command that installs ``font`` (from the row that names it)."""
        return dict(self.font_fixes).get(font, self.fix_command)

    def localise_digits(self, text: str) -> str:
        """ASCII digits in ``text`` written in the language's numbering system."""
        return text.translate(str.maketrans("0123456789", self.digits))


def _fonts(value: Any, where: str, path: Path | str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise LetterpipeError(f"{where} must be a non-empty list of font family names", path)
    return tuple(value)


def _parse_script(code: str, row: Any, path: Path | str) -> Script:
    if not isinstance(row, dict):
        raise LetterpipeError(f"[script.{code}] must be a table", path)
    unknown = set(row) - _SCRIPT_KEYS
    if unknown:
        raise LetterpipeError(f"[script.{code}] unknown keys: {', '.join(sorted(unknown))}", path)
    for key in ("text_fonts", "name_font"):
        if key not in row:
            raise LetterpipeError(f"[script.{code}] is missing {key!r}", path)
    if row.get("direction", "ltr") not in ("ltr", "rtl"):
        raise LetterpipeError(f"[script.{code}] direction must be 'ltr' or 'rtl'", path)
    italic = bool(row.get("italic", False))
    emphasis = row.get("emphasis", "italic" if italic else "bold")
    lede = row.get("lede", "italic" if italic else "heading")
    if emphasis not in ("italic", "bold", "normal") or lede not in ("italic", "heading"):
        raise LetterpipeError(f"[script.{code}] emphasis must be italic, bold or normal; lede italic or heading", path)
    if not italic and "italic" in (emphasis, lede):
        raise LetterpipeError(
            f"[script.{code}] has no italic faces (italic = false): emphasis and lede cannot be italic", path
        )
    text = _fonts(row["text_fonts"], f"[script.{code}] text_fonts", path)
    return Script(
        code=code,
        text_fonts=text,
        heading_fonts=_fonts(row.get("heading_fonts", list(text)), f"[script.{code}] heading_fonts", path),
        name_font=str(row["name_font"]),
        name_langs=tuple(str(t) for t in row.get("name_langs", [])),
        direction=str(row.get("direction", "ltr")),
        italic=italic,
        emphasis=str(emphasis),
        lede=str(lede),
        cased=bool(row.get("cased", False)),
        justify=bool(row.get("justify", True)),
        line_height=float(row.get("line_height", 1.5)),
        font_scale=float(row.get("font_scale", 1.0)),
        line_break=str(row.get("line_break", "auto")),
        word_break=str(row.get("word_break", "normal")),
        last_line=int(row.get("last_line", 0)),
        fix_command=str(row.get("fix_command", "apt-get install fonts-noto-core")),
    )


def hyphenation_dictionary(code: str) -> str | None:
    """The Pyphen dictionary WeasyPrint would use for the language, or ``None``."""
    import pyphen

    return pyphen.language_fallback(code.replace("-", "_"))


def default_numbering(locale: Locale) -> str:
    """CLDR's default numbering system for the locale, where letterpipe knows its digits."""
    system = locale.default_numbering_system
    return system if system in NUMBERING else "latn"


@dataclass
class _Table:
    scripts: dict[str, Script] = field(default_factory=dict)
    chain: list[str] = field(default_factory=list)
    han_default: str = "Hans"
    rows: dict[str, tuple[dict[str, Any], Path | str]] = field(default_factory=dict)

    def add(self, data: Mapping[str, Any], path: Path | str) -> None:
        scripts = data.get("script", {})
        if not isinstance(scripts, dict):
            raise LetterpipeError("[script] must hold [script.<code>] tables", path)
        for code, row in scripts.items():
            self.scripts[code] = _parse_script(code, row, path)
        if "chain" in data:
            self.chain = [str(s) for s in data["chain"]]
        self.han_default = str(data.get("han_default", self.han_default))
        for code, row in data.items():
            if code in _TOP_KEYS:
                continue
            if not isinstance(row, dict):
                raise LetterpipeError(f"[{code}] must be a table", path)
            self.rows[code] = (row, path)

    def check(self, path: Path | str) -> None:
        for code in [*self.chain, self.han_default]:
            if code != HAN and code not in self.scripts:
                raise LetterpipeError(f"chain names the script {code!r}, which has no [script.{code}] row", path)

    def han_scripts(self) -> set[str]:
        """Scripts that can fill the chain's Han slot: those names select by ``lang``, but Hangul."""
        return {code for code, s in self.scripts.items() if s.name_langs and code != "Kore"}

    def name_chain(self, first: Script, han: str) -> tuple[str, ...]:
        order = [first.name_font]
        for code in self.chain:
            order.append(self.scripts[han if code == HAN else code].name_font)
        return tuple(dict.fromkeys(order))

    def language(self, code: str) -> Language:
        row, path = self.rows[code]
        unknown = set(row) - _LANGUAGE_KEYS
        if unknown:
            raise LetterpipeError(f"[{code}] unknown keys: {', '.join(sorted(unknown))}", path)
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError) as exc:
            raise LetterpipeError(f"[{code}] is not a locale Babel knows: {exc}", path) from None
        if "script" not in row:
            raise LetterpipeError(f"[{code}] is missing 'script'", path)
        script = self.scripts.get(str(row["script"]))
        if script is None:
            known = ", ".join(sorted(self.scripts))
            raise LetterpipeError(f"[{code}] script {row['script']!r} has no [script.*] row (known: {known})", path)
        direction = row.get("direction", script.direction)
        if direction not in ("ltr", "rtl"):
            raise LetterpipeError(f"[{code}] direction must be 'ltr' or 'rtl'", path)
        hyphenate = bool(row.get("hyphenate", False))
        tag = str(row.get("tag", code.replace("_", "-")))
        if hyphenate and hyphenation_dictionary(tag) is None:
            raise LetterpipeError(
                f"[{code}] hyphenate = true, but Pyphen has no hyphenation dictionary for {tag!r} "
                "(see `letterpipe doctor`); set hyphenate = false",
                path,
            )
        numbers = str(row.get("numbers", default_numbering(locale)))
        if numbers not in NUMBERING:
            raise LetterpipeError(f"[{code}] numbers must be one of {', '.join(NUMBERING)}, not {numbers!r}", path)
        han = script.code if script.code in self.han_scripts() else self.han_default
        names = self.name_chain(script, han)
        own_text = _fonts(row.get("text_fonts", list(script.text_fonts)), f"[{code}] text_fonts", path)
        own_heading = _fonts(row.get("heading_fonts", list(script.heading_fonts)), f"[{code}] heading_fonts", path)
        hans = self.han_scripts()
        han_chains = tuple(
            (
                other.name_langs,
                tuple(
                    dict.fromkeys(
                        (other.name_font, *self.name_chain(script, other.code if other.code in hans else han))
                    )
                ),
            )
            for other in self.scripts.values()
            if other.name_langs
        )
        own_fix = str(row.get("fix_command", script.fix_command))
        fixes = {s.name_font: s.fix_command for s in self.scripts.values()}
        fixes.update({f: own_fix for f in own_text + own_heading})
        return Language(
            code=code,
            tag=tag,
            direction=str(direction),
            script=script.code,
            typography=script,
            text_fonts=tuple(dict.fromkeys(own_text + names)),
            heading_fonts=tuple(dict.fromkeys(own_heading + names)),
            name_fonts=names,
            han_chains=han_chains,
            hyphenate=hyphenate,
            numbers=numbers,
            date_format=str(row.get("date_format", "long")),
            line_height=float(row.get("line_height", script.line_height)),
            spacing=row.get("spacing"),
            fix_command=own_fix,
            font_fixes=tuple(fixes.items()),
            locale=locale,
        )


def _read(text: str, path: Path | str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LetterpipeError(str(exc), path) from None


class _Languages(Mapping[str, Language]):
    """The table's languages, each built when first looked up: a stage renders one language, and
    building all (CLDR data for each) would cost every process of the workflow."""

    def __init__(self, table: _Table) -> None:
        self._table = table
        self._built: dict[str, Language] = {}

    def __getitem__(self, code: str) -> Language:
        if code not in self._table.rows:
            raise KeyError(code)
        if code not in self._built:
            self._built[code] = self._table.language(code)
        return self._built[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.rows)

    def __len__(self) -> int:
        return len(self._table.rows)


@cache
def load_languages(project_table: Path | None = None) -> Mapping[str, Language]:
    """The packaged table, overridden row by row (languages and scripts) by a project's own ``languages.toml``."""
    table = _Table()
    packaged = resources.files("letterpipe").joinpath("data/languages.toml")
    where: Path | str = "letterpipe/data/languages.toml"
    table.add(_read(packaged.read_text("utf-8"), where), where)
    if project_table is not None and project_table.exists():
        table.add(_read(project_table.read_text("utf-8"), project_table), project_table)
        where = project_table
    table.check(where)
    languages = _Languages(table)
    if where == project_table:  # a project's rows (and scripts, which every row uses) are checked at once
        for code in languages:
            languages[code]
    return languages


def get_language(code: str, project_table: Path | None = None) -> Language:
    """Look a language up, with an error that lists what is configured."""
    table = load_languages(project_table)
    if code not in table:
        known = ", ".join(sorted(table))
        raise LetterpipeError(
            f"language {code!r} has no row in the language table (configured: {known}); add one to languages.toml"
        )
    return table[code]
