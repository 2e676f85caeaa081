"""Operations on an order's history, stock reservations and certificate pack (DESIGN §5)."""

from __future__ import annotations

from typing import Any

from shared.models.history import HistoryEvent, HistoryQuery
from shared.models.reservations import RemovedReservation, Reservation, ReserveQuery
from shared.openapi import examples, links
from shared.openapi.spec import (
    IF_NONE_MATCH,
    NOT_MODIFIED,
    Operation,
    array_of,
    errors,
    file_response,
    json_response,
    query_parameters,
    response_model,
)

ORDER = "/companies/{companyId}/orders/{orderId}"
RESERVATIONS = ORDER + "/line-items/{lineItemId}/reservations"

HISTORY_PARAMETERS = {
    "since": "Only changes made after this instant (pass the last `changedAt` you have).",
    "limit": "At most this many events; one change is never split across pages.",
}

RESERVE_PARAMETERS = {
    "inventoryId": "The inventory row (stock) to reserve.",
    "reserveQuantity": "How much; without `split` it must be the row's whole quantity.",
    "split": "`1`/`true`: reserve part of the row by splitting it; `0`/`false` (default): the whole row.",
}

IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (1-200 visible ASCII characters): a retry with the same key returns the first "
    "response instead of reserving again; the same key with a different request is a 409.",
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"},
}

OPERATIONS = [
    Operation(
        "get_order_history", "GET", ORDER + "/history", "History", "Get the change history of an order",
        "One chronological timeline (oldest first) of the order, its line items and its reservations: who changed "
        "what, when, field by field. Rows changed by one request share one `changedAt`. With `limit`, the next page "
        "is in the `Link` header.",
        {"200": json_response(
            "Change events, oldest first.", array_of(response_model(HistoryEvent)),
            {"Link": {"description": 'Next page, as `<url>; rel="next"`.', "schema": {"type": "string"}}},
            example=[{"changedAt": examples.TIMESTAMP, "changedById": examples.USER_ID, "changedByName": "Alice Planner",
                      "changeType": "Updated", "entityType": "Order", "entityId": examples.ORDER_ID, "entityLabel": "SO-10042",
                      "changes": [{"field": "status", "oldValue": "Open", "newValue": "InProgress"}]}],
        ),
         **errors(400, 404)},
        parameters=query_parameters(HistoryQuery, HISTORY_PARAMETERS),
    ),
    Operation(
        "reserve_inventory", "POST", RESERVATIONS, "Reservations", "Reserve stock for a line item",
        "Links an inventory row (with its heat number and certificate) to the line item. With `split=1` and less "
        "than the row holds, the row is split and the new part, named `{name} - {orderReference}`, is linked. "
        "More than available, or a row already reserved, is a 409. Safe under concurrency.",
        {"201": {**json_response(
            "The reservation.", response_model(Reservation),
            {"Idempotent-Replayed": {"description": "`true` when this is the stored answer to an earlier request with "
                                                    "the same Idempotency-Key.", "schema": {"type": "string"}}},
            example={"linkId": examples.LINK_ID, "linkedInventoryId": examples.INVENTORY_ID,
                     "originalInventoryId": examples.INVENTORY_ID, "wasSplit": False, "orderLineItemId": examples.LINE_ITEM_ID},
        ), "links": links.from_reservation()},
         **errors(400, 404, 409)},
        parameters=[*query_parameters(ReserveQuery, RESERVE_PARAMETERS), IDEMPOTENCY_KEY],
    ),
    Operation(
        "unreserve_inventory", "DELETE", RESERVATIONS + "/{inventoryId}", "Reservations", "Remove a reservation",
        "Removes the link between the line item and the inventory row (kept as inactive, so history can say who "
        "removed it). A split is not undone. No such reservation is a 404.",
        {"200": json_response("The removed link.", response_model(RemovedReservation)), **errors(404)},
    ),
    Operation(
        "get_certificate_pack", "GET", ORDER + "/certificate-pack", "Certificates", "Download the certificate pack",
        "One PDF: a cover page (order, customer, line items with their reserved stock, heat numbers and "
        "certificates; lines without a certificate flagged), then every certificate of the reserved stock in line "
        "order, each with an outline entry. Cached while the data is unchanged; `ETag`/`If-None-Match` give 304.",
        {"200": file_response("The pack.", "application/pdf", "certificate-pack-{orderReference}.pdf", etag=True),
         **NOT_MODIFIED, **errors(404)},
        parameters=[IF_NONE_MATCH],
    ),
]
