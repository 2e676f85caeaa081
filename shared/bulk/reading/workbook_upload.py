"""An uploaded XLSX workbook -> the same CSV files the CSV path reads (issue 18), so one import serves both.

A file is a workbook by its content: a ZIP holding ``xl/workbook.xml`` (an ODS spreadsheet is refused with a 415).
A workbook is a ZIP, so before any spreadsheet reader opens it the ZIP limits of ``zip_upload`` apply: the central
directory's size is bounded, members must be plain (not encrypted) and stored or deflated, at most ``MAX_MEMBERS``
of them, and inflating every member is counted against ``XLSX_EXPANSION`` times the upload limit (XML is several
times the size of the same rows as CSV). Then python-calamine reads the sheets (cached formula results, never
formulas) in a child process with a memory and CPU budget (``workbook_child``, ``workbook_sheets``): each sheet
whose header row names orders or line items columns becomes one CSV file, ``<file> (sheet <name>)``, its rows kept
in place so the row numbers are the spreadsheet's.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from shared.bulk.reading.files import UploadedFile
from shared.bulk.reading.zip_upload import check_directory_size, check_plain_member
from shared.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_MEMBERS = 1000  # a workbook of two sheets has about a dozen parts
XLSX_EXPANSION = 10  # unpacked parts may hold this many times the upload limit
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def workbook_files(name: str, data: bytes, max_bytes: int, max_rows: int) -> list[UploadedFile]:
    """The workbook's orders and line items sheets as CSV files (at most ``max_rows`` data rows each)."""
    members = _checked_members(name, data, max_bytes)
    if "mimetype" in members and _ODS in _member(data, "mimetype", 100):  # an ODS file's first member names its type
        raise UnsupportedMediaType(f"{name} is an OpenDocument spreadsheet (ODS); save it as Excel (.xlsx) or CSV UTF-8.")
    if "xl/workbook.xml" not in members:
        raise UnsupportedMediaType(f"{name} is a ZIP file but not an Excel workbook; upload CSV files, or an .xlsx workbook.")
    from shared.bulk.reading.workbook_child import read_bounded

    return [UploadedFile(file, content) for file, content in read_bounded(name, data, max_rows)]


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


def _member(data: bytes, member: str, size: int) -> bytes:
    """The member's first ``size`` bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(member) as opened:
        return opened.read(size)
