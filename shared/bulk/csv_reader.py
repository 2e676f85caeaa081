"""Uploaded CSV bytes -> the header and one tuple of cells per column.

Encodings: UTF-8 with or without a BOM; otherwise Windows-1252 (what Excel's plain "CSV" saves), with a
warning. Delimiter: comma or semicolon, whichever the header row uses. Parsing is the csv module with
``strict=True``, so an unterminated quote is an error with its line number instead of a swallowed file.
Text is decoded as it is read (no second copy of a large file in memory).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from dataclasses import dataclass, field

from shared.bulk.problems import Problems, fail
from shared.errors import PayloadTooLarge


@dataclass
class RawTable:
    file: str
    headers: list[str]
    columns: list[tuple[str, ...]]  # one per header, one cell per row
    row_numbers: list[int]  # each row's number as a spreadsheet shows it (header = 1)
    delimiter: str
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.row_numbers)


@dataclass
class _Records:
    headers: list[str]
    rows: list[list[str]]
    numbers: list[int]
    delimiter: str


def read_csv(file: str, data: bytes, max_rows: int, problems: Problems) -> RawTable:
    records, warnings = _decoded_records(file, data, max_rows)
    width = len(records.headers)
    if set(map(len, records.rows)) - {width}:  # some row is not as wide as the header
        for row, number in zip(records.rows, records.numbers, strict=True):
            if len(row) != width:
                _check_width(file, row, number, width, problems)
                row[:] = (row + [""] * width)[:width]
    columns: list[tuple[str, ...]] = list(zip(*records.rows, strict=True)) if records.rows else [() for _ in records.headers]
    return RawTable(file, records.headers, columns, records.numbers, records.delimiter, warnings)


def _decoded_records(file: str, data: bytes, max_rows: int) -> tuple[_Records, list[str]]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _records(file, data, "utf-8-sig", max_rows), []
        except UnicodeDecodeError as exc:
            fail(file, f"starts with a UTF-8 byte order mark but is not valid UTF-8 ({exc.reason}).")
    try:
        return _records(file, data, "utf-8", max_rows), []
    except UnicodeDecodeError:
        pass
    try:
        records = _records(file, data, "cp1252", max_rows)
    except UnicodeDecodeError:
        fail(file, "is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'.")
    return records, [f"{file} is not UTF-8; it was read as Windows-1252. Save it as 'CSV UTF-8' to keep every character."]


def _records(file: str, data: bytes, encoding: str, max_rows: int) -> _Records:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="strict", newline="")
    first = stream.readline()
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
    records = _Records([], [], [], delimiter)
    complete_lines = 0  # physical lines of the records read so far: a broken record starts on the next one
    try:
        for number, row in enumerate(reader, start=1):
            complete_lines = reader.line_num
            if number == 1:
                records.headers = [cell.strip() for cell in row] if any(cell.strip() for cell in row) else []
            elif row and (row[0] or any(row)):  # blank lines, and the empty rows spreadsheets leave, are skipped
                records.rows.append(row)
                records.numbers.append(number)
                if len(records.rows) > max_rows:
                    raise PayloadTooLarge(f"{file} has more than {max_rows} rows; split it into several uploads.")
    except csv.Error as exc:
        fail(file, f"is not valid CSV from line {complete_lines + 1}: {exc}.", line=complete_lines + 1)
    if not records.headers:
        fail(file, "is empty; the first row must be the header.", row=1)
    return records


def _check_width(file: str, row: list[str], number: int, width: int, problems: Problems) -> None:
    # Empty cells beyond the header are what spreadsheets leave behind; anything else is misaligned data.
    if len(row) < width or any(cell.strip() for cell in row[width:]):
        problems.add(file, f"has {len(row)} cells but the header has {width} columns", row=number)
