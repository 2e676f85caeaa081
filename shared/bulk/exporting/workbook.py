"""The export and the templates as one typed XLSX workbook (issue 18), written with openpyxl's write-only mode.

Sheets ``Orders`` and ``OrderLineItems`` have the CSV files' columns and cells (free text neutralised against
formulas exactly as in the CSV, so that one upload path reads both), typed: text columns as text cells, dates as
dates, quantities as numbers shown with 4 decimals, line numbers as whole numbers. The header row is frozen and the
columns are sized. openpyxl is imported here only, when a workbook is written (never at ``function_app`` import).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from shared.bulk.columns import COLUMNS, Column, Kind

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAMES = {Kind.ORDERS: "Orders", Kind.LINE_ITEMS: "OrderLineItems"}
DATE_FORMAT = "yyyy-mm-dd"
QUANTITY_FORMAT = "0.0000"
_WIDTHS = {"guid": 38, "date": 12, "quantity": 14, "positive_quantity": 14, "line_number": 11, "status": 12, "text500": 40,
           "text2000": 40}
_TIMESTAMP_WIDTH = 29

Rows = Iterable[list[list[Any]]]  # pages of rows of CSV cells


def workbook_bytes(sheets: dict[Kind, Callable[[], Rows]], columns: dict[Kind, tuple[Column, ...]] | None = None,
                   notes: list[str] | None = None) -> bytes:
    """One sheet per kind, with the given columns (default: the export's), filled from pages of CSV-cell rows; with
    ``notes``, a last sheet ``Notes`` of one line per row."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for kind, pages in sheets.items():
        sheet_columns = (columns or COLUMNS)[kind]
        sheet = book.create_sheet(SHEET_NAMES[kind])
        _prepare(sheet, sheet_columns)
        sheet.append([column.header for column in sheet_columns])
        cells = [_TypedCell(sheet, column.kind) for column in sheet_columns]
        for page in pages():
            for row in page:
                sheet.append([cell.holding(value) for cell, value in zip(cells, row, strict=True)])
    if notes is not None:
        notes_sheet = book.create_sheet("Notes")
        notes_sheet.column_dimensions["A"].width = 120
        for line in notes:
            notes_sheet.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _prepare(sheet: WriteOnlyWorksheet, columns: tuple[Column, ...]) -> None:
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    for position, column in enumerate(columns, start=1):
        width = _TIMESTAMP_WIDTH if column.field in ("created_at", "updated_at") else _WIDTHS.get(column.kind, 20)
        dimension = sheet.column_dimensions[get_column_letter(position)]
        dimension.width = max(width, len(column.header) + 2)
        dimension.number_format = _FORMATS.get(column.kind, "@")  # what a clerk types into an empty cell is typed too


class _TypedCell:
    """One styled cell per column, refilled for each row: a write-only sheet writes a row as it is appended, and
    styling a new cell per value costs more than the rest of the export."""

    def __init__(self, sheet: WriteOnlyWorksheet, kind: str) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.cell = WriteOnlyCell(sheet)
        self.convert = _CONVERT.get(kind, str)
        self.text = kind not in _CONVERT
        self.cell.number_format = _FORMATS.get(kind, "@")

    def holding(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        self.cell.value = self.convert(value)
        if self.text:
            self.cell.data_type = "s"  # never a formula, whatever the text
        return self.cell


def _date(value: Any) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value))


_CONVERT: dict[str, Callable[[Any], Any]] = {"date": _date, "quantity": _decimal, "positive_quantity": _decimal, "line_number": int}
_FORMATS = {"date": DATE_FORMAT, "quantity": QUANTITY_FORMAT, "positive_quantity": QUANTITY_FORMAT, "line_number": "0"}
