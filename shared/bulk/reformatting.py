"""Is an uploaded text only a spreadsheet's reformatting of the stored one? (issue 18.3)

A spreadsheet that opens a CSV turns number-like and date-like text into numbers and dates and writes them back in
its own format: ``00123`` -> ``123``, ``1.4310`` -> ``1.431``, ``3E5`` -> ``3.00E+05``, ``1234567890123456`` ->
``1234567890123460`` (15 significant digits), ``6/4`` -> ``06/04/26``, ``true`` -> ``TRUE``. ``reformatting(stored,
uploaded)`` names which of these turns ``stored`` into ``uploaded`` (``None`` for a real edit, such as ``00123`` ->
``00124``, or for a change back to the stored form, such as ``123`` -> ``00123``). ``suspicious_shape`` names the
shapes a spreadsheet writes that a person rarely types (for new rows, where nothing is stored to compare with).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_PLAIN_INTEGER = re.compile(r"-?(0|[1-9]\d*)")  # how a spreadsheet writes a whole number
_PLAIN_DECIMAL = re.compile(r"-?(0|[1-9]\d*)\.\d*[1-9]")  # ... a fraction: no trailing zeros
_SCIENTIFIC = re.compile(r"-?\d(\.\d+)?E[+-]\d{2,3}")  # ... a number in scientific format: 3.00E+05
_NUMBER_LIKE_PARTS = re.compile(r"(\d{1,4})[/.\-](\d{1,4})(?:[/.\-](\d{1,4}))?")
_DATE_SHAPE = re.compile(r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})")
_MONTH_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})(?:-(\d{2,4}))?|([A-Za-z]{3})-(\d{1,2})")
_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_BOOLEANS = {"true", "false"}
# The shapes ``suspicious_shape`` names but long digit runs, in one pattern: most values of a large upload fail it in one C call.
_ANY_SHAPE = re.compile("|".join(pattern.pattern for pattern in (_SCIENTIFIC, _DATE_SHAPE, _MONTH_DATE)) + "|TRUE|FALSE")
# A cell that ``shape_candidate`` passes, in a column joined by \x1f with a \x1f before and after (an ASCII column:
# \d is isdigit there). Starting with a literal lets the regex engine jump from cell to cell (C-level search for
# the separator) instead of trying the pattern at every character; the shapes that start with a digit or a minus
# are only tried on cells that do.
_ANY_CELL_SHAPE = re.compile(
    r"\x1f(?:(?=[-\d])(?:" + "|".join(pattern.pattern for pattern in (_SCIENTIFIC, _DATE_SHAPE, _MONTH_DATE)) + r"|-*\d+)"
    r"|" + _MONTH_DATE.pattern + r"|TRUE|FALSE)(?=\x1f)")
SIGNIFICANT_DIGITS = 15  # what a spreadsheet keeps of a number


def reformatting(stored: str, uploaded: str) -> str | None:
    """What a spreadsheet did to ``stored`` to write ``uploaded`` (a short phrase), or None for anything else."""
    if stored == uploaded:
        return None
    if stored.casefold() in _BOOLEANS and uploaded == stored.upper():
        return "a true/false text turned into a spreadsheet boolean"
    return _as_number(stored, uploaded) or _as_date(stored, uploaded)


def shape_candidate(text: str) -> bool:
    """False for a text that ``suspicious_shape`` certainly passes: one C-level pattern instead of four."""
    return bool(_ANY_SHAPE.fullmatch(text)) or text.lstrip("-").isdigit()


def column_may_have_shapes(texts: Iterable[str]) -> bool:
    """Whether a text of the column is non-ASCII or a ``shape_candidate`` (exactly, for texts without \x1f; a text
    holding \x1f may only make it say yes needlessly): one scan of the joined column."""
    joined = "\x1f".join(itertools.chain(("",), texts, ("",)))
    return not joined.isascii() or _ANY_CELL_SHAPE.search(joined) is not None


def suspicious_shape(text: str) -> str | None:
    """A shape spreadsheets write and people rarely type, for values that have nothing stored to compare with."""
    if not shape_candidate(text):
        return None
    if _SCIENTIFIC.fullmatch(text):
        return "is in scientific notation"
    if text in ("TRUE", "FALSE"):
        return "is a spreadsheet boolean"
    if _DATE_SHAPE.fullmatch(text) or _MONTH_DATE.fullmatch(text):
        return "is shaped like a date"
    digits = text.lstrip("-")
    if digits.isdigit() and len(digits) > SIGNIFICANT_DIGITS and digits.endswith("0"):
        return f"is a number of more than {SIGNIFICANT_DIGITS} digits ending in 0 (a spreadsheet rounds such numbers)"
    return None


def _as_number(stored: str, uploaded: str) -> str | None:
    old, new = _number(stored), _number(uploaded)
    if old is None or new is None or not _spreadsheet_number(uploaded):
        return None
    if old == new:
        return _number_phrase(stored, uploaded)
    if _rounded(old, SIGNIFICANT_DIGITS) == new and _significant(old) > SIGNIFICANT_DIGITS:
        return f"rounded to {SIGNIFICANT_DIGITS} significant digits"
    shown = _significant(new)
    if _SCIENTIFIC.fullmatch(uploaded) and _rounded(old, shown) == new:
        return "rounded into scientific notation"
    return None


def _number_phrase(stored: str, uploaded: str) -> str:
    if _SCIENTIFIC.fullmatch(uploaded) or "e" in stored.casefold():
        return "written in another scientific notation"
    body = stored.lstrip("+-")
    if body[:1] == "0" and body[1:2].isdigit():
        return "leading zeros dropped"
    return "trailing zeros dropped"


def _as_date(stored: str, uploaded: str) -> str | None:
    parts = _NUMBER_LIKE_PARTS.fullmatch(stored)
    shown = _date_parts(uploaded)
    if parts is None or shown is None:
        return None
    numbers = [int(part) for part in parts.groups() if part is not None]
    if len(numbers) == 2 and (numbers == shown[:2] or numbers == shown[1::-1] or numbers == shown[1:]):
        return "turned into a date"
    if len(numbers) == 3 and numbers[:2] in (shown[:2], shown[1::-1]) and numbers[2] % 100 == shown[2] % 100:
        return "turned into a date"
    return None


def _date_parts(text: str) -> list[int] | None:
    """The numbers of a date-shaped text, in written order (a month name as its number)."""
    match = _DATE_SHAPE.fullmatch(text)
    if match:
        return [int(part) for part in match.groups()]
    match = _MONTH_DATE.fullmatch(text)
    if match is None:
        return None
    day, month, year, month_first, day_after = match.groups()
    name = (month or month_first).casefold()
    if name not in _MONTHS:
        return None
    found = [int(day), _MONTHS[name]] if day else [_MONTHS[name], int(day_after)]
    return found + ([int(year)] if year else [])


def _number(text: str) -> Decimal | None:
    plain = text.replace(",", ".")  # a decimal comma; two commas, or a comma and a dot, make two dots: no number
    if not _NUMBER.fullmatch(plain):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def _spreadsheet_number(text: str) -> bool:
    plain = text.replace(",", ".")  # as in _number: no pattern below allows two dots
    return bool(_PLAIN_INTEGER.fullmatch(plain) or _PLAIN_DECIMAL.fullmatch(plain) or _SCIENTIFIC.fullmatch(plain))


def _significant(value: Decimal) -> int:
    return len(value.normalize().as_tuple().digits)


def _rounded(value: Decimal, digits: int) -> Decimal:
    if value == 0:
        return value
    exponent = value.adjusted() - digits + 1
    try:
        return value.quantize(Decimal(1).scaleb(exponent)).normalize()
    except InvalidOperation:  # more digits than the decimal context holds: no spreadsheet number either
        return value


def thousands_misread(stored: Decimal, uploaded: Decimal) -> bool:
    """``2.125`` read by a comma-decimal spreadsheet as 2,125 (a thousands separator) and written back as ``2125``."""
    fraction = stored.normalize().as_tuple().exponent
    return fraction == -3 and uploaded == stored * 1000  # a dot and exactly three digits: what de-DE reads as 2,125
