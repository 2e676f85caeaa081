"""The upload templates: a ZIP of the two CSV files with their header rows only (UTF-8 with BOM)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TextIO

from shared.bulk.columns import TEMPLATE_NAMES, Kind, template_headers
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
