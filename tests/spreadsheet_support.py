"""A spreadsheet program's save of a CSV, simulated (issue 18.6): what LibreOffice Calc / Excel (en-US) do to the
cells of a file they open and save again without edits. No spreadsheet program is needed in the suite."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

_INTEGER = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE][+-]?\d+")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})")
YEAR = 26  # the year a spreadsheet gives a date typed without one


def saved_cell(cell: str) -> str:
    """One cell as an en-US spreadsheet writes it back: numbers in its format, M/D as a date, true as TRUE."""
    if cell.casefold() in ("true", "false"):
        return cell.upper()
    if _INTEGER.fullmatch(cell):
        number = Decimal(cell)
        if len(cell.lstrip("-")) > 15:  # 15 significant digits, the rest zeros
            number = number.quantize(Decimal(1).scaleb(number.adjusted() - 14))
        return str(int(number))
    if _DECIMAL.fullmatch(cell):
        return cell.rstrip("0").rstrip(".")
    if _SCIENTIFIC.fullmatch(cell):
        mantissa, exponent = f"{Decimal(cell):.2E}".split("E")
        return f"{mantissa}E{int(exponent):+03d}"
    match = _DAY_MONTH.fullmatch(cell)
    if match:
        return f"{int(match.group(1)):02}/{int(match.group(2)):02}/{YEAR}"
    return cell


def spreadsheet_saved(content: bytes, *, delimiter: str = ",") -> bytes:
    """The CSV file as a spreadsheet saves it: every cell through ``saved_cell``, UTF-8 without BOM, quoting minimal."""
    text = content.decode("utf-8-sig")
    rows = [[saved_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")
