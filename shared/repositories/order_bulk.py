"""Bulk writes for imports: field updates of many orders and line items with one ``executemany`` per set of
changed columns (an import usually changes the same few columns everywhere, so these are few statements)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.db.database import Transaction
from shared.repositories import line_items, orders
from shared.repositories.sql import set_clause

Changes = Mapping[str, Mapping[str, Any]]  # row id -> column -> new value
ReadAt = Mapping[str, Any]  # row id -> its UpdatedAt as read (under the row's lock)

# table -> (its key column, the columns an update may set)
_TABLES = {"Orders": ("OrderId", orders.WRITTEN), "OrderLineItems": ("OrderLineItemId", line_items.UPDATABLE)}


def update_orders(tx: Transaction, company_id: str, changes: Changes, read_at: ReadAt, now: Any, actor_id: str) -> None:
    """A changed reference carries its key along (``orders.with_reference_key``)."""
    keyed = {order_id: orders.with_reference_key(dict(change)) for order_id, change in changes.items()}
    _update(tx, "Orders", company_id, keyed, read_at, now, actor_id)
    tx.note_changed_orders(company_id, changes)


def update_lines(tx: Transaction, company_id: str, changes: Changes, read_at: ReadAt, now: Any, actor_id: str) -> None:
    _update(tx, "OrderLineItems", company_id, changes, read_at, now, actor_id)


def touch_orders(tx: Transaction, company_id: str, order_ids: Sequence[str], now: Any, actor_id: str) -> None:
    """Mark active orders changed whose line items changed (as ``orders.touch`` does for one)."""
    changed = tx.executemany(
        "UPDATE Orders SET UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ? AND OrderId = ? AND Active = ?",
        ((now, actor_id, company_id, order_id, True) for order_id in order_ids),
    )
    tx.expect_changed(changed, len(order_ids), "An order")
    tx.note_changed_orders(company_id, order_ids)


def _update(tx: Transaction, table: str, company_id: str, changes: Changes, read_at: ReadAt, now: Any, actor_id: str) -> None:
    """Guarded like the single-row updates: each row must still be active and stamped as it was read."""
    key, updatable = _TABLES[table]  # table and column names come from this module, never from input
    for columns, ids in _by_columns(changes):
        sql = (
            f"UPDATE {table} SET {set_clause(columns, updatable)}, UpdatedAt = ?, UpdatedById = ?"
            f" WHERE CompanyId = ? AND {key} = ? AND Active = ? AND UpdatedAt = ?"
        )
        changed = tx.executemany(sql, (
            [*(changes[row_id][column] for column in columns), now, actor_id, company_id, row_id, True, read_at[row_id]] for row_id in ids
        ))
        tx.expect_changed(changed, len(ids), "An order or line item")


def _by_columns(changes: Changes) -> list[tuple[list[str], list[str]]]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for row_id, change in changes.items():
        if change:
            groups.setdefault(tuple(sorted(change)), []).append(row_id)
    return [(list(columns), ids) for columns, ids in sorted(groups.items())]
