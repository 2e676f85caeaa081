"""Operations on stock (inventory rows): list, read, create, upload, update, delete, restore, history."""

from __future__ import annotations

from typing import Any

from shared.models.fields import PublicModel
from shared.models.history import HistoryQuery
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
    StockHistoryEvent,
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
class ImportedStock(PublicModel):
    inventory_ids: list[str]


CSV_COLUMNS = "Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateFile"
EXAMPLE_CSV = "Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile\r\nPlate 20mm,7.5,t,N41902,S355J2+N,mtc-N41902.pdf\r\n"
UPLOAD_BODY = {
    "required": True,
    "description": f"One CSV file (columns {CSV_COLUMNS}) and the certificate files its `CertificateFile` cells name.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}, "minItems": 1, "maxItems": 101}},
                "required": ["files"],
            },
            "examples": {"stock": {"value": {"files": [EXAMPLE_CSV]}}},
            "x-curl": ['-F "files=@stock.csv"', '-F "files=@mtc-N41902.pdf"'],
        }
    },
}
IDS_EXAMPLE = {"inventoryIds": [examples.INVENTORY_ID]}
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
    Operation(
        "create_inventory", "POST", INVENTORY, TAG, "Create stock rows",
        "An array of stock rows (or one), created in one transaction. `inventoryId` may be chosen by the client; "
        "`certificateId` must be one of the company's certificates (upload it first). "
        f"At most {MAX_STOCK_PER_REQUEST} rows per request.",
        {"201": json_response("The created rows.", array_of(response_model(Inventory)), example=[STOCK]),
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(batch_of(InventoryCreate, MAX_STOCK_PER_REQUEST), "Stock rows.", {"one plate": [NEW_STOCK]}),
    ),
    Operation(
        "upload_inventory", "POST", INVENTORY + "/upload", TAG, "Import stock from CSV with certificate files",
        f"The CSV `import-inventory` takes (columns {CSV_COLUMNS}; header names ignore case, spaces and underscores; "
        "commas or semicolons) and, in the same multipart body, the certificate files its `CertificateFile` cells name "
        "(PDF, PNG or JPEG judged by content, up to 20 MiB each, at most 100). Any row error is a 400 listing all of "
        "them and nothing is imported. Identical files are stored once per company.",
        {"201": json_response("The new stock ids in file order.", response_model(ImportedStock),
                              example={"inventoryIds": [examples.INVENTORY_ID]}),
         **errors(400, 404, 413, 415)},
        request_body=UPLOAD_BODY,
    ),
    Operation(
        "update_inventory", "PUT", ONE, TAG, "Update a stock row",
        "The row as `get_inventory` returns it, edited (read-only fields are ignored): `name`, `quantity`, `unit`, "
        "`heatNumber`, `materialGrade`, `certificateId`. Absent fields stay; `null` clears an optional one. While the "
        "row is reserved, its quantity, unit, heat number and grade cannot change (409 naming the order and line). "
        "Send the `updatedAt` you read to turn a concurrent change into a 409.",
        {"200": json_response("The row as stored now.", response_model(InventoryDetail)), **errors(400, 404, 409, 413, 415)},
        request_body=json_body(request_model(InventoryUpdate), "Fields to change.", {"correct the heat": {"heatNumber": "N41903"}}),
    ),
    Operation(
        "delete_inventory", "DELETE", INVENTORY, TAG, "Delete stock rows",
        "Soft delete. Reserved stock is a 409 (unreserve it first) and an id not in the company a 404; then nothing "
        "changes. Already-deleted rows are not counted.",
        {"200": json_response("What was deleted.", response_model(DeleteInventoryResult),
                              example={"deletedCount": 1, "deletedIds": [examples.INVENTORY_ID]}),
         **errors(400, 404, 409, 413, 415)},
        request_body=json_body(IDS_BODY, "`{\"inventoryIds\": [...]}`, or the bare array.", {"by id": IDS_EXAMPLE}),
    ),
    Operation(
        "restore_inventory", "POST", INVENTORY + "/restore", TAG, "Restore deleted stock rows",
        "Makes deleted rows active again. An id not in the company is a 404 and nothing changes.",
        {"200": json_response("What was restored.", response_model(RestoreInventoryResult),
                              example={"restoredCount": 1, "restoredIds": [examples.INVENTORY_ID]}),
         **errors(400, 404, 413, 415)},
        request_body=json_body(IDS_BODY, "`{\"inventoryIds\": [...]}`, or the bare array.", {"by id": IDS_EXAMPLE}),
    ),
    Operation(
        "get_inventory_history", "GET", ONE + "/history", TAG, "Get the history of a stock row",
        "From the temporal table, oldest first: every change of the row (created, fields changed, split from it, "
        "deleted, restored) and of its reservations (who reserved and released it, for which order line). Served for "
        "deleted rows too. With `limit`, the next page is in the `Link` header.",
        {"200": json_response("Change events.", array_of(response_model(StockHistoryEvent)), LINK_HEADER), **errors(400, 404)},
        parameters=query_parameters(HistoryQuery, {
            "since": "Only changes made after this instant (pass the last `changedAt` you have).",
            "limit": "At most this many events; one change is never split across pages.",
        }),
    ),
]

