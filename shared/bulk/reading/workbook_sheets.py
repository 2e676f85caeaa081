"""A checked XLSX workbook's sheets -> the CSV files the CSV path reads (issue 18), with calamine (python-calamine).

Runs in the bounded child process of ``workbook_child``: calamine (Rust) reads a sheet whole into a dense grid of
its extent, so a workbook of three cells, one of them at ``XFD1048576``, asks for hundreds of gigabytes and aborts
the process. The child's address-space limit turns that into a refused upload, never a dead worker.

Each sheet whose header row names orders or line items columns becomes one CSV file, ``<file> (sheet <name>)``,
every row kept in place so the row numbers are the spreadsheet's. Cells become the text the CSV path parses:
dates ``YYYY-MM-DD``, numbers plain decimal text, booleans ``true``/``false``, text as it is (text cells stay text:
``00123`` and ``1.4310`` are read as they were typed). calamine reads cached formula results, never formulas, and
its XML parser (quick-xml) expands no DTD entities.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from shared.bulk.columns import kind_of
from shared.bulk.csv_format import csv_bytes
from shared.db.values import plain_decimal
from shared.errors import BadRequest, PayloadTooLarge

Sheets = list[tuple[str, bytes]]  # (file name, CSV bytes)


def sheets_as_csv(name: str, data: bytes, max_rows: int) -> Sheets:
    """The workbook's orders and line items sheets as CSV files (at most ``max_rows`` data rows each)."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several kinds for a damaged workbook
        raise BadRequest(f"{name} is not a readable Excel workbook ({type(exc).__name__}).") from None
    with book:
        files = []
        for sheet_name in book.sheet_names:
            try:
                rows = book.get_sheet_by_name(sheet_name).iter_rows()
            except Exception as exc:
                raise BadRequest(f"{name}: sheet {sheet_name} is not readable ({type(exc).__name__}).") from None
            if (file := _sheet_csv(f"{name} (sheet {sheet_name})", rows, max_rows)) is not None:
                files.append(file)
    if not files:
        raise BadRequest(f"{name} has no sheet whose first row names orders or line items columns (e.g. OrderReference).")
    return files


def _sheet_csv(file: str, rows: Iterator[list[Any]], max_rows: int) -> tuple[str, bytes] | None:
    header = [_text(value).strip() for value in next(rows, ())]
    if kind_of(header) is None:
        return None
    header = _trimmed(header)
    width = len(header)
    cells = (_fitted(list(map(_text, row)), width) for row in rows)
    body = list(_limited(file, cells, max_rows))
    while body and not any(body[-1]):
        body.pop()  # the empty rows below the data that some programs keep
    return file, csv_bytes(header, body)


def _fitted(row: list[str], width: int) -> list[str]:
    """The row as wide as the header: cut where the cells beyond the header are empty; a filled one is kept, for
    the CSV path to report. (calamine gives every row of a sheet the same length, that of the header row before
    its empty end was trimmed, so no row is narrower than the header.)"""
    return row[:width] if not any(row[width:]) else row


def _limited(file: str, rows: Iterable[list[str]], max_rows: int) -> Iterator[list[str]]:
    filled = 0
    for row in rows:
        if any(row):
            filled += 1
            if filled > max_rows:
                raise PayloadTooLarge(f"{file} has more than {max_rows} rows; split it into several uploads.")
        yield row


def _trimmed(header: list[str]) -> list[str]:
    while header and not header[-1]:
        header.pop()
    return header


def _text(value: Any) -> str:
    """A cell as the CSV path's text. python-calamine gives an XLSX cell as one of these types (an empty, error or
    formula-without-result cell as ""; numbers always as float, a midnight date-time as a date unless the cell is
    an ISO date-time, ``t="d"``)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):  # Decimal(repr()): the shortest text that reads back as the float (0.1, not 0.1000…)
        return plain_decimal(Decimal(repr(value)))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    # the one type left, a timedelta (a duration-formatted number): its value in days, as a number cell would be
    return plain_decimal(Decimal(repr(value.total_seconds() / 86400)))
