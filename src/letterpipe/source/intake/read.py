"""Reading a form export as a table of text cells, whatever its encoding, delimiter or format.

Encodings are decided in this order: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8;
otherwise charset-normalizer's detection, where among the candidates with the least "chaos"
the Windows code pages win in a fixed order, Windows-1252 first (Excel's "CSV" on
Western-European Windows, by far the most common non-UTF-8 export). On a few lines the detector
alone often ranks Windows-1250 or even DOS code page 775 first, turning "è" into "č" or "Ķ": its
language-coherence score is not reliable on short names. ``--encoding`` overrides.
The delimiter is Excel's ``sep=`` first line if there is one, else sniffed among comma,
semicolon and tab. Row numbers are the line a record starts on, as an editor shows it. XLSX
is read with openpyxl, values only (never formulas), from the first sheet unless one is named.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from letterpipe.errors import SignatoryError

DELIMITERS = ",;\t"
#: Excel's delimiter directive, a first line such as ``sep=;``.
_SEP_RE = re.compile(r"^sep=(.)\r?\n?$")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Among equally plausible single-byte decodings, the ones form tools actually produce, first first.
_PREFERRED = ("cp1252", "cp1251", "cp1256", "cp1250", "cp1253", "cp1254", "cp1255", "cp1257", "latin_1")


@dataclass(frozen=True)
class Row:
    """One data row: its number as the user sees it (file line or spreadsheet row) and its cells."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    path: Path
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    #: How it was read, for the user: "UTF-8 with BOM, ';'-separated" or "XLSX, sheet 'Form responses 1'".
    description: str


def read_table(
    path: Path, encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None
) -> Table:
    """The export as a table; ``encoding``, ``delimiter`` and ``sheet`` override detection."""
    if not path.is_file():
        raise SignatoryError("export not found", path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    raw = path.read_bytes()
    text, how = decode(raw, path, encoding)
    return _read_csv(path, text, how, delimiter)


def decode(raw: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Text and a description of the encoding used (see the module docstring for the order)."""
    if encoding:
        try:
            codecs.lookup(encoding)
            return raw.decode(encoding), encoding
        except LookupError:
            raise SignatoryError(f"unknown encoding {encoding!r}", path) from None
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise SignatoryError(f"not valid {encoding}: byte {raw[exc.start]:#04x}", path, line) from None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), f"{name.replace('-sig', '').upper()} with BOM"
            except UnicodeDecodeError:
                if name != "utf-8-sig":
                    raise SignatoryError(
                        f"starts with a {name} byte-order mark but is not valid {name}", path
                    ) from None
            text, how = _detect(raw[len(bom) :], path)
            return text, f"{how}, after a UTF-8 byte-order mark that does not fit it"
    return _detect(raw, path)


def _detect(raw: bytes, path: Path) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        raise SignatoryError("cannot tell the text encoding; give it with --encoding (e.g. cp1252, utf-16)", path)
    least = min(m.chaos for m in results)
    ties = {m.encoding for m in results if m.chaos <= least}
    chosen = next((e for e in _PREFERRED if e in ties), best.encoding)
    return raw.decode(chosen), f"{chosen} (detected; override with --encoding)"


def _read_csv(path: Path, text: str, how: str, delimiter: str | None) -> Table:
    text = text.removeprefix("\ufeff")
    lines = text.splitlines(keepends=True)
    skipped = 0
    directive = _SEP_RE.match(lines[0]) if lines else None
    if directive:
        delimiter, skipped = delimiter or directive[1], 1
        lines = lines[1:]
    if not lines:
        raise SignatoryError("the export is empty", path)
    if delimiter is None:
        sample = "".join(lines[:50])
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
        except csv.Error:
            counts = {d: lines[0].count(d) for d in DELIMITERS}
            delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    try:
        header = [h.strip() for h in next(reader)]
        start = reader.line_num
        for row in reader:
            records.append((start + 1 + skipped, row))
            start = reader.line_num
    except csv.Error as exc:
        raise SignatoryError(f"malformed CSV: {exc}", path, reader.line_num + skipped) from None
    shown = {"\t": "tab", ",": "comma", ";": "semicolon"}.get(delimiter, repr(delimiter))
    return _table(path, header, records, f"{how}, {shown}-separated")


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SignatoryError(f"not a readable XLSX workbook: {exc}", path) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise SignatoryError(f"no sheet {sheet!r}; the workbook has {', '.join(book.sheetnames)}", path)
        ws = book[sheet] if sheet else book.worksheets[0]
        rows = [(n, [_cell_text(v) for v in values]) for n, values in enumerate(ws.iter_rows(values_only=True), 1)]
        title = ws.title
    finally:
        book.close()
    while rows and not any(c.strip() for c in rows[0][1]):
        rows.pop(0)
    if not rows:
        raise SignatoryError("the sheet is empty", path)
    header = [h.strip() for h in rows[0][1]]
    return _table(path, header, rows[1:], f"XLSX, sheet {title!r}")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(path: Path, header: list[str], records: list[tuple[int, list[str]]], description: str) -> Table:
    while header and not header[-1]:
        header.pop()
    if not header:
        raise SignatoryError("the export has no header row", path, 1)
    header = [h or f"(column {i})" for i, h in enumerate(header, 1)]
    seen: set[str] = set()
    for column in header:
        if column.casefold() in seen:
            raise SignatoryError(f"the export has two columns named {column!r}", path, 1)
        seen.add(column.casefold())
    rows: list[Row] = []
    for number, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if any(c.strip() for c in cells[len(header) :]):
            raise SignatoryError(f"row has {len(cells)} cells but the header names {len(header)} columns", path, number)
        padded = [*cells, *[""] * (len(header) - len(cells))]
        rows.append(Row(number, dict(zip(header, padded, strict=False))))
    return Table(path, tuple(header), tuple(rows), description)
