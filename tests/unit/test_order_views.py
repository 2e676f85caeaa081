"""The list's tuple view (``order_views``) is exactly ``order_view`` of the same row, for SQLite's stored text and
for a driver's typed values (pyodbc: UUID, date, datetime, Decimal, bool)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from shared.repositories.orders import ORDER_FIELDS
from shared.services.order_views import order_view, order_views

SQLITE_ROW: tuple[Any, ...] = (
    "0f0e0d0c-0b0a-4908-8706-050403020100", "1f0e0d0c-0b0a-4908-8706-050403020100", "PO-1", "12.500",
    "2026-01-02", None, "Sheffield", "Open", 1, None, None, "REF", "1 Steel St",
    "2026-01-02 03:04:05.123456", "2026-01-03 03:04:05.000000", None,
)
# Text the fast path must still convert as the wire functions do: upper-case GUIDs, a decimal with trailing zeros.
UPPER_TEXT_ROW: tuple[Any, ...] = (
    "0F0E0D0C-0B0A-4908-8706-05040302010A", "1F0E0D0C-0B0A-4908-8706-05040302010B", "po-3", "0.50",
    "2026-01-02", "2026-01-09", None, "Draft", 0, "2F0E0D0C-0B0A-4908-8706-05040302010C", "Name", None, None,
    "2026-01-02T03:04:05Z", "2026-01-03 03:04:05.000000", "2026-01-04 00:00:00.000000",
)
TYPED_ROW: tuple[Any, ...] = (
    uuid.UUID("0F0E0D0C-0B0A-4908-8706-050403020100"), uuid.uuid4(), "PO-2", Decimal("7.2500"),
    date(2026, 1, 2), date(2026, 2, 3), "Leeds", "Closed", False, uuid.uuid4(), "Customer Ltd", None, None,
    datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), datetime(2026, 1, 3, 3, 4, 5), datetime(2026, 1, 4),
)


@pytest.mark.parametrize("row", [SQLITE_ROW, UPPER_TEXT_ROW, TYPED_ROW], ids=["sqlite-text", "upper-text", "typed"])
def test_tuple_view_is_the_dict_view(row: tuple[Any, ...]) -> None:
    views = order_views([row])
    expected = order_view(dict(zip(ORDER_FIELDS, row, strict=True)))
    assert views == [expected]
    assert [list(view) for view in views] == [list(expected)]  # same keys in the same order (the JSON's order)
    assert [type(v) for v in views[0].values()] == [type(v) for v in expected.values()]


def test_order_fields_name_the_select_columns() -> None:
    from shared.repositories.orders import SELECT_ORDER

    select_list = SELECT_ORDER.split(" FROM ")[0].removeprefix("SELECT ")
    names = tuple(part.strip().rsplit(" AS ", 1)[-1].rsplit(".", 1)[-1] for part in select_list.split(","))
    assert names == ORDER_FIELDS
