"""The order rules every write path applies, written once: the JSON routes (create, update) and the CSV/XLSX
upload (``shared.bulk``) both call these.

- which fields an order and a line item have, their columns, and which may never be cleared;
- a field changes only when its value differs from the stored one (nothing to write otherwise);
- a delivery date is never before the order date (``delivery_before_order``), before or after a change;
- a new order is dated today and ``Open`` unless it says otherwise;
- a unique value (an order reference, a line number) taken over from another row of the same write is first
  parked under a temporary value, so the unique indexes never see it twice.

Each path words its own messages (``may not be null`` for JSON, ``may not be empty`` for a cell); the rules
decide, the paths report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from enum import Enum
from itertools import repeat
from typing import Any
from uuid import UUID

from shared.db.database import Row
from shared.db.values import opt_guid, to_date, to_decimal
from shared.models.fields import OrderStatus, delivery_before_order
from shared.order_references import reference_key

__all__ = ["delivery_before_order"]


def _as_stored(value: Any) -> Any:
    return value


# model field -> (column, how to read the stored value for comparison)
ORDER_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "order_reference": ("OrderReference", str),
    "quantity": ("Quantity", to_decimal),
    "order_date": ("OrderDate", to_date),
    "delivery_date": ("DeliveryDate", to_date),
    "site": ("Site", _as_stored),
    "status": ("Status", str),
    "related_organisation_id": ("RelatedOrganisationId", opt_guid),
    "customer_reference": ("CustomerReference", _as_stored),
    "delivery_address": ("DeliveryAddress", _as_stored),
}
# Fields an order always has: a change may not clear them.
REQUIRED = frozenset({"order_reference", "order_date", "status"})

# model field -> column of the fields of a line item
LINE_FIELDS = {
    "line_number": "LineNumber",
    "product_code": "ProductCode",
    "description": "Description",
    "material_grade": "MaterialGrade",
    "quantity": "Quantity",
    "unit": "Unit",
    "notes": "Notes",
}
# Fields a line item always has: a change may not clear them (a new line without a quantity is refused).
LINE_REQUIRED = frozenset({"line_number", "quantity"})
_READ_STORED_LINE: dict[str, Callable[[Any], Any]] = {"quantity": to_decimal, "line_number": int}

ReportNull = Callable[[str], None]  # called with the model field a change tries to clear


def column_value(value: Any) -> Any:
    """A field's value as the database stores and compares it (enum members by value, ids as text)."""
    if isinstance(value, Enum):
        return value.value
    return str(value) if isinstance(value, UUID) else value


def differs(value: Any, stored: Any, read_stored: Callable[[Any], Any]) -> bool:
    return value is not None if stored is None else bool(value != read_stored(stored))


def order_changes(values: Mapping[str, Any], stored: Row, report_null: ReportNull) -> dict[str, Any]:
    """column -> new value, for the given fields whose value is not what is stored."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        column, read_stored = ORDER_FIELDS[name]
        value = column_value(value)
        if value is None and name in REQUIRED:
            report_null(name)
        elif differs(value, stored[column], read_stored):
            changes[column] = value
    return changes


def dates_out_of_order(changes: Mapping[str, Any], stored: Row) -> bool:
    """Whether the order's dates, once ``changes`` apply, have the delivery before the order date."""
    order_date = changes.get("OrderDate", to_date(stored["OrderDate"]))
    return delivery_before_order(order_date, changes.get("DeliveryDate", to_date(stored["DeliveryDate"])))


def new_order_values(values: Mapping[str, Any], today: date) -> dict[str, Any]:
    """column -> value of a new order from its fields (absent fields are None), with the defaults filled in."""
    columns = {column: column_value(values.get(name)) for name, (column, _) in ORDER_FIELDS.items()}
    columns["OrderDate"] = columns["OrderDate"] or today
    columns["Status"] = columns["Status"] or OrderStatus.OPEN.value
    return columns


def order_row(order_id: str, company_id: str, values: Mapping[str, Any], now: Any, user_id: str) -> tuple[Any, ...]:
    """A new order's columns in ``orders.insert`` order."""
    v = values
    return (
        order_id, company_id, v["OrderReference"], v["Quantity"], v["OrderDate"], v["DeliveryDate"], v["Site"], v["Status"], True,
        v["RelatedOrganisationId"], now, user_id, now, user_id, v["CustomerReference"], v["DeliveryAddress"],
    )


def stored_line_value(name: str, value: Any) -> Any:
    """A stored line value typed as a request's (SQLite hands back decimals and numbers as text)."""
    return None if value is None else _READ_STORED_LINE.get(name, str)(value)


def line_changes(values: Mapping[str, Any], stored: Row, report_null: ReportNull) -> dict[str, Any]:
    """column -> new value, for the given line fields whose value is not what is stored."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        column = LINE_FIELDS[name]
        if value is None and name in LINE_REQUIRED:
            report_null(name)
        elif value != stored_line_value(name, stored[column]):
            changes[column] = value
    return changes


def new_line_lacks_quantity(quantity: Any) -> bool:
    """A new line item needs a quantity."""
    return quantity is None


def line_row(line_id: str, order_id: str, company_id: str, values: Mapping[str, Any], now: Any, user_id: str) -> tuple[Any, ...]:
    """A new line item's columns in ``line_items.insert`` order."""
    v = values
    return (
        line_id, order_id, company_id, v["LineNumber"], v["ProductCode"], v["Description"], v["MaterialGrade"], v["Quantity"],
        v["Unit"], v["Notes"], True, now, user_id, now, user_id,
    )


def line_rows(line_ids: Iterable[str], order_ids: Iterable[str], company_id: str, numbers: Iterable[int],
              columns: Mapping[str, Iterable[Any]], now: Any, user_id: str) -> Iterator[tuple[Any, ...]]:
    """New line items' columns in ``line_items.insert`` order (as ``line_row``'s), from their values a column at a
    time: ``columns`` holds each line field's column but LineNumber's."""
    c = columns
    return zip(
        line_ids, order_ids, repeat(company_id), numbers, c["ProductCode"], c["Description"], c["MaterialGrade"], c["Quantity"],
        c["Unit"], c["Notes"], repeat(True), repeat(now), repeat(user_id), repeat(now), repeat(user_id),
    )


def parked_references(changes: Mapping[str, Mapping[str, Any]], held: Iterable[str]) -> dict[str, dict[str, str]]:
    """Orders taking a reference that an order of the same write holds now: id -> a temporary reference to write first."""
    held_keys = {reference_key(reference) for reference in held}
    return {
        order_id: {"OrderReference": f"~moving~{order_id}"}
        for order_id, change in changes.items()
        if "OrderReference" in change and reference_key(str(change["OrderReference"])) in held_keys
    }


def parked_line_numbers(parked: Iterable[str]) -> dict[str, dict[str, int]]:
    """Lines moving onto a number another line holds now: id -> a temporary (negative) number to write first."""
    return {line_id: {"LineNumber": -1 - offset} for offset, line_id in enumerate(parked)}
