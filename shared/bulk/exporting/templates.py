"""The upload templates: a ZIP of the two CSV files with their header rows only (UTF-8 with BOM)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TextIO

from shared.bulk.columns import COLUMNS, TEMPLATE_NAMES, Kind, template_headers
from shared.bulk.csv_format import BOM, writer
from shared.bulk.exporting.zip_writer import build_zip


@dataclass(frozen=True)
class TemplateFile:
    content: bytes
    etag: str


@cache
def upload_templates() -> TemplateFile:
    """The same bytes every time (fixed member times), so the ETag is stable."""
    content = build_zip({TEMPLATE_NAMES[kind]: _header_writer(kind) for kind in (Kind.ORDERS, Kind.LINE_ITEMS)})
    return TemplateFile(content, hashlib.sha256(content).hexdigest())


def _header_writer(kind: Kind) -> Callable[[TextIO], None]:
    def write(stream: TextIO) -> None:
        stream.write(BOM)
        writer(stream).writerow(template_headers(kind))

    return write


TEMPLATE_NOTES = [
    "Order upload templates: fill in the sheets Orders and OrderLineItems and upload the workbook as it is.",
    "Text columns (references, codes, grades, names) are text cells: leading zeros and trailing decimal zeros are kept.",
    "Dates are date cells (shown YYYY-MM-DD); quantities are numbers (up to 4 decimals).",
    "Leave OrderId / OrderLineItemId empty for new rows; an empty cell clears that field, a missing column leaves it.",
    "The same rules and limits apply as to the CSV upload (see the API's README).",
]


@cache
def upload_templates_xlsx() -> TemplateFile:
    """The templates as one workbook: the typed sheets (header only) and a Notes sheet."""
    from shared.bulk.exporting.workbook import workbook_bytes

    columns = {kind: tuple(column for column in COLUMNS[kind] if not column.read_only) for kind in (Kind.ORDERS, Kind.LINE_ITEMS)}
    content = workbook_bytes({kind: tuple for kind in columns}, columns, notes=TEMPLATE_NOTES)
    return TemplateFile(content, hashlib.sha256(content).hexdigest())
