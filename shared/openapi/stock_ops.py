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
    "reserveQuantity": "How much, in the stock's unit; without `split` it must be the row's whole quantity.",
    "split": "`1`/`true`: reserve part of the row by splitting it; `0`/`false` (default): the whole row.",
    "allowSubstitute": "`1`/`true`: reserve stock whose grade is not the line's `materialGrade` (compared ignoring case "
    "and spaces) as a substitute, recorded as such and shown in details, history and the certificate pack. "
    "`0`/`false` (default): a grade mismatch is a 409. A unit that does not convert to the line's is a 409 either way.",
    "allowOver": "`1`/`true`: reserve even if the line then holds more than its quantity (in its unit); shown as "
    "\"over by\". `0`/`false` (default): that is a 409.",
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
        "More than available, or a row already reserved (the error names the order and line holding it), is a 409. "
        "The stock must be the line's material: when the line states a unit, the stock's unit must be the same or "
        "convert to it (t/kg/g, km/m/cm/mm, m2/mm2; pieces never convert); when it states a grade, the stock's grade "
        "must be the same ignoring case and spaces, unless `allowSubstitute=1`. The line may not end up holding more "
        "than its quantity unless `allowOver=1`. Those problems are one 409 whose `errors` name each field (`unit`, "
        "`materialGrade`, `reserveQuantity`). A cancelled order takes no stock (409). Reserving moves the order's "
        "`updatedAt`. Safe under concurrency.",
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
        "removed it). The last segment names the reservation: its `linkId`, the linked inventory row, or the row it "
        "was split from when exactly one split row of it is reserved for this line (several: 409, unreserve by "
        "`linkId`). A split is not undone. Works on a deleted order's lines too. Moves the order's `updatedAt`. No "
        "such reservation is a 404.",
        {"200": json_response("The removed link.", response_model(RemovedReservation)), **errors(404, 409)},
    ),
    Operation(
        "get_certificate_pack", "GET", ORDER + "/certificate-pack", "Certificates", "Download the certificate pack",
        "One PDF: a cover page (order, customer, line items with their reserved stock, heat numbers and "
        "certificates; lines without a certificate flagged), then every certificate of the reserved stock in line "
        "order, each with an outline entry. Cached while the data is unchanged; `ETag`/`If-None-Match` give 304. "
        "A render has a fixed budget (CPU time, memory, wall clock, at most 10,000 lines by default): an order beyond "
        "it is a 422 naming the limit; a busy machine, or the same pack being rendered by another request, a 503 "
        "with `Retry-After`.",
        {"200": file_response("The pack.", "application/pdf", "certificate-pack-{orderReference}.pdf", etag=True),
         **NOT_MODIFIED, **errors(404, 422)},
        parameters=[IF_NONE_MATCH],
    ),
]
