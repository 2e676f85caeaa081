"""Releasing stock: one reservation by the caller's name for it, or every reservation a change of the order ends.

A reservation is named by its ``linkId``, by the stock row it links, or by the row the caller reserved from when that
row was split (its one split row linked to the line). Unreserving keeps the link as inactive, so history says who
released it, and moves the order's ``updatedAt``. A deleted order keeps its reservations (a restore brings the order
back whole) but they can be released; so can a reservation left on a line removed before releases were automatic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid, opt_guid
from shared.errors import Conflict, NotFound
from shared.models.fields import OrderStatus
from shared.repositories import orders, reservation_links
from shared.services.busy_retry import retry_when_busy


def unreserve(db: Database, actor: Principal, order_id: str, line_item_id: str, some_id: str) -> dict[str, Any]:
    """Deactivate the link ``some_id`` names on this line (a split stays split); 404 when it names none."""
    link = retry_when_busy(lambda: _unreserve_once(db, actor, order_id, line_item_id, some_id))
    return {"linkId": guid(link["LinkId"]), "companyId": actor.company_id, "orderLineItemId": line_item_id,
            "inventoryId": guid(link["InventoryId"])}


def cancels(change: dict[str, Any]) -> bool:
    """Whether a change of an order's columns cancels it (then it releases all its stock)."""
    return change.get("Status") == OrderStatus.CANCELLED.value


def release_lines(tx: Transaction, actor: Principal, line_ids: Sequence[str]) -> int:
    """Release the reservations of line items an update removes (in the caller's transaction)."""
    return reservation_links.release_lines(tx, actor.company_id, line_ids, tx.now, actor.user_id) if line_ids else 0


def release_orders(tx: Transaction, actor: Principal, order_ids: Sequence[str]) -> int:
    """Release every reservation of orders that were just cancelled (in the caller's transaction)."""
    return reservation_links.release_orders(tx, actor.company_id, order_ids, tx.now, actor.user_id) if order_ids else 0


def _unreserve_once(db: Database, actor: Principal, order_id: str, line_item_id: str, some_id: str) -> Row:
    with db.write() as tx:
        order = reservation_links.lock_order(tx, actor.company_id, order_id)
        line = reservation_links.lock_line(tx, actor.company_id, line_item_id)
        if order is None or line is None or guid(line["OrderId"]) != order_id:
            raise NotFound(f"No line item {line_item_id} on order {order_id} in this company.")
        link = _named_link(reservation_links.links_named(tx, actor.company_id, line_item_id, some_id), some_id, line_item_id)
        # deactivate() is guarded on Active, so of two concurrent unreserves exactly one succeeds.
        if not reservation_links.deactivate(tx, actor.company_id, guid(link["LinkId"]), tx.now, actor.user_id):
            raise NotFound(f"{some_id} is not reserved for line item {line_item_id}.")
        if not orders.touch(tx, actor.company_id, order_id, tx.now, actor.user_id):
            raise Conflict(f"Order {order_id} changed while stock was being released; please retry.")
        tx.commit()
    return link


def _named_link(links: list[Row], some_id: str, line_item_id: str) -> Row:
    """The link ``some_id`` names: a link id, else a linked stock row, else the one split row of that stock."""
    for matches in (
        [link for link in links if guid(link["LinkId"]) == some_id],
        [link for link in links if guid(link["InventoryId"]) == some_id],
        [link for link in links if opt_guid(link["ParentInventoryId"]) == some_id],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            choices = [{"field": "inventoryId", "message": f"linkId {guid(link['LinkId'])}"} for link in matches]
            raise Conflict(f"{len(matches)} split rows of inventory {some_id} are reserved for this line: unreserve one by its linkId.",
                           choices)
    raise NotFound(f"{some_id} is not reserved for line item {line_item_id}.")
