"""Bulk operations: CSV and ZIP export, upload templates, CSV upload (DESIGN §5, §6)."""

from __future__ import annotations

from pydantic import Field

from shared.models.fields import PublicModel
from shared.openapi.spec import (
    BINARY,
    IF_NONE_MATCH,
    NOT_MODIFIED,
    Operation,
    errors,
    file_response,
    json_response,
    query,
    response_model,
)

TAG = "Bulk CSV"
ORDERS = "/companies/{companyId}/orders"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ORDERS_COLUMNS = (
    "OrderId, OrderReference, CustomerName, RelatedOrganisationId, Quantity, OrderDate, DeliveryDate, Site, Status, Active, "
    "CreatedAt, UpdatedAt"
)
LINE_COLUMNS = (
    "OrderLineItemId, OrderId, OrderReference, LineNumber, ProductCode, Description, MaterialGrade, Quantity, Unit, Notes, "
    "Active, CreatedAt, UpdatedAt"
)


class ImportCounts(PublicModel):
    created: int
    updated: int
    unchanged: int


class UploadFieldChange(PublicModel):
    """One field of a stored row that the upload changes (or would change)."""

    file: str
    row: int = Field(description="As a spreadsheet numbers it (header = 1).")
    order_id: str
    order_line_item_id: str | None = Field(None, description="Only for line items.")
    column: str = Field(description="The CSV column, e.g. `MaterialGrade`.")
    old: str | None = Field(description="The stored value as text (`null`: empty); dates `YYYY-MM-DD`, quantities plain.")
    new: str | None


class ImportSummary(PublicModel):
    """What an upload did (or, with ``validateOnly``, would do)."""

    orders: ImportCounts
    line_items: ImportCounts
    warnings: list[str] = Field(description="E.g. a file read as cp1252 rather than UTF-8.")
    changes: list[UploadFieldChange] = Field(description="Each field of a stored order or line item that changes, old -> new, in "
                                       "file and row order: the first 1,000 (created rows are only counted).")
    change_count: int = Field(description="How many fields change in all (`changes` lists at most 1,000).")


EXAMPLE_CSV = "OrderReference,OrderDate,DeliveryDate,Site,Status\r\nSO-UPLOAD-1,2026-03-01,2026-03-20,Sheffield,Open\r\n"
CSV_FILE = {"type": "string", "format": "binary", "contentMediaType": "text/csv"}

UPLOAD_BODY = {
    "required": True,
    "description": "One or two CSV files (orders, line items). Which is which is read from the header row, never "
    "from the field or file name.",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"files": {"type": "array", "items": CSV_FILE, "minItems": 1, "maxItems": 2}},
                "required": ["files"],
            },
            "examples": {"orders": {"value": {"files": [EXAMPLE_CSV]}}},
        }
    },
}

