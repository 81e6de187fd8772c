"""The signatory file as records of raw cells, private columns included, for editing in place.

The loader (``signatories.load_signatories``) is the only judge of what the file means; this
module just keeps every record's original text so an import rewrites only the rows it changes
and appends the ones it adds. A late signatory is appended at the end of the file: with
``order: as listed`` it is still printed with its group.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from letterpipe.errors import SignatoryError
from letterpipe.source.signatories import COLUMNS, PRIVATE_PREFIX, duplicate_key, is_private


@dataclass
class Record:
    line: int
    cells: dict[str, str]
    #: The record's original text, or None once it must be written anew.
    text: str | None


@dataclass
class ListFile:
    path: Path
    columns: list[str]
    records: list[Record] = field(default_factory=list)
    newline: str = "\n"
    added_columns: list[str] = field(default_factory=list)
    #: Columns the letter header declares private (``private:``), lower case.
    declared: tuple[str, ...] = ()
    _index: dict[str, Record] | None = field(default=None, repr=False)

    @classmethod
    def read(cls, path: Path, declared: tuple[str, ...] = ()) -> ListFile:
        """The file as it is; a missing file is an empty list with the header ``group,name,role``."""
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            return cls(path, ["group", "name", "role"], declared=declared)
        except UnicodeDecodeError:
            raise SignatoryError("not valid UTF-8", path) from None
        lines = text.splitlines(keepends=True)
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        reader = csv.reader(lines, strict=True)
        try:
            columns = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            return cls(path, ["group", "name", "role"], declared=declared)
        except csv.Error as exc:
            raise SignatoryError(f"malformed CSV: {exc}", path, 1) from None
        out = cls(path, columns, newline=newline, declared=declared)
        start = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise SignatoryError(f"malformed CSV: {exc}", path, reader.line_num) from None
            raw = "".join(lines[start : reader.line_num])
            line, start = start + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                out.records.append(Record(line, {}, raw))
                continue
            if len(row) != len(columns):
                raise SignatoryError(f"expected {len(columns)} columns, found {len(row)}", path, line)
            out.records.append(Record(line, dict(zip(columns, row, strict=True)), raw))
        return out

    def find(self, name: str) -> Record | None:
        """The listed record the loader would call a duplicate of ``name``, if any."""
        if self._index is None:
            self._index = {}
            for record in self.records:
                if record.cells.get("name"):
                    self._index.setdefault(duplicate_key(record.cells["name"]), record)
        return self._index.get(duplicate_key(name))

    def column_for(self, field_name: str) -> str:
        """The file's column for a published field (group, name, role, lang), added if missing."""
        if field_name not in COLUMNS:
            raise ValueError(f"{field_name!r} is not a published field")
        return self._column(field_name, add=True)

    def private_column(self, export_column: str, add: bool = True) -> str:
        """Where an export's private column is stored: a name the loader drops, never a published one.

        The same name when the letter header declares it private, else ``private:<name>``.
        """
        wanted = " ".join(export_column.strip().lower().split())
        if not wanted.startswith(PRIVATE_PREFIX) and not (is_private(wanted, self.declared) and wanted not in COLUMNS):
            wanted = PRIVATE_PREFIX + wanted
        return self._column(wanted, add)

    def _column(self, column: str, add: bool) -> str:
        if column in self.columns or not add:
            return column
        self.columns.append(column)
        self.added_columns.append(column)
        for record in self.records:
            if record.cells:
                record.cells[column] = ""
                record.text = None
        return column

    def update(self, record: Record, cells: dict[str, str]) -> None:
        record.cells.update(cells)
        record.text = None
        self._index = None

    def append(self, cells: dict[str, str]) -> None:
        self._index = None
        self.records.append(Record(0, {c: cells.get(c, "") for c in self.columns}, None))

    def render(self) -> bytes:
        out = [self._row(self.columns) if self.added_columns or not self.path.exists() else None]
        if out[0] is None:
            out[0] = self.path.read_bytes().decode("utf-8-sig").splitlines(keepends=True)[0]
        for record in self.records:
            if record.text is not None:
                out.append(record.text if record.text.endswith(("\n", "\r")) else record.text + self.newline)
            elif record.cells:
                out.append(self._row([record.cells.get(c, "") for c in self.columns]))
        return "".join(out).encode("utf-8")

    def _row(self, cells: list[str]) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=self.newline).writerow(cells)
        return buffer.getvalue()
