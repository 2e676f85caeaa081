"""The kinds of entity whose history is told (orders, line items, reservations): each one's view in the API's
representation, its bookkeeping keys, the names of its changes and its business fields (see ``history_diff``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shared.db.database import Row
from shared.db.values import opt_guid, to_decimal
from shared.representation import api_decimal, wire_date, wire_decimal, wire_guid
from shared.services.order_views import line_view, order_view


@dataclass(frozen=True)
class Field:
    """One business field of a kind: its API name, the column it is read from, and its wire conversion."""

    name: str
    column: str
    wire: Callable[[Any], Any]


@dataclass(frozen=True)
class EntityKind:
    entity_type: str
    id_column: str
    view: Callable[[Row], dict[str, Any]]  # one version in the API's representation
    bookkeeping: frozenset[str]  # keys of that representation that are never changes
    created: str  # change type of the first version
    deactivated: str  # active true -> false
    activated: str  # active false -> true
    fields: tuple[Field, ...] = ()  # the business fields, for the column-by-column diff (else the view is used)


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


def _same(value: Any) -> Any:
    return value


def _exact_decimal(value: Any) -> Any:
    return api_decimal(to_decimal(value))


def _true_or_none(value: Any) -> bool | None:
    return True if value else None


ORDER = EntityKind(
    "Order", "OrderId", order_view, frozenset({"orderId", "companyId", "customerName", "createdAt", "updatedAt"}),
    created="Created", deactivated="Deleted", activated="Restored",
    fields=(
        Field("orderReference", "OrderReference", _same), Field("quantity", "Quantity", wire_decimal),
        Field("orderDate", "OrderDate", wire_date), Field("deliveryDate", "DeliveryDate", wire_date), Field("site", "Site", _same),
        Field("status", "Status", _same), Field("active", "Active", bool),
        Field("relatedOrganisationId", "RelatedOrganisationId", wire_guid), Field("customerReference", "CustomerReference", _same),
        Field("deliveryAddress", "DeliveryAddress", _same),
    ),
)
LINE_ITEM = EntityKind(
    "LineItem", "OrderLineItemId", line_view, frozenset({"orderLineItemId", "orderId", "companyId", "createdAt", "updatedAt"}),
    created="Created", deactivated="Deleted", activated="Restored",
    fields=(
        Field("lineNumber", "LineNumber", int), Field("productCode", "ProductCode", _same), Field("description", "Description", _same),
        Field("materialGrade", "MaterialGrade", _same), Field("quantity", "Quantity", wire_decimal), Field("unit", "Unit", _same),
        Field("notes", "Notes", _same), Field("active", "Active", bool),
    ),
)
RESERVATION = EntityKind(
    "Reservation", "LinkId", link_view, frozenset(), created="Reserved", deactivated="Unreserved", activated="Reserved",
    fields=(
        Field("orderLineItemId", "OrderLineItemId", wire_guid), Field("inventoryId", "InventoryId", wire_guid),
        Field("quantity", "Quantity", _exact_decimal), Field("substitute", "Substitute", _true_or_none), Field("active", "Active", bool),
    ),
)
