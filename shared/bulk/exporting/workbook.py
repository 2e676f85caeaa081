"""The export and the templates as one typed XLSX workbook (issue 18): XlsxWriter writes the workbook, its data rows are
streamed in by ``sheet_rows``.

Sheets ``Orders`` and ``OrderLineItems`` have the CSV files' columns and cells (free text neutralised against
formulas exactly as in the CSV, so that one upload path reads both), typed: text columns as text cells (format
``@``, written as strings, never formulas), dates as dates, quantities as numbers shown with 4 decimals, line numbers
as whole numbers. The header row is frozen and the columns are sized and carry their format, so that what a clerk
types into an empty cell is typed too. XlsxWriter writes every part of the workbook (styles, columns, frozen pane,
header rows, the Notes sheet, properties); the data rows, nearly all of the bytes, are then streamed into the
sheets' ``sheetData`` a page at a time as the ZIP is written (``sheet_rows``: XlsxWriter's per-cell calls cost
several times the whole CSV export), so memory holds one page of rows and the compressed result. The sheet's
``dimension`` element (optional) is left out: its extent is known only at the end. XlsxWriter is imported here
only, when a workbook is written (never at ``function_app`` import).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from shared.bulk.columns import COLUMNS, Column, Kind
from shared.bulk.exporting.sheet_rows import SheetColumn, column_letter, rows_xml

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAMES = {Kind.ORDERS: "Orders", Kind.LINE_ITEMS: "OrderLineItems"}
DATE_FORMAT = "yyyy-mm-dd"
QUANTITY_FORMAT = "0.0000"
TEXT_FORMAT = "@"
_WIDTHS = {"guid": 38, "date": 12, "quantity": 14, "positive_quantity": 14, "line_number": 11, "status": 12, "text500": 40,
           "text2000": 40}
_TIMESTAMP_WIDTH = 29
_FIXED_CREATED = datetime(2026, 1, 1)  # the document's "created" property: the same bytes for the same content (ETags)

Pages = Iterable[Sequence[Sequence[Any]]]  # pages of CSV cells, each as its columns (export.Columns)


def workbook_bytes(sheets: dict[Kind, Callable[[], Pages]], columns: dict[Kind, tuple[Column, ...]] | None = None,
                   notes: list[str] | None = None) -> bytes:
    """One sheet per kind, with the given columns (default: the export's), filled from pages of CSV cells (as columns); with
    ``notes``, a last sheet ``Notes`` of one line per row."""
    from xlsxwriter import Workbook

    skeleton = io.BytesIO()
    book = Workbook(skeleton, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                               "strings_to_urls": False})
    book.set_properties({"created": _FIXED_CREATED})
    by_format = {number_format: book.add_format({"num_format": number_format}) for number_format in set(_FORMATS.values())}
    formats = {kind: by_format[number_format] for kind, number_format in _FORMATS.items()}
    kinds = {kind: (columns or COLUMNS)[kind] for kind in sheets}
    for kind, sheet_columns in kinds.items():
        _prepare(book.add_worksheet(SHEET_NAMES[kind]), sheet_columns, formats)
    if notes is not None:
        _notes(book, notes)
    book.close()
    fills = {f"xl/worksheets/sheet{number}.xml": (sheets[kind], _sheet_columns(kinds[kind], formats))
             for number, kind in enumerate(kinds, start=1)}
    return _filled(skeleton.getvalue(), fills)


def _prepare(sheet: Worksheet, columns: tuple[Column, ...], formats: dict[str, Format]) -> None:
    sheet.freeze_panes(1, 0)
    for position, column in enumerate(columns):
        width = _TIMESTAMP_WIDTH if column.field in ("created_at", "updated_at") else _WIDTHS.get(column.kind, 20)
        sheet.set_column(position, position, max(width, len(column.header) + 2), formats[_kind(column)])
        sheet.write_string(0, position, column.header)


def _notes(book: Workbook, notes: list[str]) -> None:
    sheet = book.add_worksheet("Notes")
    sheet.set_column(0, 0, 120)
    for row, line in enumerate(notes):
        sheet.write_string(row, 0, line)


def _sheet_columns(columns: tuple[Column, ...], formats: dict[str, Format]) -> list[SheetColumn]:
    return [SheetColumn(column_letter(position), formats[_kind(column)].xf_index, _CELL_KINDS.get(_kind(column), "text"))
            for position, column in enumerate(columns)]


def _filled(skeleton: bytes, fills: dict[str, tuple[Callable[[], Pages], list[SheetColumn]]]) -> bytes:
    """The skeleton's parts, the data sheets with their rows streamed in after the header row."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESS_LEVEL) as target:
        for info in source.infolist():
            part = source.read(info)
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)  # XlsxWriter's fixed time: same bytes
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename not in fills:
                target.writestr(entry, part)
                continue
            head, tail = part.decode("utf-8").split("</sheetData>")
            pages, sheet_columns = fills[info.filename]
            with target.open(entry, "w", force_zip64=True) as member:
                member.write(_DIMENSION.sub("", head).encode("utf-8"))  # the rows' count is known at the end only
                number = 2
                for page in pages():
                    member.write(rows_xml(page, sheet_columns, number).encode("utf-8"))
                    number += len(page[0])
                member.write(f"</sheetData>{tail}".encode())
    return out.getvalue()


def _kind(column: Column) -> str:
    return column.kind if column.kind in _FORMATS else "text"


_FORMATS = {"date": DATE_FORMAT, "quantity": QUANTITY_FORMAT, "positive_quantity": QUANTITY_FORMAT, "line_number": "0",
            "text": TEXT_FORMAT}
_CELL_KINDS = {"date": "date", "quantity": "number", "positive_quantity": "number", "line_number": "number"}
_DIMENSION = re.compile(r"<dimension [^>]*/>")
_COMPRESS_LEVEL = 6
