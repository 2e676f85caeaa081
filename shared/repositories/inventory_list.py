"""Stock rows read over the API: the filtered, keyset-paged list, one row with its lineage and reservation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.order_list import like_pattern
from shared.repositories.sql import chunks, placeholders

# Reserved: the row has an active reservation link (at most one: UX_OrderLineItemInventory_ActiveInventory).
SELECT_STOCK = (
    "SELECT i.InventoryId, i.CompanyId, i.Name, i.Quantity, i.Unit, i.HeatNumber, i.MaterialGrade, i.CertificateId,"
    " i.ParentInventoryId, i.Active, i.CreatedAt, i.UpdatedAt, CASE WHEN k.LinkId IS NULL THEN 0 ELSE 1 END AS Reserved"
    " FROM Inventory i LEFT JOIN OrderLineItemInventory k"
    " ON k.InventoryId = i.InventoryId AND k.CompanyId = i.CompanyId AND k.Active = 1"
)
ORDER_BY_NAME = " ORDER BY i.Name, i.InventoryId"


@dataclass(frozen=True)
class StockFilter:
    search: str | None = None
    heat_numbers: Sequence[str] | None = None
    material_grades: Sequence[str] | None = None
    units: Sequence[str] | None = None
    available: bool | None = None
    reserved: bool | None = None
    has_certificate: bool | None = None
    updated_since: datetime | None = None
    include_deleted: bool = False


def list_stock(tx: Transaction, company_id: str, where: StockFilter, after: tuple[str, str] | None, limit: int | None) -> list[Row]:
    conditions, params = _conditions(company_id, where)
    if after is not None:
        conditions.append("(i.Name > ? OR (i.Name = ? AND i.InventoryId > ?))")
        params += [after[0], after[0], after[1]]
    sql = f"{SELECT_STOCK} WHERE {' AND '.join(conditions)}{ORDER_BY_NAME}"
    if limit is not None:
        sql = tx.dialect.first(sql)
        params.append(limit)
    return tx.query(sql, params)


def _conditions(company_id: str, where: StockFilter) -> tuple[list[str], list[Any]]:
    conditions: list[str] = ["i.CompanyId = ?"]
    params: list[Any] = [company_id]
    if not where.include_deleted:
        conditions.append("i.Active = 1")
    for column, values in (("i.HeatNumber", where.heat_numbers), ("i.MaterialGrade", where.material_grades), ("i.Unit", where.units)):
        if values:
            conditions.append(f"LOWER({column}) IN {placeholders(len(values))}")
            params += [value.lower() for value in values]
    flags = [
        (where.reserved, "k.LinkId IS NOT NULL", "k.LinkId IS NULL"),
        (where.available, "(k.LinkId IS NULL AND i.Active = 1)", "(k.LinkId IS NOT NULL OR i.Active = 0)"),
        (where.has_certificate, "i.CertificateId IS NOT NULL", "i.CertificateId IS NULL"),
    ]
    conditions += [when_true if flag else when_false for flag, when_true, when_false in flags if flag is not None]
    if where.updated_since is not None:
        conditions.append("i.UpdatedAt >= ?")
        params.append(where.updated_since)
    if where.search:
        conditions.append("(i.Name LIKE ? ESCAPE '\\' OR i.HeatNumber LIKE ? ESCAPE '\\' OR i.MaterialGrade LIKE ? ESCAPE '\\')")
        params += [like_pattern(where.search)] * 3
    return conditions, params


def by_ids(tx: Transaction, company_id: str, inventory_ids: Sequence[str]) -> dict[str, Row]:
    """id -> the company's stock row (active or not), with its reserved flag."""
    found: dict[str, Row] = {}
    for chunk in chunks(inventory_ids):
        rows = tx.query(f"{SELECT_STOCK} WHERE i.CompanyId = ? AND i.InventoryId IN {placeholders(len(chunk))}", [company_id, *chunk])
        found.update({str(row["InventoryId"]).lower(): row for row in rows})
    return found


def children_of(tx: Transaction, company_id: str, inventory_id: str) -> list[Row]:
    return tx.query(
        "SELECT InventoryId, Name, Quantity, Active FROM Inventory WHERE CompanyId = ? AND ParentInventoryId = ?"
        " ORDER BY CreatedAt, InventoryId",
        (company_id, inventory_id),
    )


def active_reservation(tx: Transaction, company_id: str, inventory_id: str) -> Row | None:
    return tx.query_one(
        "SELECT k.LinkId, k.Quantity, k.CreatedAt, u.DisplayName AS ReservedByName, l.OrderLineItemId, l.LineNumber, o.OrderId,"
        " o.OrderReference FROM OrderLineItemInventory k"
        " JOIN OrderLineItems l ON l.OrderLineItemId = k.OrderLineItemId AND l.CompanyId = k.CompanyId"
        " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
        " LEFT JOIN Users u ON u.UserId = k.CreatedById AND u.CompanyId = k.CompanyId"
        " WHERE k.CompanyId = ? AND k.InventoryId = ? AND k.Active = 1",
        (company_id, inventory_id),
    )


def certificate_of(tx: Transaction, company_id: str, certificate_id: str) -> Row | None:
    return tx.query_one(
        "SELECT CertificateId, FileName, CertificateNumber, En10204Type FROM Certificates WHERE CompanyId = ? AND CertificateId = ?",
        (company_id, certificate_id),
    )
