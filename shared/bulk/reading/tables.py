"""A read CSV file -> an ``ImportTable``: the values of each recognised column, typed, with every bad cell reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from shared.bulk.columns import COLUMNS, Column, Kind, column_for
from shared.bulk.csv_format import restore
from shared.bulk.reading.cells_to_values import convert
from shared.bulk.reading.csv_reader import RawTable
from shared.bulk.reading.upload_problems import Problems

_SURROGATE = re.compile("[\ud800-\udfff]")
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
    decimal_comma: bool = False  # a semicolon-separated file (where a comma-decimal spreadsheet wrote it)
    accept_reformatted: bool = False  # the upload's acceptReformatted: spreadsheet damage is applied as an edit
    suspects: set[int] | None = None  # rows with a text a spreadsheet may have changed (shared.bulk.planning.damage)

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


@dataclass
class Layout:
    """Which header positions of a file are read, as which columns (decided from the header row alone)."""

    kind: Kind
    columns: dict[int, Column] = field(default_factory=dict)  # position -> a column the import applies
    headers: dict[str, str] = field(default_factory=dict)  # field -> the header as the file spells it (read-only ones too)


def layout(file: str, headers: list[str], kind: Kind, problems: Problems) -> Layout:
    """Unknown and repeated columns are reported (row 1) and not read; read-only ones are recognised, not read."""
    found = Layout(kind)
    for position, header in enumerate(headers):
        column = column_for(kind, header) if header else None
        if header and column is None:
            problems.add(file, f"unknown column '{header}' {_UNKNOWN_HINT[kind]}", row=1, column=header)
        elif column is not None and column.field in found.headers:
            problems.add(file, f"column '{header}' appears more than once", row=1, column=header)
        elif column is not None:
            found.headers[column.field] = header
            if not column.read_only:
                found.columns[position] = column
    return found


def build_table(raw: RawTable, columns: Layout, problems: Problems) -> ImportTable:
    table = ImportTable(raw.file, columns.kind, raw.row_numbers, headers=dict(columns.headers), decimal_comma=raw.delimiter == ";")
    for position, column in columns.columns.items():
        cells = raw.columns.pop(position)  # let the text go as soon as it is converted
        _convert(table, column, cells, raw, problems)
    return table


def _convert(table: ImportTable, column: Column, cells: tuple[str, ...], raw: RawTable, problems: Problems) -> None:
    if raw.may_hold_surrogates:
        cells = _without_invalid_text(table, column, cells, problems)
    if column.free_text and raw.may_hold_apostrophes and _any_starts_with_apostrophe(cells):
        cells = tuple(restore(cell) if cell[:1] == "'" else cell for cell in cells)
    values, errors = convert(column.kind, cells, decimal_comma=raw.delimiter == ";")
    for index, message in errors:
        table.report(problems, index, column.field, quoting(cells[index], message))
    table.values[column.field] = values


def _without_invalid_text(table: ImportTable, column: Column, cells: tuple[str, ...], problems: Problems) -> tuple[str, ...]:
    """A lone UTF-16 surrogate (UTF-8 that encodes one) is no text a database can store: the cell is reported (and
    read as empty, so that it is reported once)."""
    if _SURROGATE.search("".join(cells)) is None:  # one scan of the column
        return cells
    bad = [index for index, cell in enumerate(cells) if _SURROGATE.search(cell)]
    for index in bad:
        table.report(problems, index, column.field, "is not valid text: it holds a lone UTF-16 surrogate (invalid UTF-8)")
    return tuple("" if _SURROGATE.search(cell) else cell for cell in cells)


def quoting(cell: str, message: str, longest: int = 60) -> str:
    """A cell's error message that quotes the cell's value (shortened when long) unless it does already."""
    shown = cell.strip()
    if f"'{shown}'" in message:
        return message
    return f"{message} (got '{shown if len(shown) <= longest else shown[:longest] + '…'}')"


def _any_starts_with_apostrophe(cells: tuple[str, ...]) -> bool:
    # One scan of the joined column instead of a Python-level test per cell (a NUL inside a cell can only
    # make this say yes needlessly, which is harmless).
    return "\x00'" in "\x00" + "\x00".join(cells)
