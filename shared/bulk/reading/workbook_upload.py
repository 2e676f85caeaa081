"""An uploaded XLSX workbook -> the same CSV files the CSV path reads (issue 18), so one import serves both.

A file is a workbook by its content: a ZIP holding ``xl/workbook.xml`` (an ODS spreadsheet is refused with a 415).
A workbook is a ZIP, so before openpyxl opens it the ZIP limits of ``zip_upload`` apply: the central directory's
size is bounded, members must be plain (not encrypted) and stored or deflated, at most ``MAX_MEMBERS`` of them,
and inflating every member is counted against ``XLSX_EXPANSION`` times the upload limit (XML is several times
the size of the same rows as CSV). openpyxl then reads it with ``read_only=True, data_only=True`` (cached formula
results, never formulas; defusedxml guards its XML parsing).

Each sheet whose header row names orders or line items columns becomes one CSV file, ``<file> (sheet <name>)``,
every row kept in place so the row numbers are the spreadsheet's. Cells become the text the CSV path parses:
dates ``YYYY-MM-DD``, numbers plain decimal text, booleans ``true``/``false``, text as it is.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from shared.bulk.columns import kind_of
from shared.bulk.csv_format import csv_bytes
from shared.bulk.reading.files import UploadedFile
from shared.bulk.reading.zip_upload import check_directory_size, check_plain_member
from shared.db.values import plain_decimal
from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_MEMBERS = 1000  # a workbook of two sheets has about a dozen parts
XLSX_EXPANSION = 10  # unpacked parts may hold this many times the upload limit
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def workbook_files(name: str, data: bytes, max_bytes: int, max_rows: int) -> list[UploadedFile]:
    """The workbook's orders and line items sheets as CSV files (at most ``max_rows`` data rows each)."""
    members = _checked_members(name, data, max_bytes)
    if "mimetype" in members and _ODS in _member(data, "mimetype")[:100]:
        raise UnsupportedMediaType(f"{name} is an OpenDocument spreadsheet (ODS); save it as Excel (.xlsx) or CSV UTF-8.")
    if "xl/workbook.xml" not in members:
        raise UnsupportedMediaType(f"{name} is a ZIP file but not an Excel workbook; upload CSV files, or an .xlsx workbook.")
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise BadRequest(f"{name} is not a readable Excel workbook ({type(exc).__name__}).") from None
    try:
        files = [file for sheet in book.worksheets if (file := _sheet_csv(name, sheet, max_rows)) is not None]
    finally:
        book.close()
    if not files:
        raise BadRequest(f"{name} has no sheet whose first row names orders or line items columns (e.g. OrderReference).")
    return files


def _checked_members(name: str, data: bytes, max_bytes: int) -> set[str]:
    check_directory_size(name, data)
    budget = XLSX_EXPANSION * max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise BadRequest(f"{name} holds {len(infos)} parts; a workbook may hold at most {MAX_MEMBERS}.")
            for info in infos:
                check_plain_member(name, info)
                budget -= _inflated_size(archive, info, budget, name)
            return {info.filename for info in infos}
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BadRequest(f"{name} is not a readable ZIP file: {exc}.") from None


def _inflated_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> int:
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(1024 * 1024):
            size += len(chunk)
            if size > budget:
                raise PayloadTooLarge(f"{name} unpacks to more than {XLSX_EXPANSION} times the bytes an upload may have.")
    return size


def _member(data: bytes, member: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as opened:
        return opened.read(200)


def _sheet_csv(name: str, sheet: Any, max_rows: int) -> UploadedFile | None:
    sheet.reset_dimensions()  # the sheet's declared size is the writer's claim: rows are read as they are
    rows = sheet.iter_rows(values_only=True)
    header = [_text(value).strip() for value in next(rows, ())]
    if kind_of(header) is None:
        return None
    header = _trimmed(header)
    width = len(header)
    cells = (_fitted(list(map(_text, row)), width) for row in rows)
    body = list(_limited(f"{name} (sheet {sheet.title})", cells, max_rows))
    while body and not any(body[-1]):
        body.pop()  # the empty rows below the data that some programs keep
    return UploadedFile(f"{name} (sheet {sheet.title})", csv_bytes(header, body))


def _fitted(row: list[str], width: int) -> list[str]:
    """The row as wide as the header: padded (a row ends at its last filled cell), or cut where the cells beyond
    the header are empty; a filled one is kept, for the CSV path to report."""
    if len(row) < width:
        return row + [""] * (width - len(row))
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
    """A cell as the CSV path's text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_decimal(Decimal(repr(value)))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
