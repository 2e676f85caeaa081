"""Pages of CSV cells (each as its columns) -> the ``<row>`` elements of an XLSX worksheet, a column at a time (issue 18).

The export's data rows are most of a workbook's bytes, and a writer library's per-cell Python work (a method call,
argument checks and an element write per cell) made the XLSX export 14 times the CSV one. The rows are written here
instead, in the form XlsxWriter's constant-memory mode writes them: every cell with its reference and its column's
style; text as an inline string (never a formula, whatever it starts with), escaped for XML, control characters as
Excel's ``_xHHHH_`` escapes (and a literal ``_xHHHH_`` protected as Excel does), leading and trailing whitespace kept; dates as serial
day numbers; numbers as the plain decimal text the CSV cell already is. Empty cells are left out.

As in ``values_to_cells``, a column of a page is checked in one scan of its joined values, and only a column that holds
a character needing an escape goes through the per-cell escape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

_SEP = "\x00"  # joins a column's values for one scan; stored text cannot hold it
_ESCAPE_NEEDED = re.compile(r"[&<>\x01-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_EDGE_SPACE = re.compile(r"(?:^|\x00)\s|\s(?:\x00|$)")  # a value starting or ending with whitespace
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_EPOCH = date(1899, 12, 30).toordinal()  # Excel's day 0 (1900 date system, past its 1900-02-29)


@dataclass(frozen=True)
class SheetColumn:
    letter: str  # A, B, ...
    style: int  # the workbook's cell format index (XlsxWriter's xf_index)
    kind: str  # "text", "date" or "number"


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def rows_xml(page: Sequence[Sequence[Any]], columns: Sequence[SheetColumn], first: int) -> str:
    """The page (its columns of CSV cells, as the export reads them) as ``<row>`` elements, numbered from ``first``
    (1-based, as the spreadsheet shows them)."""
    numbers = range(first, first + len(page[0]))
    cells = [_cells(values, numbers, column) for values, column in zip(page, columns, strict=True)]
    return "".join([f'<row r="{number}">{"".join(row)}</row>' for number, *row in zip(numbers, *cells, strict=True)])


def _cells(values: Sequence[Any], numbers: range, column: SheetColumn) -> list[str]:
    start = f'<c r="{column.letter}'
    if column.kind == "date":
        typed = f'" s="{column.style}"><v>'
        return [f"{start}{number}{typed}{_serial(value)}</v></c>" if value else ""
                for number, value in zip(numbers, values, strict=True)]
    if column.kind == "number":
        typed = f'" s="{column.style}"><v>'
        return [f"{start}{number}{typed}{_number(value)}</v></c>" if value is not None and value != "" else ""
                for number, value in zip(numbers, values, strict=True)]
    texts = ["" if value is None else str(value) for value in values]
    if _ESCAPE_NEEDED.search(_SEP.join(texts)):
        texts = [_escaped(text) for text in texts]
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(_SEP.join(texts)) else ""
    typed = f'" s="{column.style}" t="inlineStr"><is><t{space}>'
    return [f"{start}{number}{typed}{text}</t></is></c>" if text else "" for number, text in zip(numbers, texts, strict=True)]


def _escaped(text: str) -> str:
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=4096)
def _serial_of(text: str) -> int:
    return date.fromisoformat(text).toordinal() - _EPOCH


def _serial(value: Any) -> int:
    return _serial_of(value) if isinstance(value, str) else value.toordinal() - _EPOCH


def _number(value: Any) -> str:
    """The cell's number as XML text: the CSV cell when it is a plain decimal (it is, from the export), else checked."""
    text = str(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return format(number, "f")
