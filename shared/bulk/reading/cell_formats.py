"""Dates and numbers in upload cells, read without guessing (issue 18.4).

Dates: ``YYYY-MM-DD``, or day first with a four-digit year: ``D/M/YYYY`` or ``D.M.YYYY`` (leading zeros optional:
``1/12/2026``, ``01.12.2026``). A two-digit year (``01/12/26``, what a spreadsheet saves a typed date as) is refused
with the value quoted: which century is meant is a guess.
Numbers in semicolon-separated files (where comma-decimal spreadsheets write them): a decimal comma (``12,5``),
optionally with dots grouping thousands (``1.250,5``). A dot followed by exactly three digits and nothing else
(``1.250``) is refused as ambiguous: a thousands separator (1250) or a decimal point (1.25)? Every other dot is
unambiguous: ``1.250.000`` groups thousands (two dots cannot both be decimal points), while ``2.12`` or ``2.1250``
(not exactly three digits after a single dot) can only be a decimal point -- a comma-decimal spreadsheet never
writes them, so they come from a dot-decimal source and are read as such.
"""

from __future__ import annotations

import re
from datetime import date

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_FIRST = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")
_TWO_DIGIT_YEAR = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d{2})")
_DATE_FORMS = "YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY"
_ONE_GROUP = re.compile(r"[+-]?\d{1,3}\.\d{3}")  # 1.250: thousands or decimal point?
_GROUPED_THOUSANDS = re.compile(r"[+-]?\d{1,3}(\.\d{3}){2,}")  # 1.250.000: two dots cannot be decimal points
_GROUPED_WITH_COMMA = re.compile(r"[+-]?\d{1,3}(\.\d{3})+,\d+")


def parse_date(cell: str, _: bool) -> date:
    text = cell.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        match = _DAY_FIRST.fullmatch(text)
        if match:
            day, _separator, month, year = match.groups()
            return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date") from None
    match = _TWO_DIGIT_YEAR.fullmatch(text)
    if match:
        day, separator, month, year = match.groups()
        raise ValueError(f"'{text}' has a two-digit year (as a spreadsheet saves dates); write the year in full, "
                         f"e.g. {int(day):02}{separator}{int(month):02}{separator}20{year} or 20{year}-{int(month):02}-{int(day):02}")
    raise ValueError(f"'{text}' is not a date: write {_DATE_FORMS}")


def comma_number(cell: str, _: bool) -> str:
    """A number cell of a semicolon-separated file as the decimal text pydantic reads (``12,5`` -> ``12.5``)."""
    text = cell.strip()
    if _ONE_GROUP.fullmatch(text):
        raise ValueError(f"'{text}' is ambiguous in a semicolon-separated file: a dot followed by exactly three digits may "
                         f"group thousands ({text.replace('.', '')}) or be a decimal point; write {text.replace('.', ',')} for the "
                         f"decimal or {text.replace('.', '')} for the whole number")
    if _GROUPED_THOUSANDS.fullmatch(text):
        return text.replace(".", "")
    if _GROUPED_WITH_COMMA.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    return text.replace(",", ".")  # two commas, or a comma and a dot, make two dots: refused as before, the cell quoted
