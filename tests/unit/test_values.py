"""Value conversions between the databases and the wire."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from shared.db.values import plain_decimal, sqlite_timestamp
from shared.representation import api_timestamp, wire_date, wire_decimal, wire_guid, wire_timestamp


@pytest.mark.parametrize(
    ("value", "text"),
    [("10.5000", "10.5"), ("10", "10"), ("100", "100"), ("1E+1", "10"), ("0.0001", "0.0001"), ("-0", "0"), ("-0.0", "0"),
     ("1.50", "1.5"), ("12345678901234.1234", "12345678901234.1234"), ("0E-10", "0"), ("-2.500", "-2.5")],
)
def test_decimals_are_written_plain_without_exponent_or_trailing_zeros(value: str, text: str) -> None:
    assert plain_decimal(Decimal(value)) == text


def test_sqlite_text_and_typed_sql_server_values_give_the_same_wire_form() -> None:
    moment = datetime(2026, 3, 1, 12, 30, 5, 123456, tzinfo=UTC)
    assert wire_timestamp(sqlite_timestamp(moment)) == wire_timestamp(moment.replace(tzinfo=None)) == api_timestamp(moment)
    assert wire_timestamp(sqlite_timestamp(moment)) == "2026-03-01T12:30:05.123456Z"
    assert wire_date("2026-03-01") == wire_date(date(2026, 3, 1)) == "2026-03-01"
    assert wire_decimal("10.5") == wire_decimal(Decimal("10.5000")) == Decimal("10.5")
    assert wire_guid("0F8FAD5B-D9CB-469F-A165-70867728950E") == wire_guid("0f8fad5b-d9cb-469f-a165-70867728950e")
    assert wire_guid(None) is None and wire_decimal(None) is None and wire_date(None) is None
