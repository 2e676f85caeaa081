"""Operations on orders: list, read, create, update, delete, restore (DESIGN §5)."""

from __future__ import annotations

from shared.models.order_details import OrderDetails
from shared.models.orders import (
    MAX_ORDERS_PER_REQUEST,
    DeleteResult,
    Order,
    OrderCreate,
    OrderIds,
    OrderUpdate,
    OrderWithLines,
    RestoreResult,
)
from shared.models.queries import OrderListQuery
from shared.openapi import examples, links
from shared.openapi.customers_ops import CREATE_CUSTOMERS, CUSTOMER_BY_NAME
from shared.openapi.spec import (
    GUID,
    Operation,
    array_of,
    batch_of,
    errors,
    json_body,
    json_response,
    query_parameters,
    request_model,
    response_model,
)

TAG = "Orders"
ORDERS = "/companies/{companyId}/orders"
ORDER = ORDERS + "/{orderId}"

LIST_FILTERS = {
    "status": "Only orders with this status (case-insensitive).",
    "site": "Only orders of this site (exact).",
    "relatedOrganisationId": "Only orders of this customer organisation.",
    "search": "Substring of the order reference or the customer name.",
    "orderDateFrom": "Orders dated on or after this day.",
    "orderDateTo": "Orders dated on or before this day.",
    "updatedSince": "Orders whose `updatedAt` is at or after this instant (combine with includeDeleted). It can miss "
    "a change that committed late (its `updatedAt` is when its transaction began): for delta sync use `changeToken`.",
    "changeToken": "Delta sync: only orders changed (created, updated, deleted, restored, reserved against) by "
    "transactions committed after the `Change-Token` of an earlier response, deleted ones included. Never misses a "
    "change; an order changed twice is returned once, as it is now.",
    "includeDeleted": "Also return deleted orders (`active: false`), for delta sync.",
    "limit": "Page size; without it every matching order is returned.",
    "cursor": "Opaque position from the previous page's `Link: <...>; rel=\"next\"` header.",
}

LINK_HEADER = {"Link": {"description": 'Next page, as `<url>; rel="next"`, when `limit` cut the list.', "schema": {"type": "string"}}}
CHANGE_TOKEN_HEADER = {"Change-Token": {
    "description": "The company's change marker as this response saw it: pass it as `changeToken` next time to get "
    "only what changed since (README \"Consistency\").", "schema": {"type": "string", "pattern": "^[0-9]+$"}}}

# Either {"orderIds": [...]} or the bare array.
ORDER_IDS_BODY = {
    "oneOf": [request_model(OrderIds), {"type": "array", "items": GUID, "minItems": 1, "maxItems": MAX_ORDERS_PER_REQUEST}]
}

OPERATIONS = [
    Operation(
        "list_orders", "GET", ORDERS, TAG, "List orders",
        "The company's active orders, newest order date first, then by reference. Filters combine with AND. "
        "With `limit`, the next page is in the `Link` header.",
        {"200": json_response("Orders, without line items.", array_of(response_model(Order)), {**LINK_HEADER, **CHANGE_TOKEN_HEADER},
                              [examples.ORDER]),
         **errors(400, 404)},
        parameters=query_parameters(OrderListQuery, LIST_FILTERS),
    ),
    Operation(
        "create_orders", "POST", ORDERS, TAG, "Create orders",
        "An array of orders (or one order), each with optional line items; all are created in one transaction or "
        "none is. `orderId` and `orderLineItemId` may be chosen by the client. Line numbers omitted are assigned "
        f"1..n. At most {MAX_ORDERS_PER_REQUEST} orders and 20,000 line items per request (413 beyond). "
        "A reference already used by an active order is a 409. " + CUSTOMER_BY_NAME,
        {"201": {**json_response("The created orders with their line items.", array_of(response_model(OrderWithLines)),
                                 example=[examples.ORDER_WITH_LINES]), "links": links.from_created_orders()},
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(batch_of(OrderCreate, MAX_ORDERS_PER_REQUEST), "Orders to create.",
                               {"one order with two lines": [examples.NEW_ORDER]}),
        parameters=[CREATE_CUSTOMERS],
    ),
    Operation(
        "update_orders", "PUT", ORDERS, TAG, "Update orders",
        "Complete orders as `get_order` returns them, edited. A field that is absent is left unchanged; `null` "
        "clears it. `lineItems`, when present, is the complete set: known ids are updated, new ones created, "
        "missing ones deleted. Read-only fields are accepted and ignored. Send the `updatedAt` you read to turn a "
        "concurrent change into a 409. An update that changes nothing writes nothing. " + CUSTOMER_BY_NAME,
        {"200": {**json_response("The orders as stored now.", array_of(response_model(OrderWithLines)),
                                 example=[examples.ORDER_WITH_LINES]), "links": links.from_created_orders()},
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(batch_of(OrderUpdate, MAX_ORDERS_PER_REQUEST), "Orders to update, each with its `orderId`.",
                               {"change status and a line": [examples.ORDER_UPDATE]}),
        parameters=[CREATE_CUSTOMERS],
    ),
    Operation(
        "delete_orders", "DELETE", ORDERS, TAG, "Delete orders",
        "Soft delete: the orders and their active line items become inactive. An id not in the company is a "
        "404 and nothing changes; already-deleted ids are not counted.",
        {"200": {**json_response("What was deleted.", response_model(DeleteResult),
                                 example={"deletedCount": 1, "deletedIds": [examples.ORDER_ID]}),
                 "links": links.from_deleted_orders()},
         **errors(400, 404, 413, 415)},
        request_body=json_body(ORDER_IDS_BODY, "`{\"orderIds\": [...]}`, or the bare array.", {"by id": examples.ORDER_IDS}),
    ),
    Operation(
        "restore_orders", "POST", ORDERS + "/restore", TAG, "Restore deleted orders",
        "Restores the orders and exactly the line items deleted with them. A reference now taken by an active "
        "order is a 409 and nothing is restored. `deletedCount`/`deletedIds` repeat the restored values for "
        "clients of the published contract.",
        {"200": {**json_response("What was restored.", response_model(RestoreResult),
                                 example={"restoredCount": 1, "restoredIds": [examples.ORDER_ID], "deletedCount": 1,
                                          "deletedIds": [examples.ORDER_ID]}),
                 "links": links.from_restored_orders()},
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(ORDER_IDS_BODY, "`{\"orderIds\": [...]}`, or the bare array.", {"by id": examples.ORDER_IDS}),
    ),
    Operation(
        "list_deleted_orders", "GET", ORDERS + "/deleted", TAG, "List deleted orders",
        "The company's deleted orders, most recently deleted first.",
        {"200": json_response("Deleted orders (`active: false`).", array_of(response_model(Order)),
                              example=[{**examples.ORDER, "active": False}]),
         **errors(404)},
    ),
    Operation(
        "get_order", "GET", ORDER, TAG, "Get an order",
        "The order with its active line items. A deleted order is a 404.",
        {"200": json_response("The order.", response_model(OrderWithLines), example=examples.ORDER_WITH_LINES), **errors(404)},
    ),
    Operation(
        "get_order_details", "GET", ORDER + "/details", TAG, "Get an order with its reservations",
        "As get_order, and each line item carries `reservedQuantity` and its `reservations` of stock.",
        {"200": json_response("The order with reserved stock per line.", response_model(OrderDetails)), **errors(404)},
    ),
]
