"""Where did the material of order X come from: per line, the stock rows reserved for it (active and released),
their heats, split parents and certificates. Three statements in one snapshot."""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row
from shared.db.values import guid
from shared.errors import NotFound
from shared.repositories import traceability
from shared.representation import wire_date, wire_decimal, wire_guid, wire_timestamp


def trace_order(db: Database, actor: Principal, order_id: str) -> dict[str, Any]:
    with db.read() as tx:
        order = traceability.order(tx, actor.company_id, order_id)
        if order is None:
            raise NotFound(f"No such order in this company: {order_id}.")
        lines = traceability.order_lines(tx, actor.company_id, order_id)
        links = traceability.order_links(tx, actor.company_id, order_id)
    by_line: dict[str, list[Row]] = {}
    for row in links:
        by_line.setdefault(guid(row["OrderLineItemId"]), []).append(row)
    shown = [line for line in lines if line["Active"] or guid(line["OrderLineItemId"]) in by_line]
    return {
        "orderId": wire_guid(order["OrderId"]), "orderReference": order["OrderReference"], "status": order["Status"],
        "orderDate": wire_date(order["OrderDate"]), "deliveryDate": wire_date(order["DeliveryDate"]), "active": bool(order["Active"]),
        "relatedOrganisationId": wire_guid(order["RelatedOrganisationId"]), "customerName": order["CustomerName"],
        "lineItems": [_line(line, by_line.get(guid(line["OrderLineItemId"]), [])) for line in shown],
    }


def _line(line: Row, links: list[Row]) -> dict[str, Any]:
    active = [row for row in links if row["Active"]]
    return {
        "orderLineItemId": wire_guid(line["OrderLineItemId"]), "lineNumber": int(line["LineNumber"]),
        "productCode": line["ProductCode"], "description": line["Description"], "materialGrade": line["MaterialGrade"],
        "quantity": wire_decimal(line["Quantity"]), "unit": line["Unit"], "active": bool(line["Active"]),
        "heatNumbers": sorted({str(row["HeatNumber"]) for row in active if row["HeatNumber"]}),
        "stock": [_stock(row) for row in links],
    }


def _stock(row: Row) -> dict[str, Any]:
    released = not row["Active"]
    certificate = None if row["CertificateId"] is None else {
        "certificateId": wire_guid(row["CertificateId"]), "fileName": row["CertificateFileName"],
        "certificateNumber": row["CertificateNumber"], "en10204Type": row["En10204Type"], "manufacturer": row["Manufacturer"],
    }
    return {
        "linkId": wire_guid(row["LinkId"]), "inventoryId": wire_guid(row["InventoryId"]), "name": row["InventoryName"],
        "quantity": wire_decimal(row["Quantity"]), "unit": row["Unit"], "heatNumber": row["HeatNumber"],
        "materialGrade": row["MaterialGrade"], "parentInventoryId": wire_guid(row["ParentInventoryId"]),
        "active": bool(row["Active"]), "reservedAt": wire_timestamp(row["CreatedAt"]), "reservedByName": row["CreatedByName"],
        "releasedAt": wire_timestamp(row["UpdatedAt"]) if released else None,
        "releasedByName": row["UpdatedByName"] if released else None,
        "certificate": certificate,
    }
