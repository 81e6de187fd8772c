"""Which export column is which signatory field, from ``--map`` or ``import.toml`` beside the letter.

``--map name=Organisation,group=Signing as,consent=I agree to be listed,private=Email,private=Contact name``:
a comma only separates entries where a known key and ``=`` follow, so column names may hold
commas. ``import.toml`` holds the same under ``[columns]`` (``private`` a list), plus ``[groups]``
mapping export values to group ids and ``[defaults] group``. ``country`` is read only to spot the
same organisation entered twice with different countries; it is never published.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.source.intake.read import Table

FIELDS = ("name", "group", "role", "lang", "consent", "country", "private")
MAP_FILE = "import.toml"
_ENTRY_RE = re.compile(r"(?:^|,)\s*(" + "|".join(FIELDS) + r")\s*=")
#: Consent answers that mean yes, compared case-folded; anything else (or nothing) means no.
AGREED = frozenset(
    [
        "yes",
        "y",
        "true",
        "1",
        "x",
        "✓",
        "✔",
        "☑",
        "agree",
        "agreed",
        "checked",
        "on",
        "ok",
        "oui",
        "sí",
        "si",
        "ja",
        "da",
        "sim",
        "да",
        "نعم",
        "是",
        "はい",
        "예",
    ]
)


@dataclass(frozen=True)
class ColumnMap:
    columns: dict[str, str] = field(default_factory=dict)
    private: tuple[str, ...] = ()
    #: Export value (case-folded) -> group id.
    group_values: dict[str, str] = field(default_factory=dict)
    default_group: str | None = None

    def describe(self) -> str:
        parts = [f"{k}={v!r}" for k, v in self.columns.items()]
        if self.private:
            parts.append("private: " + ", ".join(repr(c) for c in self.private))
        if self.default_group:
            parts.append(f"default group {self.default_group!r}")
        return ", ".join(parts)


def parse_map(text: str) -> ColumnMap:
    """The ``--map`` option's value."""
    starts = list(_ENTRY_RE.finditer(text))
    if not starts or (starts[0].start() != 0 and text[: starts[0].start()].strip()):
        raise SignatoryError(f"--map expects key=column entries ({', '.join(FIELDS)}), got {text!r}")
    columns: dict[str, str] = {}
    private: list[str] = []
    for match, following in zip(starts, [*starts[1:], None], strict=True):
        value = text[match.end() : following.start() if following else len(text)].strip()
        key = match[1]
        if not value:
            raise SignatoryError(f"--map: {key}= names no column")
        if key == "private":
            private.append(value)
        elif key in columns:
            raise SignatoryError(f"--map: {key} is given twice")
        else:
            columns[key] = value
    return ColumnMap(columns, tuple(private))


def load_map_file(path: Path) -> ColumnMap | None:
    """``import.toml`` beside the letter, or None when there is none."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SignatoryError(f"not valid TOML: {exc}", path) from None
    raw = data.get("columns", {})
    unknown = [k for k in raw if k not in FIELDS]
    if unknown:
        raise SignatoryError(f"unknown keys in [columns]: {', '.join(unknown)} (known: {', '.join(FIELDS)})", path)
    private = raw.get("private", [])
    private = [private] if isinstance(private, str) else list(private)
    columns = {k: str(v) for k, v in raw.items() if k != "private"}
    groups = {fold(str(k)): str(v) for k, v in data.get("groups", {}).items()}
    return ColumnMap(columns, tuple(str(p) for p in private), groups, data.get("defaults", {}).get("group"))


def combine(saved: ColumnMap | None, given: ColumnMap | None, default_group: str | None) -> ColumnMap:
    """``--map`` entries override the saved file's, key by key; ``--group`` overrides its default."""
    base = saved or ColumnMap()
    if given:
        base = replace(base, columns=base.columns | given.columns, private=given.private or base.private)
    if default_group:
        base = replace(base, default_group=default_group)
    if "name" not in base.columns:
        raise SignatoryError(f"no column is mapped to name: pass --map name=<column> or write {MAP_FILE}")
    return base


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def resolve(mapping: ColumnMap, table: Table) -> ColumnMap:
    """The mapping with each column name spelled as in the export; unknown columns are refused."""
    by_fold = {fold(c): c for c in table.columns}

    def find(column: str) -> str:
        found = by_fold.get(fold(column))
        if found is None:
            raise SignatoryError(
                f"the export has no column {column!r}; its columns: {', '.join(repr(c) for c in table.columns)}",
                table.path,
                1,
            )
        return found

    return replace(
        mapping,
        columns={k: find(v) for k, v in mapping.columns.items()},
        private=tuple(find(p) for p in mapping.private),
    )


def agreed(answer: str) -> bool:
    value = fold(answer).rstrip(".!")
    return value in AGREED or value.startswith(("yes", "i agree", "oui", "sí ", "si "))


def map_file_text(mapping: ColumnMap) -> str:
    """``mapping`` as ``import.toml`` (TOML basic strings share JSON's escapes)."""
    import json

    lines = ["# letterpipe signatories import: which export column is which field", "[columns]"]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in mapping.columns.items()]
    if mapping.private:
        lines.append("private = [" + ", ".join(json.dumps(c, ensure_ascii=False) for c in mapping.private) + "]")
    if mapping.group_values:
        lines += ["", "[groups]"]
        lines += [f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v)}" for k, v in mapping.group_values.items()]
    if mapping.default_group:
        lines += ["", "[defaults]", f"group = {json.dumps(mapping.default_group)}"]
    return "\n".join(lines) + "\n"
