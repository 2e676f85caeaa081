"""The CSV dialect of every file we write, and formula-injection neutralising that the upload reverses.

Files are UTF-8 with a BOM (so Excel reads them as UTF-8) and CRLF line ends. A free-text cell that a
spreadsheet would take for a formula (it starts with ``= + - @``, tab, CR or LF, possibly behind apostrophes)
gets one more leading apostrophe; on upload exactly one is removed again from such cells. So
``restore(neutralise(x)) == x`` for every text, and a literal ``'=x`` survives the round trip
(SECURITY_NOTES §2). Typed columns (ids, numbers, dates, timestamps) are never touched.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

BOM = "\ufeff"
ENCODING = "utf-8"
LINE_TERMINATOR = "\r\n"

_NEEDS_GUARD = re.compile(r"'*[=+\-@\t\r\n]")
_GUARDED = re.compile(r"'+[=+\-@\t\r\n]")


class CsvWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...

    def writerows(self, rows: Iterable[Iterable[Any]], /) -> None: ...


def needs_guard(text: str) -> bool:
    """Whether a spreadsheet would take the cell for a formula (behind any apostrophes)."""
    return _NEEDS_GUARD.match(text) is not None


def neutralise(text: str) -> str:
    return "'" + text if needs_guard(text) else text


def restore(cell: str) -> str:
    return cell[1:] if _GUARDED.match(cell) else cell


def writer(stream: Any) -> CsvWriter:
    """A csv writer in our dialect on a text stream (open it with ``newline=""``)."""
    return csv.writer(stream, lineterminator=LINE_TERMINATOR, quoting=csv.QUOTE_MINIMAL)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]] = ()) -> bytes:
    """A whole small file (BOM, header, rows) as bytes."""
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    out = writer(buffer)
    out.writerow(header)
    out.writerows(rows)
    return buffer.getvalue().encode(ENCODING)
