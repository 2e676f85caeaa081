"""Updating orders: changed fields only, line items as a complete set, optimistic concurrency.

A field absent from the body is left as it is; an update that changes nothing writes nothing (so neither
``updatedAt`` nor the history moves). Removing a line releases its reservations, and cancelling an order releases
all of them, in the same change: no stock stays reserved for something that no longer wants it. Unique keys that
move between rows of one request (two orders swapping references, two lines swapping numbers) pass through a
temporary value inside the transaction; SQL Server and our SQLite history both record such in-transaction versions
as zero-length periods, which history ignores.
"""

from __future__ import annotations

from typing import Any

from pydantic.alias_generators import to_camel

from shared.auth import Principal
from shared.db import locking
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid, to_datetime
from shared.errors import Conflict, ErrorItem, NotFound
from shared.models.fields import OrderStatus
from shared.models.orders import OrderUpdate
from shared.repositories import line_items, orders
from shared.representation import parse_timestamp
from shared.services import unreservations
from shared.services.busy_retry import retry_when_busy
from shared.services.customer_names import link_customers
from shared.services.line_set_plan import LineSetPlan, plan_line_set
from shared.services.order_fields import (
    ORDER_FIELDS,
    dates_out_of_order,
    line_row,
    order_changes,
    parked_line_numbers,
    parked_references,
)
from shared.services.order_queries import load_with_lines
from shared.services.order_rules import check_organisations, check_references, raise_if_any


def update_orders(db: Database, actor: Principal, batch: list[OrderUpdate], create_customers: bool = False) -> list[dict[str, Any]]:
    return retry_when_busy(lambda: _update_once(db, actor, batch, create_customers))


def _update_once(db: Database, actor: Principal, batch: list[OrderUpdate], create_customers: bool) -> list[dict[str, Any]]:
    with db.write() as tx:
        order_ids = apply_updates(tx, actor, link_customers(tx, actor, batch, create_customers, null_clears=True))
        updated = load_with_lines(tx, actor.company_id, order_ids)
        tx.commit()
    return updated


def apply_updates(tx: Transaction, actor: Principal, batch: list[OrderUpdate]) -> list[str]:
    order_ids = [str(update.order_id) for update in batch]
    _check_batch(actor, batch, order_ids)
    _lock(tx, actor.company_id, batch, order_ids)
    stored = _stored_orders(tx, actor, batch, order_ids)
    with_lines = [oid for oid, update in zip(order_ids, batch, strict=True) if update.line_items is not None]
    current_lines = line_items.active_for_orders(tx, actor.company_id, with_lines)
    errors: list[ErrorItem] = []
    changes = [_order_changes(index, update, stored[oid], errors) for index, (oid, update) in enumerate(zip(order_ids, batch, strict=True))]
    plans = {
        oid: plan_line_set(f"[{index}].lineItems", update.line_items, current_lines[oid], errors)
        for index, (oid, update) in enumerate(zip(order_ids, batch, strict=True))
        if update.line_items is not None
    }
    check_organisations(
        tx, actor.company_id,
        ((f"[{i}].relatedOrganisationId", c.get("RelatedOrganisationId")) for i, c in enumerate(changes)), errors,
    )
    _check_new_line_ids(tx, plans, errors)
    raise_if_any(errors)
    final_references = {oid: str(c.get("OrderReference", stored[oid]["OrderReference"])) for oid, c in zip(order_ids, changes, strict=True)}
    check_references(tx, actor.company_id, final_references)
    _write_orders(tx, actor, order_ids, changes, stored)
    for order_id, plan in plans.items():
        _write_lines(tx, actor, order_id, plan, current_lines[order_id])
        # A removed line gives its stock back in the same change (history: Unreserved).
        unreservations.release_lines(tx, actor, plan.deletes)
        if plan.changed and not changes[order_ids.index(order_id)]:
            touched = orders.touch(tx, actor.company_id, order_id, tx.now, actor.user_id, read_at=stored[order_id]["UpdatedAt"])
            tx.expect_changed(int(touched), 1, f"Order {order_id}")
    unreservations.release_orders(tx, actor, [oid for oid, c in zip(order_ids, changes, strict=True) if unreservations.cancels(c)])
    return order_ids


def _check_batch(actor: Principal, batch: list[OrderUpdate], order_ids: list[str]) -> None:
    errors: list[ErrorItem] = []
    if len(set(order_ids)) != len(order_ids):
        errors.append({"field": "orderId", "message": "the same order appears more than once"})
    for index, update in enumerate(batch):
        if update.company_id is not None and str(update.company_id) != actor.company_id:
            errors.append({"field": f"[{index}].companyId", "message": "must be the company in the path"})
    raise_if_any(errors)


