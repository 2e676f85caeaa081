"""Soft delete and restore. A restore brings back exactly the line items deleted together with the order."""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.errors import NotFound
from shared.repositories import line_items, orders
from shared.services.order_rules import check_references


def delete_orders(db: Database, actor: Principal, order_ids: list[str]) -> dict[str, Any]:
    with db.write() as tx:
        found = _all_known(tx, actor, order_ids)
        deleted = [order_id for order_id in order_ids if found[order_id]["Active"]]
        for order_id in deleted:
            line_items.delete_with_order(tx, actor.company_id, order_id, tx.now, actor.user_id)
            orders.set_active(tx, actor.company_id, order_id, False, tx.now, actor.user_id)
        tx.commit()
    return {"deletedCount": len(deleted), "deletedIds": deleted}


def restore_orders(db: Database, actor: Principal, order_ids: list[str]) -> dict[str, Any]:
    with db.write() as tx:
        found = _all_known(tx, actor, order_ids)
        restored = [order_id for order_id in order_ids if not found[order_id]["Active"]]
        check_references(tx, actor.company_id, {order_id: found[order_id]["OrderReference"] for order_id in restored})
        for order_id in restored:
            deleted_at = found[order_id]["DeletedAt"]
            line_items.restore_with_order(tx, actor.company_id, order_id, deleted_at, tx.now, actor.user_id)
            orders.set_active(tx, actor.company_id, order_id, True, tx.now, actor.user_id)
        tx.commit()
    # deleted* repeats restored* for clients of the published contract.
    return {"restoredCount": len(restored), "restoredIds": restored, "deletedCount": len(restored), "deletedIds": restored}


def _all_known(tx: Transaction, actor: Principal, order_ids: list[str]) -> dict[str, Row]:
    found = orders.by_ids(tx, actor.company_id, order_ids, active=None)
    missing = [order_id for order_id in order_ids if order_id not in found]
    if missing:
        raise NotFound(f"No such order in this company: {', '.join(missing)}.")
    return found