OPERATIONS = [
    Operation(
        "download_orders_csv", "GET", ORDERS + "/export/csv", TAG, "Export orders as CSV",
        f"`orders.csv` of the active orders, UTF-8 with BOM, CRLF. Columns: {ORDERS_COLUMNS}. Cells starting with "
        "`= + - @`, tab or CR are neutralised against formula injection in a way the upload reverses.",
        {"200": file_response("The CSV file.", "text/csv", "orders.csv"), **errors(404)},
    ),
    Operation(
        "download_orders_zip", "GET", ORDERS + "/export/zip", TAG, "Export orders and line items as ZIP",
        f"`orders.csv` and `order-line-items.csv` (columns: {LINE_COLUMNS}). Served from storage while the data is "
        "unchanged; `ETag`/`If-None-Match` give 304.",
        {"200": file_response("The ZIP file.", "application/zip", "orders.zip", etag=True), **NOT_MODIFIED, **errors(404)},
        parameters=[IF_NONE_MATCH],
    ),
    Operation(
        "download_orders_xlsx", "GET", ORDERS + "/export/xlsx", TAG, "Export orders and line items as XLSX",
        "One workbook with sheets `Orders` and `OrderLineItems`: the ZIP's columns and cells, typed (text columns as "
        "text, dates as dates, quantities as numbers shown with 4 decimals, line numbers as whole numbers), header row "
        "frozen. Free text is guarded against formulas as in the CSV; the upload reads the workbook back.",
        {"200": file_response("The XLSX workbook.", XLSX_MEDIA_TYPE, "orders.xlsx"), **errors(404)},
    ),
    Operation(
        "get_upload_templates", "GET", ORDERS + "/upload/templates", TAG, "Download upload templates",
        "ZIP with `orders-template.csv` and `order-line-items-template.csv`: the export columns without Active, "
        "CreatedAt and UpdatedAt (header row only, UTF-8 with BOM). `format=xlsx`: one workbook with typed sheets "
        "`Orders` and `OrderLineItems` (as the XLSX export, header only) and a `Notes` sheet.",
        {"200": {**file_response("The ZIP file (or, with `format=xlsx`, the workbook order-upload-templates.xlsx).",
                                 "application/zip", "order-upload-templates.zip", etag=True),
                 "content": {"application/zip": {"schema": BINARY}, XLSX_MEDIA_TYPE: {"schema": BINARY}}}, **NOT_MODIFIED,
         **errors(400, 404)},
        parameters=[IF_NONE_MATCH, query("format", {"type": "string", "enum": ["zip", "xlsx"]},
                                         "`xlsx`: the templates as one workbook; default `zip` (two CSV files).")],
    ),
    Operation(
        "upload_orders", "POST", ORDERS + "/upload", TAG, "Upload orders and line items as CSV",
        "Upserts orders (by OrderId, else by OrderReference among active orders) and line items (by "
        "OrderLineItemId, else by order and LineNumber) in one transaction; never deletes. An absent column leaves "
        "that field unchanged, an empty cell clears it. Any row error is a 400 listing every error with file, row "
        "and column, and nothing is written. UTF-8 (with or without BOM) or cp1252, comma or semicolon, dates "
        "`YYYY-MM-DD` or `DD/MM/YYYY`. An `.xlsx` workbook (judged by content) is read as the CSV files of its sheets "
        "(`Orders`, `OrderLineItems`: any sheet whose header names the columns), with the same rules and report; its "
        "parts may unpack to at most 10 times the upload limit; ODS is a 415. "
        "The request body states the limits (413 beyond).",
        {"200": json_response("What was (or would be) created, updated and left unchanged.", response_model(ImportSummary),
                              example={"orders": {"created": 2, "updated": 1, "unchanged": 0},
                                       "lineItems": {"created": 5, "updated": 0, "unchanged": 3}, "warnings": [],
                                       "changes": [{"file": "orders.csv", "row": 4, "orderId": "0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b",
                                                    "column": "DeliveryDate", "old": "2026-03-20", "new": "2026-03-27"}],
                                       "changeCount": 1}),
         **errors(400, 404, 413, 415)},
        parameters=[query("validateOnly", {"type": "boolean"}, "`true`: a dry run that reports the same summary or errors "
                                                              "and writes nothing."),
                    query("acceptReformatted", {"type": "boolean"},
                          "`1`/`true`: apply changes that look like a spreadsheet's reformatting of a stored value "
                          "(`00123`→`123`, `1.4310`→`1.431`, `3E5`→`3.00E+05`, 15-digit rounding, `6/4`→`06/04/26`, "
                          "`true`→`TRUE`; in semicolon files a quantity ×1000 such as `2.125`→`2125`). Without it each "
                          "is a row error naming the column, the stored and the uploaded value."),
                    query("createCustomers", {"type": "boolean"},
                          "`1`/`true`: a `CustomerName` (without `RelatedOrganisationId`) that names no organisation creates it; "
                          "without it such a name is a row error.")],
        request_body=UPLOAD_BODY,
    ),
]
