"""OpenAPI links: how the output of one operation feeds the next (shown in the docs, followed by the fuzzer's
stateful phase, so create -> get -> update -> delete -> restore runs on real orders)."""

from __future__ import annotations

from typing import Any

COMPANY = "$request.path.companyId"


def to_order(operation_id: str, order_id: str, description: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": {"companyId": COMPANY, "orderId": order_id},
        "description": description,
    }


def with_body(operation_id: str, body: Any, description: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": {"companyId": COMPANY},
        "requestBody": body,
        "description": description,
        # OpenAPI uses a link's requestBody as the body; schemathesis would merge it into a generated one instead.
        "x-schemathesis": {"merge_body": False},
    }


def from_created_orders() -> dict[str, Any]:
    """Links of a response whose body is an array of orders (create, update)."""
    first = "$response.body#/0/orderId"
    return {
        "GetOrder": to_order("get_order", first, "Read the first order back."),
        "GetOrderDetails": to_order("get_order_details", first, "Its line items with their reservations."),
        "GetOrderHistory": to_order("get_order_history", first, "Its change history."),
        "UpdateOrder": with_body(
            "update_orders",
            [{"orderId": first, "updatedAt": "$response.body#/0/updatedAt", "status": "InProgress"}],
            "Move it on to InProgress, guarded by the updatedAt just read.",
        ),
        "DeleteOrder": with_body("delete_orders", {"orderIds": [first]}, "Delete it."),
    }


def from_deleted_orders() -> dict[str, Any]:
    # From the request, not from ``deletedIds``: a repeated delete deletes nothing and answers ``deletedIds: []``.
    return {
        "RestoreOrders": with_body("restore_orders", {"orderIds": "$request.body#/orderIds"}, "Restore what was deleted."),
        "GetDeletedOrder": to_order("get_order", "$request.body#/orderIds/0", "A deleted order is a 404."),
    }


def from_restored_orders() -> dict[str, Any]:
    # From the request, not from ``restoredIds``: a repeated restore restores nothing.
    return {
        "GetOrder": to_order("get_order", "$request.body#/orderIds/0", "The restored order, with its line items."),
        "DeleteOrders": with_body("delete_orders", {"orderIds": "$request.body#/orderIds"}, "Delete it again."),
    }


# No link reads ``lineItems/0`` (an order may have no lines) or ``reservations/0`` (a line may hold no stock): a
# link must resolve on every response of its status. Reserving starts from a known line item; its answer links on.


def from_reservation() -> dict[str, Any]:
    return {
        "Unreserve": {
            "operationId": "unreserve_inventory",
            "parameters": {
                "companyId": COMPANY,
                "orderId": "$request.path.orderId",
                "lineItemId": "$request.path.lineItemId",
                "inventoryId": "$response.body#/linkedInventoryId",
            },
            "description": "Undo the reservation (a split is not undone).",
        },
        "GetOrderDetails": to_order("get_order_details", "$request.path.orderId", "See the reservation on the line item."),
    }
