"""Row versions -> changes: which fields changed between consecutive versions, and what kind of change it was.

Pure: no database, no clock. A version is a row of the temporal tables (current or history) with its period
(``ValidFrom``) and author (``UpdatedById``). Each version is compared with the one before it *in the API's
representation* (the same views ``get_order`` uses), so field names are the API's camelCase names and values
compare as the API shows them (``1.5`` equals ``1.5000``). Keys of the representation that are bookkeeping
(ids, ``createdAt``, ``updatedAt``, ...) never count as changes; a version that differs only in those, such as
the order version an update of its line items leaves behind, yields nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.database import Row
from shared.db.values import guid, opt_guid, to_datetime, to_decimal
from shared.representation import api_decimal
from shared.services.order_views import line_view, order_view


@dataclass(frozen=True)
class EntityKind:
    entity_type: str
    id_column: str
    view: Callable[[Row], dict[str, Any]]  # one version in the API's representation
    bookkeeping: frozenset[str]  # keys of that representation that are never changes
    created: str  # change type of the first version
    deactivated: str  # active true -> false
    activated: str  # active false -> true


@dataclass(frozen=True)
class Change:
    kind: EntityKind
    entity_id: str
    changed_at: datetime
    changed_by_id: str | None
    change_type: str
    state: dict[str, Any]  # the entity right after the change (its business fields)
    changes: list[dict[str, Any]]  # [{field, oldValue, newValue}], in the representation's field order


def link_view(row: Row) -> dict[str, Any]:
    """A reservation link (OrderLineItemInventory row) in the API's representation.

    ``substitute`` is shown only when true: a Reserved event of a substitute lists ``substitute: true``.
    """
    return {
        "orderLineItemId": opt_guid(row["OrderLineItemId"]),
        "inventoryId": opt_guid(row["InventoryId"]),
        "quantity": api_decimal(to_decimal(row["Quantity"])),
        "substitute": True if row["Substitute"] else None,
        "active": bool(row["Active"]),
    }


ORDER = EntityKind(
    "Order", "OrderId", order_view, frozenset({"orderId", "companyId", "customerName", "createdAt", "updatedAt"}),
    created="Created", deactivated="Deleted", activated="Restored",
)
LINE_ITEM = EntityKind(
    "LineItem", "OrderLineItemId", line_view, frozenset({"orderLineItemId", "orderId", "companyId", "createdAt", "updatedAt"}),
    created="Created", deactivated="Deleted", activated="Restored",
)
RESERVATION = EntityKind(
    "Reservation", "LinkId", link_view, frozenset(), created="Reserved", deactivated="Unreserved", activated="Reserved",
)


def changes_of(kind: EntityKind, versions: Iterable[Row]) -> list[Change]:
    """Every change of every entity among ``versions`` (zero-length periods already left out)."""
    by_entity: dict[str, list[tuple[datetime, Row]]] = defaultdict(list)
    for row in versions:
        valid_from = to_datetime(row["ValidFrom"])
        assert valid_from is not None
        by_entity[guid(row[kind.id_column])].append((valid_from, row))
    found: list[Change] = []
    for entity_id, timed in by_entity.items():
        found.extend(_entity_changes(kind, entity_id, sorted(timed, key=lambda pair: pair[0])))
    return found


def _entity_changes(kind: EntityKind, entity_id: str, timed: list[tuple[datetime, Row]]) -> Iterable[Change]:
    before: dict[str, Any] | None = None
    for changed_at, row in timed:
        after = business_fields(kind, row)
        fields = initial_values(after) if before is None else field_changes(before, after)
        if before is None or fields:
            yield Change(kind, entity_id, changed_at, opt_guid(row["UpdatedById"]), change_type(kind, before, after), after, fields)
        before = after


def business_fields(kind: EntityKind, row: Row) -> dict[str, Any]:
    return {key: value for key, value in kind.view(row).items() if key not in kind.bookkeeping}


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": key, "oldValue": before.get(key), "newValue": value}
        for key, value in after.items()
        if before.get(key) != value
    ]


def initial_values(after: dict[str, Any]) -> list[dict[str, Any]]:
    """What a Created (Reserved) event lists: every field that starts out set; ``active: true`` goes without saying."""
    return [
        {"field": key, "oldValue": None, "newValue": value}
        for key, value in after.items()
        if value is not None and not (key == "active" and value is True)
    ]


def change_type(kind: EntityKind, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    if before is None:
        return kind.created
    if before["active"] and not after["active"]:
        return kind.deactivated
    if after["active"] and not before["active"]:
        return kind.activated
    return "Updated"
