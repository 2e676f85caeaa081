"""OrderLineItems table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders, set_clause

SELECT_LINE = (
    "SELECT l.OrderLineItemId, l.OrderId, l.CompanyId, l.LineNumber, l.ProductCode, l.Description, l.MaterialGrade,"
    " l.Quantity, l.Unit, l.Notes, l.Active, l.CreatedAt, l.UpdatedAt, l.DeletedAt FROM OrderLineItems l"
)
INSERT_COLUMNS = (
    "OrderLineItemId", "OrderId", "CompanyId", "LineNumber", "ProductCode", "Description", "MaterialGrade",
    "Quantity", "Unit", "Notes", "Active", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById",
)
INSERT_LINE = f"INSERT INTO OrderLineItems ({', '.join(INSERT_COLUMNS)}) VALUES {placeholders(len(INSERT_COLUMNS))}"
UPDATABLE = frozenset({"LineNumber", "ProductCode", "Description", "MaterialGrade", "Quantity", "Unit", "Notes"})


def active_for_orders(tx: Transaction, company_id: str, order_ids: Sequence[str]) -> dict[str, list[Row]]:
    """order id -> its active line items in line-number order (every requested id present)."""
    lines: dict[str, list[Row]] = {order_id: [] for order_id in order_ids}
    for chunk in chunks(order_ids):
        rows = tx.query(
            f"{SELECT_LINE} WHERE l.CompanyId = ? AND l.Active = 1 AND l.OrderId IN {placeholders(len(chunk))}"
            " ORDER BY l.OrderId, l.LineNumber",
            [company_id, *chunk],
        )
        for row in rows:
            lines[str(row["OrderId"]).lower()].append(row)
    return lines


def owners(tx: Transaction, line_ids: Sequence[str]) -> dict[str, Row]:
    """id -> (CompanyId, OrderId, Active) for the ids that exist anywhere (ids are global keys)."""
    found: dict[str, Row] = {}
    for chunk in chunks(line_ids):
        rows = tx.query(
            "SELECT OrderLineItemId, CompanyId, OrderId, Active FROM OrderLineItems"
            f" WHERE OrderLineItemId IN {placeholders(len(chunk))}",
            list(chunk),
        )
        found.update({str(row["OrderLineItemId"]).lower(): row for row in rows})
    return found


def insert(tx: Transaction, rows: Iterable[Sequence[Any]]) -> None:
    tx.executemany(INSERT_LINE, rows)


def update_fields(
    tx: Transaction, company_id: str, line_id: str, changes: dict[str, Any], read_at: Any, now: datetime, actor_id: str
) -> None:
    """Set the changed columns of an active line still stamped ``read_at`` (409 when it is not)."""
    sql = (
        f"UPDATE OrderLineItems SET {set_clause(list(changes), UPDATABLE)}, UpdatedAt = ?, UpdatedById = ?"
        " WHERE CompanyId = ? AND OrderLineItemId = ? AND Active = ? AND UpdatedAt = ?"
    )
    changed = tx.execute(sql, [*changes.values(), now, actor_id, company_id, line_id, True, read_at])
    tx.expect_changed(changed, 1, f"Line item {line_id}")


def soft_delete(tx: Transaction, company_id: str, line_ids: Sequence[str], now: datetime, actor_id: str) -> None:
    """Remove active lines (an update's complete set left them out); 409 when one is not active any more."""
    for chunk in chunks(line_ids):
        changed = tx.execute(
            "UPDATE OrderLineItems SET Active = ?, DeletedAt = ?, UpdatedAt = ?, UpdatedById = ?"
            f" WHERE CompanyId = ? AND Active = ? AND OrderLineItemId IN {placeholders(len(chunk))}",
            [False, now, now, actor_id, company_id, True, *chunk],
        )
        tx.expect_changed(changed, len(chunk), "A line item")


def delete_with_order(tx: Transaction, company_id: str, order_id: str, now: datetime, actor_id: str) -> None:
    """Soft delete all active lines of an order being deleted (the caller holds the order's lines locked)."""
    tx.execute(
        "UPDATE OrderLineItems SET Active = ?, DeletedAt = ?, UpdatedAt = ?, UpdatedById = ?"
        " WHERE CompanyId = ? AND OrderId = ? AND Active = ?",
        (False, now, now, actor_id, company_id, order_id, True),
    )


def restore_with_order(tx: Transaction, company_id: str, order_id: str, deleted_at: Any, now: datetime, actor_id: str) -> None:
    """Restore exactly the line items deleted together with the order (same transaction time)."""
    tx.execute(
        "UPDATE OrderLineItems SET Active = ?, DeletedAt = ?, UpdatedAt = ?, UpdatedById = ?"
        " WHERE CompanyId = ? AND OrderId = ? AND Active = ? AND DeletedAt = ?",
        (True, None, now, actor_id, company_id, order_id, False, deleted_at),
    )
