"""How values look on the wire (JSON and CSV): lowercase GUIDs, ISO dates, UTC timestamps with ``Z``,
decimals without exponent or trailing zeros."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from shared.db.values import plain_decimal


def api_timestamp(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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
