"""Operations on stock (inventory rows): list, read, create, upload, update, delete, restore, history."""

from __future__ import annotations

from typing import Any

from shared.models.history import HistoryEvent
from shared.models.inventory import (
    MAX_STOCK_PER_REQUEST,
    DeleteInventoryResult,
    Inventory,
    InventoryCreate,
    InventoryDetail,
    InventoryIds,
    InventoryListQuery,
    InventoryUpdate,
    RestoreInventoryResult,
)
from shared.openapi import examples
from shared.openapi.customers_ops import LINK_HEADER, PAGING
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

TAG = "Stock"
INVENTORY = "/companies/{companyId}/inventory"
ONE = INVENTORY + "/{inventoryId}"

FILTERS = {
    "search": "Substring of the name, heat number or material grade (case-insensitive).",
    "heatNumber": "Only these heat numbers (case-insensitive); repeat the parameter or separate with commas.",
    "materialGrade": "Only these grades (case-insensitive); repeat the parameter or separate with commas.",
    "unit": "Only these units; repeat the parameter or separate with commas.",
    "available": "`1`/`true`: only active rows with no active reservation; `0`/`false`: only the others.",
    "reserved": "`1`/`true`: only rows with an active reservation; `0`/`false`: only rows without.",
    "hasCertificate": "`1`/`true`: only rows with a certificate; `0`/`false`: only rows without.",
    "updatedSince": "Rows changed at or after this instant (delta sync; combine with includeDeleted).",
    "includeDeleted": "`1`/`true`: deleted rows too (`active: false`).",
    **PAGING,
}

STOCK: dict[str, Any] = {
    "inventoryId": examples.INVENTORY_ID, "companyId": examples.COMPANY_ID, "name": "Plate 20 mm S355J2+N 2500x6000",
    "quantity": 7.5, "unit": "t", "heatNumber": examples.HEAT_NUMBER, "materialGrade": "S355J2+N",
    "certificateId": examples.CERTIFICATE_ID, "parentInventoryId": None, "active": True, "reserved": False,
    "createdAt": examples.TIMESTAMP, "updatedAt": examples.TIMESTAMP,
}
NEW_STOCK = {"name": "Plate 20 mm S355J2+N 2500x6000", "quantity": 7.5, "unit": "t", "heatNumber": examples.HEAT_NUMBER,
             "materialGrade": "S355J2+N", "certificateId": examples.CERTIFICATE_ID}
IDS_BODY = {"oneOf": [request_model(InventoryIds), {"type": "array", "items": GUID, "minItems": 1, "maxItems": MAX_STOCK_PER_REQUEST}]}

OPERATIONS = [
    Operation(
        "list_inventory", "GET", INVENTORY, TAG, "List stock",
        "The company's active stock rows by name. Filters combine with AND; multi-value filters take repeated "
        "parameters or comma lists; booleans are `1`, `0`, `true` or `false`. With `limit`, the next page is in the "
        "`Link` header.",
        {"200": json_response("Stock rows.", array_of(response_model(Inventory)), LINK_HEADER, [STOCK]), **errors(400, 404)},
        parameters=query_parameters(InventoryListQuery, FILTERS),
    ),
    Operation(
        "get_inventory", "GET", ONE, TAG, "Get a stock row",
        "The active stock row with its lineage (the row it was split from, the rows split from it), its certificate "
        "and its active reservation (order reference and line). A deleted row is a 404.",
        {"200": json_response("The stock row.", response_model(InventoryDetail),
                              example={**STOCK, "parent": None, "children": [], "certificate": None, "reservation": None}),
         **errors(404)},
    ),
]

__all__ = ["DeleteInventoryResult", "HistoryEvent", "InventoryCreate", "InventoryUpdate", "RestoreInventoryResult", "batch_of", "json_body"]
