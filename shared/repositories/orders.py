"""Orders table: reads with the customer name joined in, bulk inserts, field updates, soft delete/restore.

Every write that sets ``OrderReference`` sets ``OrderReferenceKey`` with it, here (``insert``, ``with_reference_key``):
callers never compute the key, so no write path can forget it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.order_references import reference_key
from shared.repositories.sql import chunks, placeholders, set_clause

SELECT_ORDER = (
    "SELECT o.OrderId, o.CompanyId, o.OrderReference, o.Quantity, o.OrderDate, o.DeliveryDate, o.Site, o.Status,"
    " o.Active, o.RelatedOrganisationId, r.Name AS CustomerName, o.CustomerReference, o.DeliveryAddress, o.CreatedAt,"
    " o.UpdatedAt, o.DeletedAt"
    " FROM Orders o LEFT JOIN RelatedOrganisations r"
    " ON r.RelatedOrganisationId = o.RelatedOrganisationId AND r.CompanyId = o.CompanyId"
)
# SELECT_ORDER's result columns in order, for readers of value tuples.
ORDER_FIELDS = (
    "OrderId", "CompanyId", "OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status", "Active",
    "RelatedOrganisationId", "CustomerName", "CustomerReference", "DeliveryAddress", "CreatedAt", "UpdatedAt", "DeletedAt",
)

INSERT_COLUMNS = (
    "OrderId", "CompanyId", "OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status", "Active",
    "RelatedOrganisationId", "CreatedAt", "CreatedById", "UpdatedAt", "UpdatedById", "CustomerReference", "DeliveryAddress",
)
_STORED_COLUMNS = (*INSERT_COLUMNS, "OrderReferenceKey")  # the key is derived by ``insert``
INSERT_ORDER = f"INSERT INTO Orders ({', '.join(_STORED_COLUMNS)}) VALUES {placeholders(len(_STORED_COLUMNS))}"
_REFERENCE = INSERT_COLUMNS.index("OrderReference")

UPDATABLE = frozenset(
    {"OrderReference", "Quantity", "OrderDate", "DeliveryDate", "Site", "Status", "RelatedOrganisationId", "CustomerReference",
     "DeliveryAddress"}
)
WRITTEN = UPDATABLE | {"OrderReferenceKey"}  # what an update statement may set: the fields and the derived key
ORDER_BY_LIST = " ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"


def by_ids(tx: Transaction, company_id: str, order_ids: Sequence[str], *, active: bool | None = True) -> dict[str, Row]:
    """The company's orders among ``order_ids`` (active only, deleted only, or either), keyed by id."""
    found: dict[str, Row] = {}
    # A literal, so SQL Server can use the indexes filtered on Active = 1.
    active_filter = "" if active is None else f" AND o.Active = {int(active)}"
    for chunk in chunks(order_ids):
        sql = f"{SELECT_ORDER} WHERE o.CompanyId = ? AND o.OrderId IN {placeholders(len(chunk))}{active_filter}"
        for row in tx.query(sql, [company_id, *chunk]):
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
    """reference key -> id of the active order holding it (served by UX_Orders_ActiveReferenceKey)."""
    owners: dict[str, str] = {}
    for chunk in chunks(sorted({reference_key(reference) for reference in references})):
        rows = tx.query(
            "SELECT OrderId, OrderReferenceKey FROM Orders"
            f" WHERE CompanyId = ? AND Active = 1 AND OrderReferenceKey IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        owners.update({str(row["OrderReferenceKey"]): str(row["OrderId"]).lower() for row in rows})
    return owners


# The key without its leading (or trailing) zeros, in SQL every dialect runs: zeros become spaces, LTRIM (RTRIM) drops
# the outer ones, the rest become zeros again (only for keys without spaces, which number-like references are).
_WITHOUT_LEADING_ZEROS = "REPLACE(LTRIM(REPLACE(OrderReferenceKey, '0', ' ')), ' ', '0')"
_WITHOUT_TRAILING_ZEROS = "REPLACE(RTRIM(REPLACE(OrderReferenceKey, '0', ' ')), ' ', '0')"


def zero_padded_references(tx: Transaction, company_id: str, numbers: Sequence[str]) -> list[str]:
    """References of active orders that are one of ``numbers`` with leading zeros (``00123`` for ``123``) or, when it
    has a decimal point, trailing zeros (``1.4310`` for ``1.431``): candidates the caller confirms.

    One query per ``chunks`` of numbers, reading only the company's active references that start with ``0`` or end
    with ``0`` after a dot."""
    found: list[str] = []
    for chunk in chunks(sorted(set(numbers))):
        rows = tx.query(
            "SELECT OrderReference FROM Orders WHERE CompanyId = ? AND Active = 1 AND OrderReferenceKey NOT LIKE '% %'"
            f" AND ((OrderReferenceKey LIKE '0%' AND {_WITHOUT_LEADING_ZEROS} IN {placeholders(len(chunk))})"
            f" OR (OrderReferenceKey LIKE '%.%0' AND {_WITHOUT_TRAILING_ZEROS} IN {placeholders(len(chunk))}))",
            [company_id, *chunk, *chunk],
        )
        found.extend(str(row["OrderReference"]) for row in rows)
    return found


def with_reference_key(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes of an update, with the reference's key when the reference changes."""
    if "OrderReference" not in changes:
        return changes
    return {**changes, "OrderReferenceKey": reference_key(str(changes["OrderReference"]))}


def insert(tx: Transaction, rows: Iterable[Sequence[Any]]) -> None:
    """Rows in ``INSERT_COLUMNS`` order (of one company); the reference key is added here."""
    batch = [(*row, reference_key(str(row[_REFERENCE]))) for row in rows]
    tx.executemany(INSERT_ORDER, batch)
    if batch:
        tx.note_changed_orders(str(batch[0][1]), (row[0] for row in batch))


# Every write of an order it decided on is guarded: the row must still be active with the UpdatedAt it was read
# with (the caller holds the row's lock; the guard is what makes a missed lock a 409, not a lost update).
_GUARD = " WHERE CompanyId = ? AND OrderId = ? AND Active = ? AND UpdatedAt = ?"


def update_fields(
    tx: Transaction, company_id: str, order_id: str, changes: dict[str, Any], read_at: Any, now: datetime, actor_id: str
) -> None:
    """Set the changed columns of an active order still stamped ``read_at`` (409 when it is not)."""
    changes = with_reference_key(changes)
    sql = f"UPDATE Orders SET {set_clause(list(changes), WRITTEN)}, UpdatedAt = ?, UpdatedById = ?{_GUARD}"
    changed = tx.execute(sql, [*changes.values(), now, actor_id, company_id, order_id, True, read_at])
    tx.expect_changed(changed, 1, f"Order {order_id}")
    tx.note_changed_orders(company_id, [order_id])


def touch(tx: Transaction, company_id: str, order_id: str, now: datetime, actor_id: str, read_at: Any = None) -> bool:
    """Mark the order changed (its line items or reservations changed): the aggregate's updatedAt guards concurrent
    edits and moves delta sync. With ``read_at``, only while it is still stamped so. False when no row changed."""
    guard, params = ("", ()) if read_at is None else (" AND UpdatedAt = ?", (read_at,))
    changed = tx.execute(
        f"UPDATE Orders SET UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ?{guard}",
        (now, actor_id, company_id, order_id, *params),
    )
    if changed:
        tx.note_changed_orders(company_id, [order_id])
    return changed == 1


def set_active(tx: Transaction, company_id: str, order_id: str, active: bool, read_at: Any, now: datetime, actor_id: str) -> None:
    """Soft delete (``active=False``) or restore an order still in the other state and stamped ``read_at``."""
    changed = tx.execute(
        f"UPDATE Orders SET Active = ?, DeletedAt = ?, UpdatedAt = ?, UpdatedById = ?{_GUARD}",
        (active, None if active else now, now, actor_id, company_id, order_id, not active, read_at),
    )
    tx.expect_changed(changed, 1, f"Order {order_id}")
    tx.note_changed_orders(company_id, [order_id])


def list_deleted(tx: Transaction, company_id: str) -> list[Row]:
    return tx.query(
        f"{SELECT_ORDER} WHERE o.CompanyId = ? AND o.Active = 0 ORDER BY o.DeletedAt DESC, o.OrderReference",
        (company_id,),
    )
