"""Reading orders: the list with filters and paging, one order, its details, the deleted ones."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from shared.auth import Principal
from shared.db import change_marker
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid, to_date
from shared.errors import BadRequest, NotFound
from shared.models.queries import OrderListQuery
from shared.repositories import line_items, orders, reservations
from shared.repositories.order_list import Cursor, OrderFilter, list_order_values
from shared.repositories.orders import ORDER_FIELDS
from shared.services.order_views import line_with_reservations, order_view, order_views, with_lines


@dataclass(frozen=True)
class OrderPage:
    orders: list[dict[str, Any]]
    next_cursor: str | None
    change_token: int = 0  # the change marker in the snapshot the page was read from


def list_page(db: Database, actor: Principal, query: OrderListQuery) -> OrderPage:
    if not query.date_range_ok:
        raise BadRequest("orderDateTo is before orderDateFrom.", [{"field": "orderDateTo", "message": "before orderDateFrom"}])
    where = OrderFilter(
        statuses=tuple(status.value for status in query.status or ()),
        sites=tuple(query.site or ()),
        related_organisation_id=str(query.related_organisation_id) if query.related_organisation_id else None,
        search=query.search,
        order_date_from=query.order_date_from,
        order_date_to=query.order_date_to,
        updated_since=query.updated_since,
        include_deleted=query.include_deleted,
        change_token=query.change_token,
    )
    after = decode_cursor(query.cursor) if query.cursor else None
    # One row more than asked tells whether another page follows.
    fetch = None if query.limit is None else query.limit + 1
    with db.read() as tx:  # one snapshot: the token names exactly the changes the page shows
        token = change_marker.current(tx, actor.company_id)
        rows = list_order_values(tx, actor.company_id, where, after, fetch)
    has_more = query.limit is not None and len(rows) > query.limit
    page = rows[: query.limit] if query.limit is not None else rows
    return OrderPage(order_views(page), encode_cursor(dict(zip(ORDER_FIELDS, page[-1], strict=True))) if has_more else None, token)


def encode_cursor(row: Row) -> str:
    key = [str(to_date(row["OrderDate"])), row["OrderReference"], guid(row["OrderId"])]
    return base64.urlsafe_b64encode(json.dumps(key).encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(text: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        order_date, reference, order_id = json.loads(raw)
        parsed_date = to_date(order_date)
        assert parsed_date is not None
        return Cursor(parsed_date, str(reference), guid(order_id))
    except (ValueError, TypeError, AssertionError, binascii.Error):
        problem = [{"field": "cursor", "message": "invalid"}]
        raise BadRequest("cursor is not valid; use the Link header of the previous page.", problem) from None


def get_order(db: Database, actor: Principal, order_id: str) -> dict[str, Any]:
    with db.read() as tx:
        return load_with_lines(tx, actor.company_id, [order_id])[0]


def load_with_lines(tx: Transaction, company_id: str, order_ids: list[str]) -> list[dict[str, Any]]:
    """Active orders with their active line items, in the order asked; any missing id -> 404."""
    found = orders.by_ids(tx, company_id, order_ids)
    missing = [order_id for order_id in order_ids if order_id not in found]
    if missing:
        raise NotFound(f"No such order in this company: {', '.join(missing)}.")
    lines = line_items.active_for_orders(tx, company_id, order_ids)
    return [with_lines(found[order_id], lines[order_id]) for order_id in order_ids]


def get_details(db: Database, actor: Principal, order_id: str) -> dict[str, Any]:
    with db.read() as tx:
        found = orders.by_ids(tx, actor.company_id, [order_id])
        if order_id not in found:
            raise NotFound(f"No such order in this company: {order_id}.")
        lines = line_items.active_for_orders(tx, actor.company_id, [order_id])[order_id]
        links = reservations.active_for_lines(tx, actor.company_id, [guid(line["OrderLineItemId"]) for line in lines])
    views = [line_with_reservations(line, links[guid(line["OrderLineItemId"])]) for line in lines]
    return {**order_view(found[order_id]), "lineItems": views}


def list_deleted(db: Database, actor: Principal) -> list[dict[str, Any]]:
    with db.read() as tx:
        return [order_view(row) for row in orders.list_deleted(tx, actor.company_id)]
