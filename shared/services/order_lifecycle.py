"""Soft delete and restore. A restore brings back exactly the line items deleted together with the order.

Both follow the locking protocol (shared.db.locking): the orders and their lines are locked before they are read,
and every write is guarded by the state and ``UpdatedAt`` that were read.
"""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.db import locking
from shared.db.database import Database, Row, Transaction
from shared.errors import NotFound
from shared.repositories import line_items, orders
from shared.services.busy_retry import retry_when_busy
from shared.services.order_rules import check_references


def delete_orders(db: Database, actor: Principal, order_ids: list[str]) -> dict[str, Any]:
    deleted = retry_when_busy(lambda: _delete_once(db, actor, order_ids))
    return {"deletedCount": len(deleted), "deletedIds": deleted}


def restore_orders(db: Database, actor: Principal, order_ids: list[str]) -> dict[str, Any]:
    restored = retry_when_busy(lambda: _restore_once(db, actor, order_ids))
    # deleted* repeats restored* for clients of the published contract.
    return {"restoredCount": len(restored), "restoredIds": restored, "deletedCount": len(restored), "deletedIds": restored}


def _delete_once(db: Database, actor: Principal, order_ids: list[str]) -> list[str]:
    with db.write() as tx:
        found = _locked(tx, actor, order_ids)
        deleted = [order_id for order_id in dict.fromkeys(order_ids) if found[order_id]["Active"]]
        for order_id in deleted:
            line_items.delete_with_order(tx, actor.company_id, order_id, tx.now, actor.user_id)
            orders.set_active(tx, actor.company_id, order_id, False, found[order_id]["UpdatedAt"], tx.now, actor.user_id)
        tx.commit()
    return deleted


def _restore_once(db: Database, actor: Principal, order_ids: list[str]) -> list[str]:
    with db.write() as tx:
        found = _locked(tx, actor, order_ids, references=True)
        restored = [order_id for order_id in dict.fromkeys(order_ids) if not found[order_id]["Active"]]
        check_references(tx, actor.company_id, {order_id: found[order_id]["OrderReference"] for order_id in restored})
        for order_id in restored:
            row = found[order_id]
            line_items.restore_with_order(tx, actor.company_id, order_id, row["DeletedAt"], tx.now, actor.user_id)
            orders.set_active(tx, actor.company_id, order_id, True, row["UpdatedAt"], tx.now, actor.user_id)
        tx.commit()
    return restored


def _locked(tx: Transaction, actor: Principal, order_ids: list[str], *, references: bool = False) -> dict[str, Row]:
    """The orders (active or not) with their lines locked; a restore also locks the references it takes back."""
    tx.lock(locking.ORDERS, actor.company_id, order_ids)
    found = orders.by_ids(tx, actor.company_id, order_ids, active=None)
    missing = [order_id for order_id in order_ids if order_id not in found]
    if missing:
        raise NotFound(f"No such order in this company: {', '.join(missing)}.")
    if references:
        tx.lock(locking.ORDER_REFERENCES, actor.company_id, [str(row["OrderReference"]) for row in found.values()])
    tx.lock(locking.LINES_OF_ORDERS, actor.company_id, order_ids)
    return found
