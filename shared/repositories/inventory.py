"""Inventory table: stock rows (heat number, grade, certificate), read under lock for reservations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from shared.db import locking
from shared.db.database import Row, Transaction
from shared.repositories.sql import placeholders

SELECT_STOCK = (
    "SELECT InventoryId, CompanyId, Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateId, ParentInventoryId, Active"
    " FROM Inventory"
)
INSERT_COLUMNS = (
    "InventoryId", "CompanyId", "Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateId",
    "ParentInventoryId", "Active", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById",
)
INSERT_STOCK = f"INSERT INTO Inventory ({', '.join(INSERT_COLUMNS)}) VALUES {placeholders(len(INSERT_COLUMNS))}"
# Compare-and-set: the quantity changes only if it is still the one the caller read (exact on both databases:
# SQLite compares the stored text, SQL Server the decimal), so no interleaving can reserve stock twice.
UPDATE_QUANTITY = (
    "UPDATE Inventory SET Quantity = ?, UpdatedAt = ?, UpdatedById = ?"
    " WHERE CompanyId = ? AND InventoryId = ? AND Active = ? AND Quantity = ?"
)


def lock_active(tx: Transaction, company_id: str, inventory_id: str) -> Row | None:
    """The company's active stock row, locked (``locking.STOCK``) against concurrent reservations until the
    transaction ends; the caller has locked its orders and lines before (the global lock order)."""
    tx.lock(locking.STOCK, company_id, [inventory_id])
    return tx.query_one(f"{SELECT_STOCK} WHERE CompanyId = ? AND InventoryId = ? AND Active = 1", (company_id, inventory_id))


def insert(tx: Transaction, rows: Iterable[Sequence[Any]]) -> None:
    """Rows in ``INSERT_COLUMNS`` order."""
    tx.executemany(INSERT_STOCK, rows)


def change_quantity(
    tx: Transaction, company_id: str, inventory_id: str, expected: Any, quantity: Any, now: datetime, actor_id: str
) -> bool:
    """Set the quantity if it is still ``expected`` (the value as read); False when it was not."""
    changed = tx.execute(UPDATE_QUANTITY, (quantity, now, actor_id, company_id, inventory_id, True, expected))
    return changed == 1
