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
    "orderReference": "Unique among the company's active orders, compared case-insensitively by Unicode case folding"
    " (`ÄBC-1` = `äbc-1`, `STRASSE` = `straße`); 1-100 characters.",
    "orderDate": "Day of the order (defaults to today on create).",
    "deliveryDate": "Requested delivery day; not before orderDate.",
    "status": "Accepted case-insensitively; returned in canonical form. Default `Open`.",
    "active": "False once deleted (read-only).",
    "relatedOrganisationId": "The customer organisation of the company.",
    "customerName": "Name of the related organisation (read-only, null when none).",
    "customerReference": "The customer's own reference for the order (their purchase-order number); up to 100 characters.",
    "deliveryAddress": "Where the material goes; up to 500 characters, line breaks allowed.",
    "letterheadName": "The name on the packs' letterhead (the company's name when null).",
    "address": "The company's postal address on the letterhead; line breaks allowed.",
    "logo": "The letterhead's logo: on input a base64 PNG or JPEG (up to 1 MiB, null removes it); on output what is stored.",
    "signatoryName": "Who signs the packs' declaration of conformity.",
    "signatoryRole": "Their role, e.g. Quality Manager.",
    "sha256": "SHA-256 of the file's content.",
    "sizeBytes": "Size of the file in bytes.",
    "contentType": "Media type of the file, judged by its content.",
    "createdAt": "When it was created (read-only).",
    "updatedAt": "When it last changed. On update, send the value you read: if it changed since, the update is a 409.",
    "lineItems": "Line items. On update, when present, the complete set: missing active lines are deleted.",
    "orderLineItemId": "GUID of the line item; on create the client may choose it.",
    "lineNumber": "Unique among the order's active lines; assigned 1..n when omitted.",
    "reservedQuantity": "Sum of the quantities reserved for the line, in the line's unit (converted: t and kg, m and "
    "mm, ...; a line without a unit is measured in its first stock's unit). Null when the stock's units do not add up.",
    "reservations": "Stock reserved for the line.",
    "coverage": "How well the reserved stock covers the line: `status` is `covered` (exactly the quantity), `short` or "
    "`over` (by `shortBy` / `overBy`, in `unit`) or `unmeasured` (units that do not add up); `substitute` when any "
    "stock is not the line's material, `noCertificate` when any has no certificate; `complete` only when covered, "
    "with neither flag.",
    "substitute": "Reserved as a substitute (`allowSubstitute=1`), or no longer the material the line asks for.",
    "shortBy": "How much less than the line's quantity is reserved (in `unit`); null unless short.",
    "overBy": "How much more than the line's quantity is reserved (in `unit`); null unless over.",
    "noCertificate": "Some reserved stock has no certificate.",
    "complete": "Exactly the line's quantity, of the line's material, all with certificates.",
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
    ("LineCoverage", "status"): "`covered`: exactly the line's quantity is reserved; `short` / `over`: less / more "
    "(by `shortBy` / `overBy`); `unmeasured`: the stock's units do not add up to the line's.",
    ("LineCoverage", "unit"): "The unit of `reservedQuantity`, `shortBy` and `overBy`: the line's, or when it states "
    "none, its first stock's.",
    ("LineReservation", "quantity"): "How much was reserved, in the stock's `unit`.",
    ("LineReservation", "unit"): "The stock's unit.",
    ("LineReservation", "materialGrade"): "The stock's grade.",
}
