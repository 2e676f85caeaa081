"""Prose of the document: the introduction and what each field means (by its camelCase name)."""

from __future__ import annotations

INTRODUCTION = """\
Sales orders of a metals and manufacturing stockholder or fabricator: orders with line items, stock reserved \
against the lines (heat numbers, mill test certificates), a field-by-field audit trail, CSV import and export, \
and a certificate pack PDF per order.

**Authentication.** Every operation except `health` needs `Authorization: Bearer <API key>`. A key belongs to one \
company and opens only that company's routes (`403` elsewhere). Press *Authorize* to try operations from this page.

**Representation.** JSON in camelCase; GUIDs lowercase; dates `YYYY-MM-DD`; timestamps ISO-8601 UTC with `Z`; \
quantities are JSON numbers with at most 4 decimal places.

**Errors** are `application/problem+json` (RFC 9457) with an `errors` list naming every problem found, each \
with its `field` (or CSV `file`, `row` and `column`) and `message`. Authentication is checked first: `401`/`403` \
come before any validation. A `500` carries only a `correlationId` to quote.

**Writes** are one transaction per request: all of it happens or none of it.

**Downloads** with an `ETag` answer `304 Not Modified` to a matching `If-None-Match`.

**curl.** Each operation shows a ready command; set `API` (e.g. `http://localhost:7071/api`), `API_KEY`, \
`COMPANY_ID` and the other ids it names first.
"""

# Property descriptions, applied to every component schema with such a property (unless it has its own).
PROPERTIES = {
    "orderId": "GUID of the order; on create the client may choose it.",
    "companyId": "The company (read-only: the path's).",
    "orderReference": "Unique among the company's active orders, compared case-insensitively; 1-100 characters.",
    "orderDate": "Day of the order (defaults to today on create).",
    "deliveryDate": "Requested delivery day; not before orderDate.",
    "status": "Accepted case-insensitively; returned in canonical form. Default `Open`.",
    "active": "False once deleted (read-only).",
    "relatedOrganisationId": "The customer organisation of the company.",
    "customerName": "Name of the related organisation (read-only, null when none).",
    "createdAt": "When it was created (read-only).",
    "updatedAt": "When it last changed. On update, send the value you read: if it changed since, the update is a 409.",
    "lineItems": "Line items. On update, when present, the complete set: missing active lines are deleted.",
    "orderLineItemId": "GUID of the line item; on create the client may choose it.",
    "lineNumber": "Unique among the order's active lines; assigned 1..n when omitted.",
    "reservedQuantity": "Sum of the quantities reserved for the line.",
    "reservations": "Stock reserved for the line.",
    "linkId": "The reservation (link between a line item and an inventory row).",
    "inventoryId": "The inventory row (stock).",
    "heatNumber": "Heat (cast) number of the material.",
    "certificateId": "The mill test certificate of the stock, if any.",
    "changedAt": "When the change was made; all rows changed by one request share it.",
    "changedById": "User (API key holder) who made the change.",
    "changedByName": "Display name of that user.",
    "entityLabel": "Human label: the order reference, `line N`, or the inventory name.",
    "oldValue": "Value before the change (null when created).",
    "newValue": "Value after the change (null when removed).",
    "wasSplit": "True when part of the row was split off and linked.",
    "linkedInventoryId": "The inventory row now reserved (the new part when split).",
    "originalInventoryId": "The inventory row asked for.",
    "deletedCount": "How many orders changed state.",
    "restoredCount": "How many orders were restored.",
}

# Where one schema's property means more than the general description says: (schema, property) -> description.
SCHEMA_PROPERTIES = {
    ("OrderCreate", "companyId"): "Read-only; may be left out. Any company other than the path's is a 400.",
    ("OrderUpdate", "companyId"): "Read-only; may be left out. Any company other than the path's is a 400.",
    ("OrderUpdate", "orderId"): "The order to update.",
    ("OrderCreate", "updatedAt"): "Read-only; accepted and ignored.",
}
