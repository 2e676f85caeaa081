"""Reserving stock against order lines, and releasing it.

A reservation links one whole stock row to one line item. Reserving part of a row (``split``) first splits it:
the row keeps the rest, and a new row with the reserved quantity, the same heat number, grade and certificate,
and ``ParentInventoryId`` pointing back, is linked instead, so traceability follows the material.

Atomic under concurrency: everything happens in one write transaction that holds the stock row's lock from the
moment it is read (SQLite: ``BEGIN IMMEDIATE``; SQL Server: ``UPDLOCK, HOLDLOCK``), and the quantity changes
only through a compare-and-set. A filtered unique index allows one active link per row as the last defence.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid, opt_guid, plain_decimal, to_decimal
from shared.errors import BadRequest, Conflict, NotFound
from shared.models.reservations import ReserveQuery
from shared.repositories import inventory, reservation_links
from shared.services.busy_retry import retry_when_busy
from shared.services.idempotency import Outcome, checked_key, fingerprint, run_once

# Width of Inventory.Name; a split row's name is cut before its " - {orderReference}" suffix to fit.
MAX_INVENTORY_NAME = 400


@dataclass(frozen=True)
class ReserveRequest:
    order_id: str
    line_item_id: str
    inventory_id: str
    quantity: Decimal
    split: bool

    @classmethod
    def from_query(cls, order_id: str, line_item_id: str, query: ReserveQuery) -> ReserveRequest:
        return cls(order_id, line_item_id, str(query.inventory_id), query.reserve_quantity, query.split)

    def fingerprint(self) -> str:
        parts = (self.order_id, self.line_item_id, self.inventory_id, plain_decimal(self.quantity), self.split)
        return fingerprint("reserve_inventory", *parts)


def reserve(db: Database, actor: Principal, request: ReserveRequest, idempotency_key: str | None = None) -> Outcome:
    """201 and the new link; with a key already used for this request, the first response again."""
    key = checked_key(idempotency_key)
    return retry_when_busy(lambda: _reserve_once(db, actor, request, key))


def unreserve(db: Database, actor: Principal, order_id: str, line_item_id: str, inventory_id: str) -> dict[str, Any]:
    """Deactivate the link (history keeps who did it); a split stays split."""
    link_id = retry_when_busy(lambda: _unreserve_once(db, actor, order_id, line_item_id, inventory_id))
    return {"linkId": link_id, "companyId": actor.company_id, "orderLineItemId": line_item_id, "inventoryId": inventory_id}


def must_split(available: Decimal, requested: Decimal, split_allowed: bool) -> bool:
    """Whether reserving ``requested`` of a row holding ``available`` splits it (409 / 400 when it cannot be done)."""
    if requested > available:
        problem = [{"field": "reserveQuantity", "message": f"more than the {plain_decimal(available)} available"}]
        raise Conflict(f"Only {plain_decimal(available)} is available on this inventory row.", problem)
    if requested == available:
        return False
    if not split_allowed:
        problem = [{"field": "reserveQuantity", "message": f"must equal the row's quantity {plain_decimal(available)} unless split=1"}]
        raise BadRequest("Without split=1 the whole inventory row is reserved: reserveQuantity must equal its quantity.", problem)
    return True


def split_name(name: str, order_reference: str) -> str:
    suffix = f" - {order_reference}"
    return name[: MAX_INVENTORY_NAME - len(suffix)] + suffix


def _reserve_once(db: Database, actor: Principal, request: ReserveRequest, key: str | None) -> Outcome:
    with db.write() as tx:
        # The stock lock is the first statement: SQL Server stamps temporal rows with the transaction's begin time,
        # so transactions must begin in the order they get the lock, or a waiter's update fails (error 13535).
        stock = inventory.lock_active(tx, actor.company_id, request.inventory_id)
        outcome = run_once(tx, actor.company_id, key, request.fingerprint(), 201, lambda: _reserve(tx, actor, request, stock))
        tx.commit()
    return outcome


def _reserve(tx: Transaction, actor: Principal, request: ReserveRequest, stock: Row | None) -> dict[str, Any]:
    line = _target_line(tx, actor, request.order_id, request.line_item_id)
    if stock is None:
        raise NotFound(f"No active inventory {request.inventory_id} in this company.")
    if reservation_links.active_link_of_stock(tx, actor.company_id, request.inventory_id) is not None:
        raise Conflict(f"Inventory {request.inventory_id} is already reserved.")
    available = to_decimal(stock["Quantity"]) or Decimal(0)
    split = must_split(available, request.quantity, request.split)
    linked_id = _split_off(tx, actor, stock, request.quantity, line["OrderReference"]) if split else request.inventory_id
    link_id = str(uuid.uuid4())
    reservation_links.insert(tx, link_id, actor.company_id, request.line_item_id, linked_id, request.quantity, tx.now, actor.user_id)
    return {
        "linkId": link_id,
        "linkedInventoryId": linked_id,
        "originalInventoryId": request.inventory_id,
        "wasSplit": split,
        "orderLineItemId": request.line_item_id,
    }


def _target_line(tx: Transaction, actor: Principal, order_id: str, line_item_id: str) -> Row:
    line = reservation_links.target_line(tx, actor.company_id, order_id, line_item_id)
    if line is None:
        raise NotFound(f"No active line item {line_item_id} on an active order {order_id} in this company.")
    return line


def _split_off(tx: Transaction, actor: Principal, stock: Row, quantity: Decimal, order_reference: str) -> str:
    """Move ``quantity`` of the locked row into a new child row; returns the child's id."""
    original_id = guid(stock["InventoryId"])
    remaining = (to_decimal(stock["Quantity"]) or Decimal(0)) - quantity
    if not inventory.change_quantity(tx, actor.company_id, original_id, stock["Quantity"], remaining, tx.now, actor.user_id):
        raise Conflict(f"Inventory {original_id} changed while it was being reserved; please retry.")
    child_id = str(uuid.uuid4())
    inventory.insert(tx, [(
        child_id, actor.company_id, split_name(str(stock["Name"]), order_reference), quantity, stock["Unit"],
        stock["HeatNumber"], stock["MaterialGrade"], opt_guid(stock["CertificateId"]), original_id, True,
        tx.now, actor.user_id, tx.now, actor.user_id,
    )])
    return child_id


def _unreserve_once(db: Database, actor: Principal, order_id: str, line_item_id: str, inventory_id: str) -> str:
    with db.write() as tx:
        _target_line(tx, actor, order_id, line_item_id)
        link = reservation_links.active_link(tx, actor.company_id, line_item_id, inventory_id)
        # deactivate() is guarded on Active, so of two concurrent unreserves exactly one succeeds.
        if link is None or not reservation_links.deactivate(tx, actor.company_id, guid(link["LinkId"]), tx.now, actor.user_id):
            raise NotFound(f"Inventory {inventory_id} is not reserved for line item {line_item_id}.")
        tx.commit()
    return guid(link["LinkId"])
