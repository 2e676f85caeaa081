"""The filtered, keyset-paged order list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.orders import ORDER_BY_LIST, SELECT_ORDER


@dataclass(frozen=True)
class OrderFilter:
    statuses: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    related_organisation_id: str | None = None
    search: str | None = None
    order_date_from: date | None = None
    order_date_to: date | None = None
    updated_since: datetime | None = None
    include_deleted: bool = False
    change_token: int | None = None  # only orders changed after this change-marker value, deleted ones included


@dataclass(frozen=True)
class Cursor:
    """The sort key of the last order on the previous page."""

    order_date: date
    order_reference: str
    order_id: str


def like_pattern(text: str) -> str:
    """A substring pattern with LIKE's wildcards escaped (``[`` is a wildcard in SQL Server)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("[", "\\[")
    return f"%{escaped}%"


def list_orders(tx: Transaction, company_id: str, where: OrderFilter, after: Cursor | None, limit: int | None) -> list[Row]:
    sql, params = _list_sql(tx, company_id, where, after, limit)
    return tx.query(sql, params)


def list_order_values(
    tx: Transaction, company_id: str, where: OrderFilter, after: Cursor | None, limit: int | None
) -> list[tuple[Any, ...]]:
    """The same list as value tuples in ``SELECT_ORDER``'s column order (``ORDER_FIELDS``): no dict per row."""
    sql, params = _list_sql(tx, company_id, where, after, limit)
    return tx.query_values(sql, params)


def _list_sql(
    tx: Transaction, company_id: str, where: OrderFilter, after: Cursor | None, limit: int | None
) -> tuple[str, list[Any]]:
    conditions, params = _conditions(company_id, where)
    if after is not None:
        conditions.append(
            "(o.OrderDate < ? OR (o.OrderDate = ? AND (o.OrderReference > ?"
            " OR (o.OrderReference = ? AND o.OrderId > ?))))"
        )
        params += [after.order_date, after.order_date, after.order_reference, after.order_reference, after.order_id]
    sql = f"{SELECT_ORDER} WHERE {' AND '.join(conditions)}{ORDER_BY_LIST}"
    if limit is not None:
        sql = tx.dialect.first(sql)
        params.append(limit)
    return sql, params


def _conditions(company_id: str, where: OrderFilter) -> tuple[list[str], list[Any]]:
    conditions = ["o.CompanyId = ?"]
    params: list[Any] = [company_id]
    if where.change_token is not None:  # served by IX_OrderChanges_Version
        conditions.append("o.OrderId IN (SELECT c.OrderId FROM OrderChanges c WHERE c.CompanyId = ? AND c.Version > ?)")
        params += [company_id, where.change_token]
    elif not where.include_deleted:
        # A literal, not a parameter: SQLite re-plans a statement whose parameter it compared with a partial index's
        # condition (UX_Orders_ActiveReferenceKey, WHERE Active = 1) on every execution (about 25 µs a page), and
        # SQL Server can use the indexes filtered on Active = 1.
        conditions.append("o.Active = 1")
    optional: list[tuple[str, Any]] = [
        ("o.RelatedOrganisationId = ?", where.related_organisation_id),
        ("o.OrderDate >= ?", where.order_date_from),
        ("o.OrderDate <= ?", where.order_date_to),
        ("o.UpdatedAt >= ?", where.updated_since),
    ]
    for condition, value in optional:
        if value is not None:
            conditions.append(condition)
            params.append(value)
    # Multi-value filters: any of the values (repeated parameters or a comma list).
    if where.statuses:
        conditions.append(f"o.Status IN ({', '.join('?' for _ in where.statuses)})")
        params += list(where.statuses)
    if where.sites:
        conditions.append(f"LOWER(o.Site) IN ({', '.join('LOWER(?)' for _ in where.sites)})")
        params += list(where.sites)
    if where.search:
        conditions.append("(o.OrderReference LIKE ? ESCAPE '\\' OR r.Name LIKE ? ESCAPE '\\')")
        pattern = like_pattern(where.search)
        params += [pattern, pattern]
    return conditions, params
