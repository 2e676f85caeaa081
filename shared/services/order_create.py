"""Creating orders with their line items: one transaction for the whole batch."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Principal
from shared.db import locking
from shared.db.database import Database, Transaction
from shared.errors import Conflict, ErrorItem
from shared.models.orders import OrderCreate
from shared.repositories import line_items, orders
from shared.services.busy_retry import retry_when_busy
from shared.services.customer_names import link_customers
from shared.services.order_fields import LINE_FIELDS, ORDER_FIELDS, delivery_before_order, line_row, new_order_values, order_row
from shared.services.order_queries import load_with_lines
from shared.services.order_rules import assign_line_numbers, check_organisations, check_references, raise_if_any


def create_orders(db: Database, actor: Principal, batch: list[OrderCreate], create_customers: bool = False) -> list[dict[str, Any]]:
    # Ids the client did not choose are drawn once, so a retried attempt creates the same orders.
    order_ids = [str(order.order_id or uuid.uuid4()) for order in batch]
    line_ids = [[str(line.order_line_item_id or uuid.uuid4()) for line in order.line_items or []] for order in batch]
    return retry_when_busy(lambda: _create_once(db, actor, batch, (order_ids, line_ids), create_customers))


def _create_once(
    db: Database, actor: Principal, batch: list[OrderCreate], ids: tuple[list[str], list[list[str]]], create_customers: bool
) -> list[dict[str, Any]]:
    order_ids, line_ids = ids
    with db.write() as tx:
        insert_orders(tx, actor, link_customers(tx, actor, batch, create_customers), order_ids, line_ids)
        created = load_with_lines(tx, actor.company_id, order_ids)
        tx.commit()
    return created


def insert_orders(tx: Transaction, actor: Principal, batch: list[OrderCreate], order_ids: list[str], line_ids: list[list[str]]) -> None:
    # The locking protocol: the new ids and the references they take (absent keys are range-locked on SQL Server).
    tx.lock(locking.ORDERS, actor.company_id, order_ids)
    tx.lock(locking.ORDER_REFERENCES, actor.company_id, [order.order_reference for order in batch])
    tx.lock(locking.LINES, actor.company_id, [line_id for ids in line_ids for line_id in ids])
    errors: list[ErrorItem] = []
    for index, order in enumerate(batch):
        if order.company_id is not None and str(order.company_id) != actor.company_id:
            errors.append({"field": f"[{index}].companyId", "message": "must be the company in the path"})
        # With both dates in the body the schema has refused the order already; an omitted order date is today.
        if order.order_date is None and delivery_before_order(tx.now.date(), order.delivery_date):
            errors.append({"field": f"[{index}].deliveryDate", "message": "deliveryDate may not be before orderDate (today)"})
    check_organisations(
        tx, actor.company_id, ((f"[{i}].relatedOrganisationId", _opt(o.related_organisation_id)) for i, o in enumerate(batch)), errors
    )
    numbers = [
        assign_line_numbers([line.line_number for line in order.line_items or []], (), f"[{i}].lineItems", errors)
        for i, order in enumerate(batch)
    ]
    raise_if_any(errors)
    _check_new_ids(tx, order_ids, [line_id for ids in line_ids for line_id in ids])
    check_references(tx, actor.company_id, {oid: order.order_reference for oid, order in zip(order_ids, batch, strict=True)})
    orders.insert(tx, (_order_row(tx, actor, oid, order) for oid, order in zip(order_ids, batch, strict=True)))
    line_items.insert(tx, _line_rows(tx, actor, order_ids, batch, line_ids, numbers))


def _opt(value: uuid.UUID | None) -> str | None:
    return None if value is None else str(value)


def _check_new_ids(tx: Transaction, order_ids: list[str], line_ids: list[str]) -> None:
    conflicts: list[ErrorItem] = []
    if len(set(order_ids)) != len(order_ids):
        conflicts.append({"field": "orderId", "message": "the same orderId appears more than once"})
    if len(set(line_ids)) != len(line_ids):
        conflicts.append({"field": "orderLineItemId", "message": "the same orderLineItemId appears more than once"})
    conflicts += [{"field": "orderId", "message": f"{oid} already exists"} for oid in sorted(orders.ids_in_use(tx, order_ids))]
    conflicts += [
        {"field": "orderLineItemId", "message": f"{lid} already exists"} for lid in sorted(line_items.owners(tx, line_ids))
    ]
    if conflicts:
        raise Conflict("An id in the request is already in use.", conflicts)


def _order_row(tx: Transaction, actor: Principal, order_id: str, order: OrderCreate) -> tuple[Any, ...]:
    values = new_order_values({name: getattr(order, name) for name in ORDER_FIELDS}, tx.now.date())
    return order_row(order_id, actor.company_id, values, tx.now, actor.user_id)


def _line_rows(
    tx: Transaction, actor: Principal, order_ids: list[str], batch: list[OrderCreate], line_ids: list[list[str]], numbers: list[list[int]]
) -> list[tuple[Any, ...]]:
    rows = []
    for order_id, order, ids, order_numbers in zip(order_ids, batch, line_ids, numbers, strict=True):
        for line, line_id, number in zip(order.line_items or [], ids, order_numbers, strict=True):
            values = {column: getattr(line, name) for name, column in LINE_FIELDS.items()} | {"LineNumber": number}
            rows.append(line_row(line_id, order_id, actor.company_id, values, tx.now, actor.user_id))
    return rows
