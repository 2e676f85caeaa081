"""Stored values -> CSV cells, in the same representation as the JSON API (shared.representation), fast.

SQLite hands back the text it stores (lowercase ids, ISO dates, fixed-width UTC timestamps), which is turned
into the wire form by slicing; SQL Server's typed values go through the representation functions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.bulk.csv_format import neutralise
from shared.db.values import plain_decimal, to_date, to_datetime
from shared.representation import api_date, api_timestamp


def guid_cell(value: Any) -> str:
    return "" if value is None else str(value).lower()


def text_cell(value: Any) -> str:
    return "" if value is None else neutralise(str(value))


def plain_cell(value: Any) -> str:
    return "" if value is None else str(value)


def decimal_cell(value: Any) -> str:
    return "" if value is None else plain_decimal(value if isinstance(value, Decimal) else Decimal(str(value)))


def date_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str) and len(value) == 10:
        return value
    return api_date(to_date(value)) or ""


def timestamp_cell(value: Any) -> str:
    # SQLite's 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) is the API's 'YYYY-MM-DDTHH:MM:SS.ffffffZ' with two characters changed.
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":
        return f"{value[:10]}T{value[11:]}Z"
    return api_timestamp(to_datetime(value)) or ""


def bool_cell(value: Any) -> str:
    return "true" if value else "false"
