"""Writes of reservation links (OrderLineItemInventory) and the locked reads they depend on.

A link is never deleted: unreserving sets ``Active = 0`` with who and when, so history shows who removed it.
A filtered unique index allows one active link per stock row (the last line of defence against linking twice).
Writers lock before they decide, in the global order orders -> line items -> stock rows (``shared.db.locking``; a
link is covered by its line's lock or its stock row's), and guard their writes on ``Active = 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from shared.db import locking
from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders

INSERT_LINK = (
    "INSERT INTO OrderLineItemInventory (LinkId, CompanyId, OrderLineItemId, InventoryId, Quantity, Active, Substitute,"
    " CreatedAt, CreatedById, UpdatedAt, UpdatedById) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DEACTIVATE = "UPDATE OrderLineItemInventory SET Active = 0, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND Active = 1"


def lock_order(tx: Transaction, company_id: str, order_id: str) -> Row | None:
    """The company's order (active or not), locked (``locking.ORDERS``) until the transaction ends."""
    tx.lock(locking.ORDERS, company_id, [order_id])
    sql = "SELECT OrderId, OrderReference, Status, Active FROM Orders WHERE CompanyId = ? AND OrderId = ?"
    return tx.query_one(sql, (company_id, order_id))


def lock_line(tx: Transaction, company_id: str, line_id: str) -> Row | None:
    """The company's line item (active or not), locked (``locking.LINES``) until the transaction ends; the caller
    checks its order. Its links are covered by this lock (they change only with their line locked)."""
    tx.lock(locking.LINES, company_id, [line_id])
    return tx.query_one(
        "SELECT OrderLineItemId, OrderId, LineNumber, MaterialGrade, Quantity, Unit, Active"
        " FROM OrderLineItems WHERE CompanyId = ? AND OrderLineItemId = ?",
        (company_id, line_id),
    )


def links_named(tx: Transaction, company_id: str, line_id: str, some_id: str) -> list[Row]:
    """A (locked) line's active links that ``some_id`` names: by link id, by stock row, or as the parent of a split row."""
    return tx.query(
        "SELECT k.LinkId, k.InventoryId, i.ParentInventoryId FROM OrderLineItemInventory k"
        " JOIN Inventory i ON i.InventoryId = k.InventoryId AND i.CompanyId = k.CompanyId"
        " WHERE k.CompanyId = ? AND k.OrderLineItemId = ? AND k.Active = 1"
        " AND (k.LinkId = ? OR k.InventoryId = ? OR i.ParentInventoryId = ?)",
        (company_id, line_id, some_id, some_id, some_id),
    )


def holder_of_stock(tx: Transaction, company_id: str, inventory_id: str) -> Row | None:
    """Who holds this stock row: its active link with the order reference and line number."""
    return tx.query_one(
        "SELECT k.LinkId, o.OrderReference, o.Active AS OrderActive, l.LineNumber FROM OrderLineItemInventory k"
        " JOIN OrderLineItems l ON l.OrderLineItemId = k.OrderLineItemId AND l.CompanyId = k.CompanyId"
        " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
        " WHERE k.CompanyId = ? AND k.InventoryId = ? AND k.Active = 1",
        (company_id, inventory_id),
    )


def insert(
    tx: Transaction, link_id: str, company_id: str, line_id: str, inventory_id: str, quantity: Decimal, substitute: bool,
    now: datetime, actor_id: str,
) -> None:
    tx.execute(INSERT_LINK, (link_id, company_id, line_id, inventory_id, quantity, True, substitute, now, actor_id, now, actor_id))


def deactivate(tx: Transaction, company_id: str, link_id: str, now: datetime, actor_id: str) -> bool:
    """Unreserve: False when the link was not active any more (someone else removed it first)."""
    return tx.execute(f"{DEACTIVATE} AND LinkId = ?", (now, actor_id, company_id, link_id)) == 1


def release_lines(tx: Transaction, company_id: str, line_ids: Sequence[str], now: datetime, actor_id: str) -> int:
    """Unreserve every active link of these line items; how many were released."""
    released = 0
    for chunk in chunks(line_ids):
        released += tx.execute(f"{DEACTIVATE} AND OrderLineItemId IN {placeholders(len(chunk))}", [now, actor_id, company_id, *chunk])
    return released


def release_orders(tx: Transaction, company_id: str, order_ids: Sequence[str], now: datetime, actor_id: str) -> int:
    """Unreserve every active link of any line item of these orders; how many were released."""
    released = 0
    for chunk in chunks(order_ids):
        lines = f"SELECT l.OrderLineItemId FROM OrderLineItems l WHERE l.CompanyId = ? AND l.OrderId IN {placeholders(len(chunk))}"
        sql = f"{DEACTIVATE} AND OrderLineItemId IN ({lines})"
        released += tx.execute(sql, [now, actor_id, company_id, company_id, *chunk])
    return released
