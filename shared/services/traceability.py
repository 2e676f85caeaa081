"""Where did heat N go: every stock row of the heat with its split lineage, every reservation ever made from them
(active and released, who and when), the order lines, orders and customers they went to, and the certificates.
Four statements in one snapshot, whatever the number of orders (see ``shared.repositories.traceability``)."""

from __future__ import annotations

from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row
from shared.db.values import guid
from shared.errors import NotFound
from shared.repositories import traceability
from shared.representation import wire_date, wire_decimal, wire_guid, wire_timestamp


def trace_heat(db: Database, actor: Principal, heat_number: str) -> dict[str, Any]:
    heat = heat_number.strip()
    with db.read() as tx:
        stock = traceability.heat_stock(tx, actor.company_id, heat)
        links = traceability.heat_links(tx, actor.company_id, heat) if stock else []
        certificates = traceability.heat_certificates(tx, actor.company_id, heat)
        heats = traceability.certificate_heats(tx, actor.company_id, [guid(row["CertificateId"]) for row in certificates])
    if not stock and not certificates:
        raise NotFound("No stock or certificate of this heat in this company.")
    reserved = {guid(row["InventoryId"]) for row in links if row["Active"]}
    return {
        "heatNumber": heat,
        "stock": [_stock(row, reserved) for row in stock],
        "reservations": [reservation(row) for row in links],
        "orders": _orders(links),
        "customers": _customers(links),
        "certificates": [certificate(row, heats.get(guid(row["CertificateId"]), [])) for row in certificates],
    }


def _stock(row: Row, reserved: set[str]) -> dict[str, Any]:
    return {
        "inventoryId": wire_guid(row["InventoryId"]), "name": row["Name"], "quantity": wire_decimal(row["Quantity"]),
        "unit": row["Unit"], "heatNumber": row["HeatNumber"], "materialGrade": row["MaterialGrade"],
        "certificateId": wire_guid(row["CertificateId"]), "parentInventoryId": wire_guid(row["ParentInventoryId"]),
        "active": bool(row["Active"]), "reserved": guid(row["InventoryId"]) in reserved,
        "createdAt": wire_timestamp(row["CreatedAt"]), "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def reservation(row: Row) -> dict[str, Any]:
    released = not row["Active"]
    return {
        "linkId": wire_guid(row["LinkId"]), "inventoryId": wire_guid(row["InventoryId"]), "inventoryName": row["InventoryName"],
        "quantity": wire_decimal(row["Quantity"]), "unit": row["Unit"], "active": bool(row["Active"]),
        "reservedAt": wire_timestamp(row["CreatedAt"]), "reservedByName": row["CreatedByName"],
        "releasedAt": wire_timestamp(row["UpdatedAt"]) if released else None,
        "releasedByName": row["UpdatedByName"] if released else None,
        "orderId": wire_guid(row["OrderId"]), "orderReference": row["OrderReference"],
        "orderLineItemId": wire_guid(row["OrderLineItemId"]), "lineNumber": int(row["LineNumber"]),
        "customerName": row["CustomerName"],
    }


def _orders(links: list[Row]) -> list[dict[str, Any]]:
    orders: dict[str, dict[str, Any]] = {}
    for row in links:
        order = orders.setdefault(guid(row["OrderId"]), {
            "orderId": wire_guid(row["OrderId"]), "orderReference": row["OrderReference"], "status": row["Status"],
            "orderDate": wire_date(row["OrderDate"]), "deliveryDate": wire_date(row["DeliveryDate"]),
            "active": bool(row["OrderActive"]), "relatedOrganisationId": wire_guid(row["RelatedOrganisationId"]),
            "customerName": row["CustomerName"], "lineItems": {},
        })
        order["lineItems"].setdefault(guid(row["OrderLineItemId"]), {
            "orderLineItemId": wire_guid(row["OrderLineItemId"]), "lineNumber": int(row["LineNumber"]),
            "productCode": row["ProductCode"], "description": row["Description"], "materialGrade": row["LineMaterialGrade"],
            "quantity": wire_decimal(row["LineQuantity"]), "unit": row["LineUnit"], "active": bool(row["LineActive"]),
        })
    return [{**order, "lineItems": list(order["lineItems"].values())} for order in orders.values()]


def _customers(links: list[Row]) -> list[dict[str, Any]]:
    customers: dict[str, dict[str, Any]] = {}
    for row in links:
        if row["RelatedOrganisationId"] is None:
            continue
        customer = customers.setdefault(guid(row["RelatedOrganisationId"]), {
            "relatedOrganisationId": wire_guid(row["RelatedOrganisationId"]), "name": row["CustomerName"], "orderReferences": [],
        })
        if row["OrderReference"] not in customer["orderReferences"]:
            customer["orderReferences"].append(row["OrderReference"])
    return sorted(customers.values(), key=lambda customer: str(customer["name"]).casefold())


def certificate(row: Row, heats: list[str]) -> dict[str, Any]:
    return {
        "certificateId": wire_guid(row["CertificateId"]), "fileName": row["FileName"], "certificateNumber": row["CertificateNumber"],
        "en10204Type": row["En10204Type"], "manufacturer": row["Manufacturer"], "issuedOn": wire_date(row["IssuedOn"]),
        "heatNumbers": heats,
    }
