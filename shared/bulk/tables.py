"""A read CSV file -> an ``ImportTable``: the values of each recognised column, typed, with every bad cell reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.bulk.cells import convert
from shared.bulk.columns import COLUMNS, Column, Kind, column_for
from shared.bulk.csv_format import restore
from shared.bulk.csv_reader import RawTable
from shared.bulk.problems import Problems

_HEADERS = {kind: {column.field: column.header for column in columns} for kind, columns in COLUMNS.items()}
_UNKNOWN_HINT = {
    Kind.ORDERS: "in an orders file (a line items file is one with a LineNumber or OrderLineItemId column)",
    Kind.LINE_ITEMS: "in a line items file",
}


@dataclass
class ImportTable:
    file: str
    kind: Kind
    row_numbers: list[int]
    values: dict[str, list[Any]] = field(default_factory=dict)  # field -> one value per row (present columns only)
    headers: dict[str, str] = field(default_factory=dict)  # field -> the header as the file spells it
    bad_rows: set[int] = field(default_factory=set)  # rows with a bad cell: reported already, not planned

    @property
    def rows(self) -> int:
        return len(self.row_numbers)

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str, index: int) -> Any:
        column = self.values.get(name)
        return None if column is None else column[index]

    def report(self, problems: Problems, index: int, name: str | None, message: str) -> None:
        """Report a problem of row ``index`` (in the named column) and leave the row out of planning."""
        column = None if name is None else self.headers.get(name) or _HEADERS[self.kind][name]
        problems.add(self.file, message, row=self.row_numbers[index], column=column)
        self.bad_rows.add(index)


def build_table(raw: RawTable, kind: Kind, problems: Problems) -> ImportTable:
    table = ImportTable(raw.file, kind, raw.row_numbers)
    for position, header in enumerate(raw.headers):
        cells, raw.columns[position] = raw.columns[position], ()  # let the text go as soon as it is converted
        column = _recognised(raw, table, position, header, cells, problems)
        if column is not None:
            _convert(table, column, header, cells, raw.delimiter == ";", problems)
    return table


def _recognised(raw: RawTable, table: ImportTable, position: int, header: str, cells: tuple[str, ...], problems: Problems) -> Column | None:
    if not header:
        filled = next((index for index, cell in enumerate(cells) if cell.strip()), None)
        if filled is not None:
            problems.add(raw.file, f"column {position + 1} has no header but holds values", row=raw.row_numbers[filled])
        return None
    column = column_for(table.kind, header)
    if column is None:
        problems.add(raw.file, f"unknown column '{header}' {_UNKNOWN_HINT[table.kind]}", row=1, column=header)
        return None
    if column.field in table.headers:
        problems.add(raw.file, f"column '{header}' appears more than once", row=1, column=header)
        return None
    table.headers[column.field] = header
    return None if column.read_only else column


def _convert(table: ImportTable, column: Column, header: str, cells: tuple[str, ...], decimal_comma: bool, problems: Problems) -> None:
    if column.free_text and _any_starts_with_apostrophe(cells):
        cells = tuple(restore(cell) if cell[:1] == "'" else cell for cell in cells)
    values, errors = convert(column.kind, cells, decimal_comma=decimal_comma)
    for index, message in errors:
        table.report(problems, index, column.field, message)
    table.values[column.field] = values


def _any_starts_with_apostrophe(cells: tuple[str, ...]) -> bool:
    # One scan of the joined column instead of a Python-level test per cell (a NUL inside a cell can only
    # make this say yes needlessly, which is harmless).
    return "\x00'" in "\x00" + "\x00".join(cells)