def _lock(tx: Transaction, company_id: str, batch: list[OrderUpdate], order_ids: list[str]) -> None:
    """The locking protocol: the orders, the references they take, their lines and the line ids the body names."""
    tx.lock(locking.ORDERS, company_id, order_ids)
    tx.lock(locking.ORDER_REFERENCES, company_id, [update.order_reference for update in batch if update.order_reference])
    # Lines of orders whose set of lines is sent, or that are being cancelled (which releases their reservations).
    with_lines = [
        order_id for order_id, update in zip(order_ids, batch, strict=True)
        if update.line_items is not None or update.status == OrderStatus.CANCELLED
    ]
    tx.lock(locking.LINES_OF_ORDERS, company_id, with_lines)
    named = [str(line.order_line_item_id) for update in batch for line in update.line_items or () if line.order_line_item_id]
    tx.lock(locking.LINES, company_id, named)


def _stored_orders(tx: Transaction, actor: Principal, batch: list[OrderUpdate], order_ids: list[str]) -> dict[str, Row]:
    stored = orders.by_ids(tx, actor.company_id, order_ids)
    missing = [order_id for order_id in order_ids if order_id not in stored]
    if missing:
        raise NotFound(f"No such active order in this company: {', '.join(missing)}.")
    stale = [
        {"field": f"[{index}].updatedAt", "message": "the order was changed by someone else since you read it"}
        for index, update in enumerate(batch)
        if update.updated_at is not None and _seen_at(index, update.updated_at) != to_datetime(stored[order_ids[index]]["UpdatedAt"])
    ]
    if stale:
        raise Conflict("The order was changed since it was read; reload it and apply your change again.", stale)
    return stored


def _seen_at(index: int, text: str) -> Any:
    try:
        return parse_timestamp(text)
    except ValueError:
        raise_if_any([{"field": f"[{index}].updatedAt", "message": "must be an ISO-8601 timestamp"}])


def _order_changes(index: int, update: OrderUpdate, row: Row, errors: list[ErrorItem]) -> dict[str, Any]:
    """column -> new value, for the fields the body sets to something other than what is stored."""

    def report_null(name: str) -> None:
        errors.append({"field": f"[{index}].{to_camel(name)}", "message": "may not be null"})

    values = {name: getattr(update, name) for name in ORDER_FIELDS if name in update.model_fields_set}
    changes = order_changes(values, row, report_null)
    if dates_out_of_order(changes, row):
        errors.append({"field": f"[{index}].deliveryDate", "message": "deliveryDate may not be before orderDate"})
    return changes


def _check_new_line_ids(tx: Transaction, plans: dict[str, LineSetPlan], errors: list[ErrorItem]) -> None:
    supplied = {line_id: field for plan in plans.values() for line_id, field in plan.supplied_new_ids.items()}
    for line_id in line_items.owners(tx, list(supplied)):
        errors.append({"field": supplied[line_id], "message": "this orderLineItemId belongs to another order or a removed line"})


def _write_orders(tx: Transaction, actor: Principal, order_ids: list[str], changes: list[dict[str, Any]], stored: dict[str, Row]) -> None:
    parked = parked_references(dict(zip(order_ids, changes, strict=True)), (str(row["OrderReference"]) for row in stored.values()))
    for order_id, temporary in parked.items():
        orders.update_fields(tx, actor.company_id, order_id, temporary, stored[order_id]["UpdatedAt"], tx.now, actor.user_id)
    ordered = sorted(zip(order_ids, changes, strict=True), key=lambda pair: pair[0] in parked)
    for order_id, change in ordered:
        if change:
            # A parked order was stamped by this transaction already.
            read_at = tx.now if order_id in parked else stored[order_id]["UpdatedAt"]
            orders.update_fields(tx, actor.company_id, order_id, change, read_at, tx.now, actor.user_id)


def _write_lines(tx: Transaction, actor: Principal, order_id: str, plan: LineSetPlan, current: list[Row]) -> None:
    company_id, now, user = actor.company_id, tx.now, actor.user_id
    read_at = {guid(row["OrderLineItemId"]): row["UpdatedAt"] for row in current}
    line_items.soft_delete(tx, company_id, plan.deletes, now, user)
    for line_id, temporary in parked_line_numbers(plan.parked).items():
        line_items.update_fields(tx, company_id, line_id, temporary, read_at[line_id], now, user)
    for line_id, change in sorted(plan.updates.items(), key=lambda item: item[0] in plan.parked):
        line_items.update_fields(tx, company_id, line_id, change, now if line_id in plan.parked else read_at[line_id], now, user)
    line_items.insert(tx, [line_row(line_id, order_id, company_id, values, now, user) for line_id, values in plan.creates.items()])
