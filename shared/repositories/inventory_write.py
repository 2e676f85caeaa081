"""Writes of stock rows over the API: edited fields, soft delete and restore, and their versions for history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from shared.db import locking
from shared.db.database import Row, Transaction
from shared.repositories.history import LINK_COLUMNS  # the columns the reservation history view reads
from shared.repositories.sql import chunks, placeholders, set_clause

EDITABLE = frozenset({"Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateId"})
STOCK_COLUMNS = (
    "InventoryId, CompanyId, Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateId, ParentInventoryId, Active,"
    " UpdatedById, ValidFrom, ValidTo"
)


def lock_rows(tx: Transaction, company_id: str, inventory_ids: Sequence[str]) -> dict[str, Row]:
    """id -> the company's stock row (active or not), locked first (``locking.STOCK``, the global order)."""
    tx.lock(locking.STOCK, company_id, inventory_ids)
    found: dict[str, Row] = {}
    for chunk in chunks(sorted(inventory_ids)):
        rows = tx.query(
            f"SELECT i.InventoryId, i.Name, i.Quantity, i.Unit, i.HeatNumber, i.MaterialGrade, i.CertificateId, i.Active, i.UpdatedAt"
            f" FROM Inventory i WHERE i.CompanyId = ? AND i.InventoryId IN {placeholders(len(chunk))} ORDER BY i.InventoryId",
            [company_id, *chunk],
        )
        found.update({str(row["InventoryId"]).lower(): row for row in rows})
    return found


def holders(tx: Transaction, company_id: str, inventory_ids: Sequence[str]) -> dict[str, Row]:
    """id -> the order reference and line number holding an active reservation of it."""
    found: dict[str, Row] = {}
    for chunk in chunks(inventory_ids):
        rows = tx.query(
            "SELECT k.InventoryId, o.OrderReference, l.LineNumber FROM OrderLineItemInventory k"
            " JOIN OrderLineItems l ON l.OrderLineItemId = k.OrderLineItemId AND l.CompanyId = k.CompanyId"
            " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
            f" WHERE k.CompanyId = ? AND k.Active = 1 AND k.InventoryId IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        found.update({str(row["InventoryId"]).lower(): row for row in rows})
    return found


def update_fields(tx: Transaction, company_id: str, inventory_id: str, changes: dict[str, Any], now: datetime, actor_id: str) -> int:
    columns = list(changes)
    sql = f"UPDATE Inventory SET {set_clause(columns, EDITABLE)}, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND InventoryId = ?"
    return tx.execute(sql, [*changes.values(), now, actor_id, company_id, inventory_id])


def set_active(tx: Transaction, company_id: str, inventory_ids: Sequence[str], active: bool, now: datetime, actor_id: str) -> None:
    for chunk in chunks(inventory_ids):
        tx.execute(
            "UPDATE Inventory SET Active = ?, UpdatedAt = ?, UpdatedById = ?"
            f" WHERE CompanyId = ? AND InventoryId IN {placeholders(len(chunk))}",
            [active, now, actor_id, company_id, *chunk],
        )


def ids_in_use(tx: Transaction, inventory_ids: Sequence[str]) -> set[str]:
    """Which of these ids any stock row has (ids are global keys; the owner is not read)."""
    found: set[str] = set()
    for chunk in chunks(inventory_ids):
        rows = tx.query(f"SELECT InventoryId FROM Inventory WHERE InventoryId IN {placeholders(len(chunk))}", chunk)
        found.update(str(row["InventoryId"]).lower() for row in rows)
    return found


def versions(tx: Transaction, company_id: str, inventory_id: str) -> tuple[list[Row], list[Row]]:
    """Every version of the stock row, and of the reservation links that ever pointed at it (zero-length periods left out)."""
    return (
        _union(tx, "Inventory", STOCK_COLUMNS, "CompanyId = ? AND InventoryId = ?", [company_id, inventory_id]),
        _union(tx, "OrderLineItemInventory", LINK_COLUMNS, "CompanyId = ? AND InventoryId = ?", [company_id, inventory_id]),
    )


def _union(tx: Transaction, table: str, columns: str, where: str, params: list[Any]) -> list[Row]:
    sql = (
        f"SELECT {columns} FROM {table} WHERE {where}"
        f" UNION ALL SELECT {columns} FROM {table}History WHERE {where} AND ValidFrom < ValidTo ORDER BY ValidFrom"
    )
    return tx.query(sql, [*params, *params])


def line_labels(tx: Transaction, company_id: str, line_ids: Sequence[str]) -> dict[str, str]:
    """line item id -> ``{orderReference} line {n}``."""
    found: dict[str, str] = {}
    for chunk in chunks(line_ids):
        rows = tx.query(
            "SELECT l.OrderLineItemId, l.LineNumber, o.OrderReference FROM OrderLineItems l"
            " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
            f" WHERE l.CompanyId = ? AND l.OrderLineItemId IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        found.update({str(row["OrderLineItemId"]).lower(): f"{row['OrderReference']} line {row['LineNumber']}" for row in rows})
    return found
