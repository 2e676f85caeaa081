"""Orders table: reads with the customer name joined in, bulk inserts, field updates, soft delete/restore."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders, set_clause

SELECT_ORDER = (
    "SELECT o.OrderId, o.CompanyId, o.OrderReference, o.Quantity, o.OrderDate, o.DeliveryDate, o.Site, o.Status,"
    " o.Active, o.RelatedOrganisationId, r.Name AS CustomerName, o.CustomerReference, o.DeliveryAddress, o.CreatedAt,"
    " o.UpdatedAt, o.DeletedAt"
    " FROM Orders o LEFT JOIN RelatedOrganisations r"
    " ON r.RelatedOrganisationId = o.RelatedOrganisationId AND r.CompanyId = o.CompanyId"
)

INSERT_COLUMNS = (
    "OrderId", "CompanyId", "OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status", "Active",
    "RelatedOrganisationId", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById", "CustomerReference", "DeliveryAddress",
)
INSERT_ORDER = f"INSERT INTO Orders ({', '.join(INSERT_COLUMNS)}) VALUES {placeholders(len(INSERT_COLUMNS))}"

UPDATABLE = frozenset(
    {"OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status", "RelatedOrganisationId", "CustomerReference",
     "DeliveryAddress"}
)
ORDER_BY_LIST = " ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"


def by_ids(tx: Transaction, company_id: str, order_ids: Sequence[str], *, active: bool | None = True) -> dict[str, Row]:
    """The company's orders among ``order_ids`` (active only, deleted only, or either), keyed by id."""
    found: dict[str, Row] = {}
    active_filter = "" if active is None else " AND o.Active = ?"
    for chunk in chunks(order_ids):
        params: list[Any] = [company_id, *chunk] + ([] if active is None else [active])
        sql = f"{SELECT_ORDER} WHERE o.CompanyId = ? AND o.OrderId IN {placeholders(len(chunk))}{active_filter}"
        for row in tx.query(sql, params):
            found[str(row["OrderId"]).lower()] = row
    return found


def ids_in_use(tx: Transaction, order_ids: Sequence[str]) -> set[str]:
    """Which of these ids exist at all, in any company (ids are global keys)."""
    used: set[str] = set()
    for chunk in chunks(order_ids):
        rows = tx.query(f"SELECT OrderId FROM Orders WHERE OrderId IN {placeholders(len(chunk))}", list(chunk))
        used.update(str(row["OrderId"]).lower() for row in rows)
    return used


def active_reference_owners(tx: Transaction, company_id: str, references: Sequence[str]) -> dict[str, str]:
    """casefolded reference -> id of the active order holding it."""
    owners: dict[str, str] = {}
    for chunk in chunks(references):
        rows = tx.query(
            "SELECT OrderId, OrderReference FROM Orders"
            f" WHERE CompanyId = ? AND Active = ? AND OrderReference IN {placeholders(len(chunk))}",
            [company_id, True, *chunk],
        )
        owners.update({str(row["OrderReference"]).casefold(): str(row["OrderId"]).lower() for row in rows})
    return owners


def insert(tx: Transaction, rows: Iterable[Sequence[Any]]) -> None:
    tx.executemany(INSERT_ORDER, rows)


def update_fields(tx: Transaction, company_id: str, order_id: str, changes: dict[str, Any], now: datetime, actor_id: str) -> None:
    columns = list(changes)
    sql = f"UPDATE Orders SET {set_clause(columns, UPDATABLE)}, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ?"
    tx.execute(sql, [*changes.values(), now, actor_id, company_id, order_id])


def touch(tx: Transaction, company_id: str, order_id: str, now: datetime, actor_id: str) -> bool:
    """Mark the order changed (its line items or reservations changed): the aggregate's updatedAt guards concurrent
    edits and moves delta sync. False when there is no such order."""
    changed = tx.execute(
        "UPDATE Orders SET UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ?",
        (now, actor_id, company_id, order_id),
    )
    return changed == 1


def set_active(tx: Transaction, company_id: str, order_id: str, active: bool, now: datetime, actor_id: str) -> None:
    tx.execute(
        "UPDATE Orders SET Active = ?, DeletedAt = ?, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ?",
        (active, None if active else now, now, actor_id, company_id, order_id),
    )


def list_deleted(tx: Transaction, company_id: str) -> list[Row]:
    return tx.query(
        f"{SELECT_ORDER} WHERE o.CompanyId = ? AND o.Active = ? ORDER BY o.DeletedAt DESC, o.OrderReference",
        (company_id, False),
    )
