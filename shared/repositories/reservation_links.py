"""Writes of reservation links (OrderLineItemInventory) and the checks around them.

A link is never deleted: unreserving sets ``Active = 0`` with who and when, so history shows who removed it.
A filtered unique index allows one active link per stock row (the last line of defence against linking twice).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from shared.db.database import Row, Transaction

INSERT_LINK = (
    "INSERT INTO OrderLineItemInventory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active,"
    " CreatedAt, CreatedById, UpdatedAt, UpdatedById) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def target_line(tx: Transaction, company_id: str, order_id: str, line_id: str) -> Row | None:
    """The active line item ``line_id`` of the active order ``order_id`` in the company, with the order reference."""
    return tx.query_one(
        "SELECT l.OrderLineItemId, l.OrderId, o.OrderReference FROM OrderLineItems l"
        " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
        " WHERE l.CompanyId = ? AND l.OrderId = ? AND l.OrderLineItemId = ? AND l.Active = ? AND o.Active = ?",
        (company_id, order_id, line_id, True, True),
    )


def active_link_of_stock(tx: Transaction, company_id: str, inventory_id: str) -> Row | None:
    return tx.query_one(
        "SELECT LinkId, OrderLineItemId FROM OrderLineItemInventory WHERE CompanyId = ? AND InventoryId = ? AND Active = ?",
        (company_id, inventory_id, True),
    )


def active_link(tx: Transaction, company_id: str, line_id: str, inventory_id: str) -> Row | None:
    """The active link of this stock row to this line item."""
    return tx.query_one(
        "SELECT LinkId, OrderLineItemId, InventoryId FROM OrderLineItemInventory"
        " WHERE CompanyId = ? AND OrderLineItemId = ? AND InventoryId = ? AND Active = ?",
        (company_id, line_id, inventory_id, True),
    )


def insert(
    tx: Transaction, link_id: str, company_id: str, line_id: str, inventory_id: str, quantity: Decimal, now: datetime, actor_id: str
) -> None:
    tx.execute(INSERT_LINK, (link_id, company_id, line_id, inventory_id, quantity, True, now, actor_id, now, actor_id))


def deactivate(tx: Transaction, company_id: str, link_id: str, now: datetime, actor_id: str) -> bool:
    """Unreserve: False when the link was not active any more (someone else removed it first)."""
    changed = tx.execute(
        "UPDATE OrderLineItemInventory SET Active = ?, UpdatedAt = ?, UpdatedById = ?"
        " WHERE CompanyId = ? AND LinkId = ? AND Active = ?",
        (False, now, actor_id, company_id, link_id, True),
    )
    return changed == 1
