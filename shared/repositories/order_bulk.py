"""Bulk writes for imports: field updates of many orders and line items with one ``executemany`` per set of
changed columns (an import usually changes the same few columns everywhere, so these are few statements)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from shared.db.database import Transaction
from shared.repositories import line_items, orders
from shared.repositories.sql import set_clause

Changes = Mapping[str, Mapping[str, Any]]  # row id -> column -> new value

# table -> (its key column, the columns an update may set)
_TABLES = {"Orders": ("OrderId", orders.UPDATABLE), "OrderLineItems": ("OrderLineItemId", line_items.UPDATABLE)}


def update_orders(tx: Transaction, company_id: str, changes: Changes, now: datetime, actor_id: str) -> None:
    _update(tx, "Orders", company_id, changes, now, actor_id)


def update_lines(tx: Transaction, company_id: str, changes: Changes, now: datetime, actor_id: str) -> None:
    _update(tx, "OrderLineItems", company_id, changes, now, actor_id)


def touch_orders(tx: Transaction, company_id: str, order_ids: Iterable[str], now: datetime, actor_id: str) -> None:
    """Mark orders changed whose line items changed (as ``orders.touch`` does for one)."""
    tx.executemany(
        "UPDATE Orders SET UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ?",
        ((now, actor_id, company_id, order_id) for order_id in order_ids),
    )


def _update(tx: Transaction, table: str, company_id: str, changes: Changes, now: datetime, actor_id: str) -> None:
    key, updatable = _TABLES[table]  # table and column names come from this module, never from input
    for columns, ids in _by_columns(changes):
        sql = f"UPDATE {table} SET {set_clause(columns, updatable)}, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND {key} = ?"
        tx.executemany(sql, ([*(changes[row_id][column] for column in columns), now, actor_id, company_id, row_id] for row_id in ids))


def _by_columns(changes: Changes) -> list[tuple[list[str], list[str]]]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for row_id, change in changes.items():
        if change:
            groups.setdefault(tuple(sorted(change)), []).append(row_id)
    return [(list(columns), ids) for columns, ids in sorted(groups.items())]
