"""Traceability: where a heat went, where an order's material came from."""

from __future__ import annotations

from typing import Any

from shared.models.traceability import HeatTrace, OrderTrace, TraceQuery
from shared.openapi import examples
from shared.openapi.spec import JSON, Operation, errors, json_response, query_parameters, response_model
from shared.services.traceability_csv import COLUMNS

TAG = "Traceability"

HEAT_EXAMPLE: dict[str, Any] = {
    "heatNumber": examples.HEAT_NUMBER,
    "stock": [{"inventoryId": examples.INVENTORY_ID, "name": "Plate 20 mm S355J2+N", "quantity": 4.5, "unit": "t",
               "heatNumber": examples.HEAT_NUMBER, "materialGrade": "S355J2+N", "certificateId": examples.CERTIFICATE_ID,
               "parentInventoryId": None, "active": True, "reserved": True, "createdAt": examples.TIMESTAMP,
               "updatedAt": examples.TIMESTAMP}],
    "reservations": [{"linkId": examples.LINK_ID, "inventoryId": examples.INVENTORY_ID, "inventoryName": "Plate 20 mm S355J2+N",
                      "quantity": 4.5, "unit": "t", "active": True, "reservedAt": examples.TIMESTAMP, "reservedByName": "Alice Planner",
                      "releasedAt": None, "releasedByName": None, "orderId": examples.ORDER_ID, "orderReference": "SO-24002",
                      "orderLineItemId": examples.LINE_ITEM_ID, "lineNumber": 1, "customerName": "Northern Bridge Fabrications"}],
    "orders": [{"orderId": examples.ORDER_ID, "orderReference": "SO-24002", "status": "Open", "orderDate": "2026-03-01",
                "deliveryDate": "2026-03-20", "active": True, "relatedOrganisationId": examples.ORGANISATION_ID,
                "customerName": "Northern Bridge Fabrications",
                "lineItems": [{"orderLineItemId": examples.LINE_ITEM_ID, "lineNumber": 1, "productCode": "PL-20",
                               "description": "Plate 20 mm", "materialGrade": "S355J2+N", "quantity": 4.5, "unit": "t", "active": True}]}],
    "customers": [{"relatedOrganisationId": examples.ORGANISATION_ID, "name": "Northern Bridge Fabrications",
                   "orderReferences": ["SO-24002"]}],
    "certificates": [{"certificateId": examples.CERTIFICATE_ID, "fileName": "mtc-N41902.pdf", "certificateNumber": "MTC-2026-0117",
                      "en10204Type": "3.1", "manufacturer": "Dillinger Hütte", "issuedOn": "2026-02-12",
                      "heatNumbers": [examples.HEAT_NUMBER]}],
}

OPERATIONS = [
    Operation(
        "trace_heat", "GET", "/companies/{companyId}/traceability/heats/{heatNumber}", TAG, "Trace a heat (where did it go?)",
        "Every stock row of the heat (case-insensitive) with its split lineage (`parentInventoryId`), every reservation "
        "ever made from them, active and released, with who reserved and released it and when, the order lines, orders "
        "and customers they went to, and the certificates of the heat (attached to its stock or listing it among their "
        f"heat numbers). `format=csv` gives the same as a recall list, one row per reservation (columns: "
        f"{', '.join(COLUMNS)}), free text formula-neutralised as in the other exports. No stock or certificate of that "
        "heat is a 404.",
        {"200": {"description": "The heat's trace.", "content": {
            JSON: {"schema": response_model(HeatTrace), "example": HEAT_EXAMPLE},
            "text/csv": {"schema": {"type": "string", "format": "binary"}},
        }, "headers": {"Content-Disposition": {"description": "With `format=csv`: `attachment; filename=\"recall-{heatNumber}.csv\"`.",
                                                "schema": {"type": "string"}}}},
         **errors(400, 404)},
        parameters=query_parameters(TraceQuery, {"format": "`json` (default) or `csv` (a recall list)."}),
    ),
    Operation(
        "trace_order", "GET", "/companies/{companyId}/orders/{orderId}/traceability", TAG,
        "Trace an order (where did its material come from?)",
        "Per line item: the stock rows reserved for it (active and released, who and when), their heat numbers, the rows "
        "they were split from, and their certificates. Served for deleted orders too.",
        {"200": json_response("The order's trace.", response_model(OrderTrace)), **errors(404)},
    ),
]
