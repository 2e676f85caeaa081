"""Example values shown in the docs page (and tried first by the schema fuzzer)."""

from __future__ import annotations

from typing import Any

COMPANY_ID = "5d0c3f4e-8a62-4c1b-9d7e-2f3a4b5c6d7e"
ORDER_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"
LINE_ITEM_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
ORGANISATION_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
INVENTORY_ID = "9a7b3c5d-1e2f-4a6b-8c9d-0e1f2a3b4c5d"
LINK_ID = "c56a4180-65aa-42ec-a945-5fd21dec0538"
USER_ID = "e4d909c2-90d0-4b0e-8a3f-2b7c1d5e6f70"
TIMESTAMP = "2026-03-01T09:30:00.000000Z"
CERTIFICATE_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
HEAT_NUMBER = "N41902"

NEW_ORDER: dict[str, Any] = {
    "orderReference": "SO-10042",
    "orderDate": "2026-03-01",
    "deliveryDate": "2026-03-20",
    "site": "Sheffield",
    "status": "Open",
    "quantity": 12.5,
    "lineItems": [
        {"productCode": "PL-20", "description": "Plate 20 mm S355J2", "materialGrade": "S355J2", "quantity": 7.5, "unit": "t"},
        {"productCode": "RB-32", "description": "Round bar 32 mm", "materialGrade": "42CrMo4", "quantity": 5, "unit": "t"},
    ],
}

LINE_ITEM: dict[str, Any] = {
    "orderLineItemId": LINE_ITEM_ID,
    "orderId": ORDER_ID,
    "companyId": COMPANY_ID,
    "lineNumber": 1,
    "productCode": "PL-20",
    "description": "Plate 20 mm S355J2",
    "materialGrade": "S355J2",
    "quantity": 7.5,
    "unit": "t",
    "notes": None,
    "active": True,
    "createdAt": TIMESTAMP,
    "updatedAt": TIMESTAMP,
}

ORDER: dict[str, Any] = {
    "orderId": ORDER_ID,
    "companyId": COMPANY_ID,
    "orderReference": "SO-10042",
    "quantity": 12.5,
    "orderDate": "2026-03-01",
    "deliveryDate": "2026-03-20",
    "site": "Sheffield",
    "status": "Open",
    "active": True,
    "relatedOrganisationId": ORGANISATION_ID,
    "customerName": "Northern Fabrication Ltd",
    "customerReference": "PO-88123",
    "deliveryAddress": "Northern Fabrication Ltd, Bay 4\nAttercliffe Road\nSheffield S4 7WZ",
    "createdAt": TIMESTAMP,
    "updatedAt": TIMESTAMP,
}

ORDER_WITH_LINES: dict[str, Any] = {**ORDER, "lineItems": [LINE_ITEM]}

ORDER_UPDATE: dict[str, Any] = {
    "orderId": ORDER_ID,
    "updatedAt": TIMESTAMP,
    "status": "InProgress",
    "deliveryDate": "2026-03-27",
    "lineItems": [{**LINE_ITEM, "quantity": 8}],
}

ORDER_IDS: dict[str, Any] = {"orderIds": [ORDER_ID]}
