"""Rows -> the API's representation of orders, line items and reservations (camelCase, wire values)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.db.database import Row
from shared.representation import api_decimal, wire_date, wire_decimal, wire_guid, wire_timestamp


def order_view(row: Row) -> dict[str, Any]:
    return {
        "orderId": wire_guid(row["OrderId"]),
        "companyId": wire_guid(row["CompanyId"]),
        "orderReference": row["OrderReference"],
        "quantity": wire_decimal(row["Quantity"]),
        "orderDate": wire_date(row["OrderDate"]),
        "deliveryDate": wire_date(row["DeliveryDate"]),
        "site": row["Site"],
        "status": row["Status"],
        "active": bool(row["Active"]),
        "relatedOrganisationId": wire_guid(row["RelatedOrganisationId"]),
        "customerName": row["CustomerName"],
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def line_view(row: Row) -> dict[str, Any]:
    return {
        "orderLineItemId": wire_guid(row["OrderLineItemId"]),
        "orderId": wire_guid(row["OrderId"]),
        "companyId": wire_guid(row["CompanyId"]),
        "lineNumber": int(row["LineNumber"]),
        "productCode": row["ProductCode"],
        "description": row["Description"],
        "materialGrade": row["MaterialGrade"],
        "quantity": wire_decimal(row["Quantity"]),
        "unit": row["Unit"],
        "notes": row["Notes"],
        "active": bool(row["Active"]),
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def reservation_view(row: Row) -> dict[str, Any]:
    return {
        "linkId": wire_guid(row["LinkId"]),
        "inventoryId": wire_guid(row["InventoryId"]),
        "inventoryName": row["InventoryName"],
        "quantity": wire_decimal(row["Quantity"]),
        "unit": row["Unit"],
        "heatNumber": row["HeatNumber"],
        "certificateId": wire_guid(row["CertificateId"]),
        "certificateFileName": row["CertificateFileName"],
    }


def with_lines(order: Row, lines: list[Row]) -> dict[str, Any]:
    return {**order_view(order), "lineItems": [line_view(line) for line in lines]}


def line_with_reservations(line: Row, reservations: list[Row]) -> dict[str, Any]:
    views = [reservation_view(reservation) for reservation in reservations]
    reserved = sum((view["quantity"] for view in views), Decimal(0))
    return {**line_view(line), "reservedQuantity": api_decimal(reserved), "reservations": views}
