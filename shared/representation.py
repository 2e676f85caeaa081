"""How values look on the wire (JSON and CSV): lowercase GUIDs, ISO dates, UTC timestamps with ``Z``,
decimals without exponent or trailing zeros."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from shared.db.values import plain_decimal, to_date, to_datetime, to_decimal


def api_timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    # isoformat is several times faster than strftime (hot in history timelines); "+00:00" becomes "Z". A UTC
    # moment (what the database layer returns) needs no conversion.
    utc = value if value.tzinfo is UTC else value.astimezone(UTC)
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def api_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def api_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(plain_decimal(value))


def parse_timestamp(text: str) -> datetime:
    """An ISO-8601 timestamp from a client; a naive one is taken as UTC."""
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # year 1 or 9999 with an offset leaves the calendar when moved to UTC
        raise ValueError(f"timestamp out of range: {text!r}") from None


# Straight from a database value to the wire. SQLite already stores the wire forms as text (lowercase GUIDs, ISO
# dates, normalised decimals, fixed-width UTC timestamps), so these take the short way for text and convert typed
# values (pyodbc) properly. They serve the hot paths: lists and exports of tens of thousands of rows.


def wire_guid(value: Any) -> str | None:
    return None if value is None else str(value).lower()


def wire_date(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return api_date(to_date(value))


def wire_timestamp(value: Any) -> str | None:
    if isinstance(value, str) and len(value) == 26 and value[10] == " ":
        return f"{value[:10]}T{value[11:]}Z"
    return api_timestamp(to_datetime(value))


def wire_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value) if isinstance(value, str) else api_decimal(to_decimal(value))
