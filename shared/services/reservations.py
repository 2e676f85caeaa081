"""Reserving stock against order lines (releasing it: ``unreservations``).

A reservation links one whole stock row to one line item. Reserving part of a row (``split``) first splits it:
the row keeps the rest, and a new row with the reserved quantity, the same heat number, grade and certificate,
and ``ParentInventoryId`` pointing back, is linked instead, so traceability follows the material. The stock must be
the material the line asks for and may not take the line over its quantity (``reservation_checks``), and a
reservation is a change of the order: its ``updatedAt`` moves.

Atomic under concurrency: one write transaction follows the locking protocol (shared.db.locking): the idempotency
key, the order, its line and the stock row are locked first, in that global order (SQLite: ``BEGIN IMMEDIATE``; SQL
Server: ``UPDLOCK, HOLDLOCK``), so two reservations for one line or one row decide one after the other; the quantity
changes only through a compare-and-set, and a filtered unique index allows one active link per row as the last
defence.
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
from shared.repositories import inventory, orders, reservation_links, reservations
from shared.services import reservation_checks as checks
from shared.services.busy_retry import retry_when_busy
from shared.services.idempotency import Outcome, checked_key, fingerprint, lock_key, purge_expired, run_once

# Width of Inventory.Name; a split row's name is cut before its " - {orderReference}" suffix to fit.
MAX_INVENTORY_NAME = 400


@dataclass(frozen=True)
class ReserveRequest:
    order_id: str
    line_item_id: str
    inventory_id: str
    quantity: Decimal
    split: bool
    allow_substitute: bool = False
    allow_over: bool = False

    @classmethod
    def from_query(cls, order_id: str, line_item_id: str, query: ReserveQuery) -> ReserveRequest:
        flags = (query.split, query.allow_substitute, query.allow_over)
        return cls(order_id, line_item_id, str(query.inventory_id), query.reserve_quantity, *flags)

    def fingerprint(self) -> str:
        parts = (self.order_id, self.line_item_id, self.inventory_id, plain_decimal(self.quantity), self.split)
        # The flags count only when set, so a key stored before they existed still matches its retry.
        flags = [name for name, on in (("allowSubstitute", self.allow_substitute), ("allowOver", self.allow_over)) if on]
        return fingerprint("reserve_inventory", *parts, *flags)


@dataclass(frozen=True)
class Locked:
    """What a reservation decides on, read under lock in the global order."""

    order: Row | None
    line: Row | None
    stock: Row | None


def reserve(db: Database, actor: Principal, request: ReserveRequest, idempotency_key: str | None = None) -> Outcome:
    """201 and the new link; with a key already used for this request, the first response again."""
    key = checked_key(idempotency_key)
    outcome = retry_when_busy(lambda: _reserve_once(db, actor, request, key))
    if key is not None:
        purge_expired(db, actor.company_id, db.clock.now())
    return outcome


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
        # Locks first, in the global order. SQL Server stamps temporal rows with the transaction's begin time, so a
        # transaction that began before the one it waited for fails its update (13535): retried by retry_when_busy.
        company_id = actor.company_id
        lock_key(tx, company_id, key)
        locked = Locked(
            reservation_links.lock_order(tx, company_id, request.order_id),
            reservation_links.lock_line(tx, company_id, request.line_item_id),
            inventory.lock_active(tx, company_id, request.inventory_id),
        )
        outcome = run_once(tx, company_id, key, request.fingerprint(), 201, lambda: _reserve(tx, actor, request, locked))
        tx.commit()
    return outcome


def _reserve(tx: Transaction, actor: Principal, request: ReserveRequest, locked: Locked) -> dict[str, Any]:
    order, line, stock = locked.order, locked.line, locked.stock
    checks.check_target(order, line, request.order_id, request.line_item_id)
    assert order is not None and line is not None
    if stock is None:
        raise NotFound(f"No active inventory {request.inventory_id} in this company.")
    checks.raise_if_held(reservation_links.holder_of_stock(tx, actor.company_id, request.inventory_id), request.inventory_id)
    split = must_split(to_decimal(stock["Quantity"]) or Decimal(0), request.quantity, request.split)
    substitute = _checked_fit(tx, actor, request, line, stock)
    linked_id = _split_off(tx, actor, stock, request.quantity, order["OrderReference"]) if split else request.inventory_id
    link_id = str(uuid.uuid4())
    reservation_links.insert(
        tx, link_id, actor.company_id, request.line_item_id, linked_id, request.quantity, substitute, tx.now, actor.user_id
    )
    if not orders.touch(tx, actor.company_id, request.order_id, tx.now, actor.user_id):
        raise Conflict(f"Order {request.order_id} changed while stock was being reserved; please retry.")
    return {
        "linkId": link_id,
        "linkedInventoryId": linked_id,
        "originalInventoryId": request.inventory_id,
        "wasSplit": split,
        "orderLineItemId": request.line_item_id,
    }


def _checked_fit(tx: Transaction, actor: Principal, request: ReserveRequest, line: Row, stock: Row) -> bool:
    """409 unless the stock is the line's material and fits its quantity (or a flag allows it); True for a substitute."""
    problems, substitute = checks.material_problems(line, stock, request.allow_substitute)
    reserved = reservations.active_for_lines(tx, actor.company_id, [request.line_item_id])[request.line_item_id]
    over = checks.over_problem(line, reserved, stock, request.quantity)
    if over is not None and not request.allow_over:
        problems.append(over)
    checks.raise_if_any(problems)
    return substitute


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
