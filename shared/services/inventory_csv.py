"""Reading the ``import-inventory`` CSV: header to fields, rows to cells, with every header problem at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from shared.errors import BadRequest, ErrorItem, PayloadTooLarge

# Header key (lowercase, no spaces or underscores) -> the import row's field alias.
COLUMNS = {
    "name": "name",
    "quantity": "quantity",
    "unit": "unit",
    "heatnumber": "heatNumber",
    "materialgrade": "materialGrade",
    "certificatefile": "certificateFile",
}
REQUIRED = ("Name", "Quantity")
EXPECTED = "Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateFile"

Record = tuple[int, dict[str, str]]  # CSV row number (the header is row 1), field alias -> cell


def read_records(path: Path, max_rows: int) -> tuple[list[Record], list[ErrorItem]]:
    """The file's data rows, and an error for each row whose number of cells differs from the header's.

    Blank lines are skipped; a file that cannot be read as CSV at all, or whose header is unusable, is a 400.
    """
    return read_bytes_records(path.name, path.read_bytes(), max_rows)


def read_bytes_records(name: str, content: bytes, max_rows: int) -> tuple[list[Record], list[ErrorItem]]:
    """As ``read_records``, for a file already in memory (an HTTP upload)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest(f"{name} is not UTF-8 text.") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    try:
        return _records(name, reader, max_rows)
    except csv.Error as exc:
        raise BadRequest(f"{name} is not valid CSV: {exc} (line {reader.line_num}).") from None


def _records(name: str, reader: Iterator[list[str]], max_rows: int) -> tuple[list[Record], list[ErrorItem]]:
    header = next(reader, None)
    if header is None:
        raise BadRequest(f"{name} is empty; a header row {EXPECTED} was expected.")
    fields = _fields(header)
    records: list[Record] = []
    errors: list[ErrorItem] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(records) >= max_rows:
            raise PayloadTooLarge(f"{name} has more than {max_rows} rows.")
        if len(cells) != len(fields):
            errors.append({"row": number, "message": f"has {len(cells)} cells; the header has {len(fields)}"})
            continue
        records.append((number, dict(zip(fields, cells, strict=True))))
    return records, errors


def _fields(header: list[str]) -> list[str]:
    keys = [title.strip().lower().replace(" ", "").replace("_", "") for title in header]
    errors: list[ErrorItem] = [
        {"row": 1, "column": title, "message": "unknown column"} for title, key in zip(header, keys, strict=True) if key not in COLUMNS
    ]
    errors += [{"row": 1, "column": title, "message": "repeated column"} for title in _repeated(keys)]
    errors += [{"row": 1, "column": title, "message": "required column is missing"} for title in REQUIRED if title.lower() not in keys]
    if errors:
        raise BadRequest(f"The header row is not usable; the columns are {EXPECTED}.", errors)
    return [COLUMNS[key] for key in keys]


def _repeated(keys: list[str]) -> list[str]:
    return sorted({key for key in keys if keys.count(key) > 1})


def _delimiter(text: str) -> str:
    """Comma, or semicolon when the header row uses semicolons only (as spreadsheets in many locales save)."""
    first = text.split("\n", 1)[0]
    return ";" if ";" in first and "," not in first else ","
