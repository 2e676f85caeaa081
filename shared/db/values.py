"""Conversions between database values and the domain's Python values.

SQLite hands back text for ids, dates, timestamps and decimals; pyodbc hands back typed values (and GUIDs in
upper case). These functions accept either, so repositories map rows the same way on both databases.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

# The fixed-width text form of a timestamp in SQLite: sorts like the instant it names.
SQLITE_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def guid(value: Any) -> str:
    return str(value).lower() if isinstance(value, uuid.UUID) else str(uuid.UUID(str(value)))


def opt_guid(value: Any) -> str | None:
    return None if value is None else guid(value)


def to_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value))


def to_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def decimal_value(value: Any) -> Decimal:
    """A NOT NULL decimal column."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_bool(value: Any) -> bool:
    return bool(value)


def sqlite_timestamp(value: datetime) -> str:
    """The SQLite text form of an aware (or naive UTC) timestamp."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime(SQLITE_TIMESTAMP_FORMAT)


def naive_utc(value: datetime) -> datetime:
    """What pyodbc should bind for a datetime2 column: naive, in UTC."""
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo is not None else value


def plain_decimal(value: Decimal) -> str:
    """``Decimal`` as fixed-point text without exponent or trailing zeros (``10.5000`` -> ``10.5``)."""
    text = str(value)
    if "E" not in text and not (text.endswith("0") and "." in text) and text != "-0":
        return text  # the common case, already plain: skip the formatting below (hot in bulk imports)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
