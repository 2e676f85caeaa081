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
    return {
        "RestoreOrders": with_body("restore_orders", {"orderIds": "$response.body#/deletedIds"}, "Restore what was deleted."),
        "GetDeletedOrder": to_order("get_order", "$response.body#/deletedIds/0", "A deleted order is a 404."),
    }


def from_restored_orders() -> dict[str, Any]:
    return {
        "GetOrder": to_order("get_order", "$response.body#/restoredIds/0", "The restored order, with its line items."),
        "DeleteOrders": with_body("delete_orders", {"orderIds": "$response.body#/restoredIds"}, "Delete it again."),
    }


def from_order() -> dict[str, Any]:
    """Links of a response whose body is one order with its line items."""
    return {
        "ReserveStock": {
            "operationId": "reserve_inventory",
            "parameters": {
                "companyId": COMPANY,
                "orderId": "$response.body#/orderId",
                "lineItemId": "$response.body#/lineItems/0/orderLineItemId",
            },
            "description": "Reserve stock against its first line item.",
        },
    }


def from_details() -> dict[str, Any]:
    return {
        "Unreserve": {
            "operationId": "unreserve_inventory",
            "parameters": {
                "companyId": COMPANY,
                "orderId": "$response.body#/orderId",
                "lineItemId": "$response.body#/lineItems/0/orderLineItemId",
                "inventoryId": "$response.body#/lineItems/0/reservations/0/inventoryId",
            },
            "description": "Remove the first reservation of the first line item.",
        },
    }


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
