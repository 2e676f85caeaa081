"""A planned import -> bulk writes through the repositories, inside the caller's transaction.

Order matters for the unique indexes: references and line numbers taken over from another row of the same
upload are first moved out of the way (a temporary value, as ``order_update`` does), then updates run, then
inserts (which may take a value an update just gave up). An order the upload cancels releases its reservations.
"""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.bulk.planning.plans import LinePlan, OrderPlan
from shared.db.database import Transaction
from shared.repositories import line_items, order_bulk, orders
from shared.services import unreservations


def write(tx: Transaction, actor: Principal, order_plan: OrderPlan, line_plan: LinePlan) -> None:
    # The transaction time, converted for the driver once rather than once per row.
    company_id, now, user_id = actor.company_id, tx.dialect.timestamp_param(tx.now), actor.user_id
    parked_orders = _parked_references(order_plan)
    order_bulk.update_orders(tx, company_id, parked_orders, order_plan.read_at, now, user_id)
    order_bulk.update_orders(tx, company_id, order_plan.updates, _stamped(order_plan.read_at, parked_orders, now), now, user_id)
    cancelled = [order_id for order_id, change in order_plan.updates.items() if unreservations.cancels(change)]
    unreservations.release_orders(tx, actor, cancelled)
    orders.insert(tx, (
        (order_id, company_id, v["OrderReference"], v["Quantity"], v["OrderDate"], v["DeliveryDate"], v["Site"], v["Status"], True,
         v["RelatedOrganisationId"], now, user_id, now, user_id, v["CustomerReference"], v["DeliveryAddress"])
        for order_id, v in order_plan.creates.items()
    ))
    parked_lines = {line_id: {"LineNumber": -1 - offset} for offset, line_id in enumerate(line_plan.parked)}
    order_bulk.update_lines(tx, company_id, parked_lines, line_plan.read_at, now, user_id)
    order_bulk.update_lines(tx, company_id, line_plan.updates, _stamped(line_plan.read_at, parked_lines, now), now, user_id)
    line_items.insert(tx, (
        (line_id, v["OrderId"], company_id, v["LineNumber"], v["ProductCode"], v["Description"], v["MaterialGrade"], v["Quantity"],
         v["Unit"], v["Notes"], True, now, user_id, now, user_id)
        for line_id, v in line_plan.creates.items()
    ))
    touched = sorted(line_plan.changed_orders - order_plan.updates.keys() - order_plan.creates.keys())
    order_bulk.touch_orders(tx, company_id, touched, now, user_id)


def _stamped(read_at: dict[str, Any], parked: dict[str, Any], now: Any) -> dict[str, Any]:
    """Rows parked earlier in this transaction carry its time now; the others are as they were read."""
    return {**read_at, **dict.fromkeys(parked, now)}


def _parked_references(plan: OrderPlan) -> dict[str, dict[str, str]]:
    """Orders taking a reference that another order of this upload holds now go through a temporary one."""
    held = {reference.casefold() for reference in plan.stored_references.values()}
    return {
        order_id: {"OrderReference": f"~moving~{order_id}"}
        for order_id, change in plan.updates.items()
        if "OrderReference" in change and change["OrderReference"].casefold() in held
    }
