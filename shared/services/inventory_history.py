"""The history of a stock row from its temporal table: every change of the row and of its reservations, oldest first.

Versions are diffed as the order history does it (``shared.services.history_diff``), in the stock row's API
representation; reservation links are labelled with the order reference and line they were made for.
"""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import opt_guid, to_decimal
from shared.errors import NotFound
from shared.models.history import HistoryQuery
from shared.repositories import history, inventory_write
from shared.representation import api_decimal, api_timestamp
from shared.services.history_diff import RESERVATION, Change, EntityKind, changes_of
from shared.services.order_history import HistoryPage, page_end


def stock_version_view(row: Row) -> dict[str, Any]:
    return {
        "name": row["Name"],
        "quantity": api_decimal(to_decimal(row["Quantity"])),
        "unit": row["Unit"],
        "heatNumber": row["HeatNumber"],
        "materialGrade": row["MaterialGrade"],
        "certificateId": opt_guid(row["CertificateId"]),
        "parentInventoryId": opt_guid(row["ParentInventoryId"]),
        "active": bool(row["Active"]),
    }


INVENTORY = EntityKind("Inventory", "InventoryId", stock_version_view, frozenset(), created="Created", deactivated="Deleted",
                       activated="Restored")


def get_history(db: Database, actor: Principal, inventory_id: str, query: HistoryQuery) -> HistoryPage:
    with db.read() as tx:
        stock_rows, link_rows = inventory_write.versions(tx, actor.company_id, inventory_id)
        if not stock_rows:
            raise NotFound(f"No such stock row in this company: {inventory_id}.")
        changes = [c for c in changes_of(INVENTORY, stock_rows) + changes_of(RESERVATION, link_rows)
                   if query.since is None or c.changed_at > query.since]
        labels = _line_labels(tx, actor.company_id, changes)
        users = history.user_names(tx, actor.company_id, sorted({c.changed_by_id for c in changes if c.changed_by_id}))
    changes.sort(key=lambda change: (change.changed_at, change.kind is RESERVATION, change.entity_id))
    end = page_end([change.changed_at for change in changes], query.limit)
    next_since = api_timestamp(changes[end - 1].changed_at) if end < len(changes) else None
    events = [_event(change, labels, users) for change in changes[:end]]
    return HistoryPage(events, next_since)


def _line_labels(tx: Transaction, company_id: str, changes: list[Change]) -> dict[str, str]:
    """line item id -> ``{orderReference} line {n}``, for labelling reservations."""
    line_ids = sorted({str(c.state["orderLineItemId"]) for c in changes if c.kind is RESERVATION})
    return inventory_write.line_labels(tx, company_id, line_ids)


def _event(change: Change, labels: dict[str, str], users: dict[str, str]) -> dict[str, Any]:
    label = str(change.state["name"]) if change.kind is INVENTORY else labels[str(change.state["orderLineItemId"])]
    return {
        "changedAt": api_timestamp(change.changed_at),
        "changedById": change.changed_by_id,
        "changedByName": users.get(change.changed_by_id or ""),
        "changeType": change.change_type,
        "entityType": change.kind.entity_type,
        "entityId": change.entity_id,
        "entityLabel": label,
        "changes": change.changes,
    }
