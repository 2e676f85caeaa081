"""Stored values -> CSV cells, in the same representation as the JSON API (shared.representation), fast.

A column of one page is formatted at once: when every value is already in its wire form (as SQLite hands back
lowercase ids, ISO dates and canonical decimals) the column is passed through, checked by a scan of the joined
column; otherwise each value goes through the per-cell function (SQL Server's typed values, text that needs a
formula guard). ``None`` stays ``None``: the csv writer writes it as an empty cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import filterfalse
from typing import Any

from shared.bulk.csv_format import needs_guard, neutralise
from shared.db.values import decimal_value, plain_decimal, to_date, to_datetime
from shared.representation import api_date, api_timestamp

Column = Sequence[Any]

_SEP = "\x00"  # joins a column's values for one scan; it cannot be in stored text that passes the API's checks
_PLAIN_DECIMALS = re.compile(r"(?:(?:0|[1-9]\d*)(?:\.\d*[1-9])?\x00)*")
_GUARD_NEEDED = re.compile(r"\x00'*[=+\-@\t\r\n]")  # a value after the first (a literal prefix is fast)


def guid_cell(value: Any) -> str:
    return "" if value is None else str(value).lower()


def text_cell(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


def decimal_cell(value: Any) -> str:
    return "" if value is None else plain_decimal(decimal_value(value))


# The per-cell forms run only for columns the whole-column checks below do not pass as they are (SQL Server's typed
# values): SQLite's ISO dates and 'YYYY-MM-DD HH:MM:SS.ffffff' stamps go through those checks.
def date_cell(value: Any) -> str:
    return api_date(to_date(value)) or ""


def timestamp_cell(value: Any) -> str:
    return api_timestamp(to_datetime(value)) or ""


def bool_cell(value: Any) -> str:
    return "true" if value else "false"


def _joined(values: Column) -> str | None:
    """The column's non-empty values joined (each followed by the separator), or None if one is not text."""
    present = list(filter(None, values))  # None and "" are written as an empty cell either way
    if len(present) != len(values):
        empty = list(filterfalse(None, values))  # counted apart: counting None in the whole column compares every value
        if empty.count(None) + empty.count("") != len(empty):
            return None  # something else is falsy (a zero decimal from SQL Server): cell by cell
    try:
        return _SEP.join(present) + _SEP if present else ""
    except TypeError:  # typed values (SQL Server): cell by cell
        return None


def _all_of_width(joined: str, width: int) -> bool:
    """Whether every joined value is exactly ``width`` characters long (a separator at every width+1-th place)."""
    count = len(joined) // (width + 1)
    return len(joined) == count * (width + 1) and joined[width :: width + 1] == _SEP * count


def date_column(values: Column) -> Column:
    joined = _joined(values)  # ISO text (SQLite) is written as it is, like date_cell does
    return values if joined is not None and _all_of_width(joined, 10) else [date_cell(value) for value in values]


def decimal_column(values: Column) -> Column:
    joined = _joined(values)
    return values if joined is not None and _PLAIN_DECIMALS.fullmatch(joined) else [decimal_cell(value) for value in values]


def guid_column(values: Column) -> Column:
    joined = _joined(values)  # ids as text are written lowercased, which they are already when stored by SQLite
    return values if joined is not None and joined == joined.lower() else [guid_cell(value) for value in values]


def text_column(values: Column) -> Column:
    joined = _joined(values)
    if joined is not None and not needs_guard(joined) and not _GUARD_NEEDED.search(joined):
        return values
    return [text_cell(value) for value in values]


def timestamp_column(values: Column) -> Column:
    joined = _joined(values)
    count = len(values)
    if joined is None or None in values or not _all_of_width(joined, 26) or joined[10::27] != " " * count or joined.count(" ") != count:
        return [timestamp_cell(value) for value in values]
    # What timestamp_cell does to each: every value has its one space at [10] and ends at a separator.
    return joined.replace(" ", "T").replace(_SEP, "Z" + _SEP).split(_SEP)[:-1]


def bool_column(values: Column) -> Column:
    return [bool_cell(value) for value in values]
