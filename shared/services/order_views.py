"""Rows -> the API's representation of orders, line items and reservations (camelCase, wire values)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.db.database import Row
from shared.db.values import opt_guid, to_date, to_datetime, to_decimal
from shared.representation import api_date, api_decimal, api_timestamp


def order_view(row: Row) -> dict[str, Any]:
    return {
        "orderId": opt_guid(row["OrderId"]),
        "companyId": opt_guid(row["CompanyId"]),
        "orderReference": row["OrderReference"],
        "quantity": api_decimal(to_decimal(row["Quantity"])),
        "orderDate": api_date(to_date(row["OrderDate"])),
        "deliveryDate": api_date(to_date(row["DeliveryDate"])),
        "site": row["Site"],
        "status": row["Status"],
        "active": bool(row["Active"]),
        "relatedOrganisationId": opt_guid(row["RelatedOrganisationId"]),
        "customerName": row["CustomerName"],
        "createdAt": api_timestamp(to_datetime(row["CreatedAt"])),
        "updatedAt": api_timestamp(to_datetime(row["UpdatedAt"])),
    }


def line_view(row: Row) -> dict[str, Any]:
    return {
        "orderLineItemId": opt_guid(row["OrderLineItemId"]),
        "orderId": opt_guid(row["OrderId"]),
        "companyId": opt_guid(row["CompanyId"]),
        "lineNumber": int(row["LineNumber"]),
        "productCode": row["ProductCode"],
        "description": row["Description"],
        "materialGrade": row["MaterialGrade"],
        "quantity": api_decimal(to_decimal(row["Quantity"])),
        "unit": row["Unit"],
        "notes": row["Notes"],
        "active": bool(row["Active"]),
        "createdAt": api_timestamp(to_datetime(row["CreatedAt"])),
        "updatedAt": api_timestamp(to_datetime(row["UpdatedAt"])),
    }


def reservation_view(row: Row) -> dict[str, Any]:
    return {
        "linkId": opt_guid(row["LinkId"]),
        "inventoryId": opt_guid(row["InventoryId"]),
        "inventoryName": row["InventoryName"],
        "quantity": api_decimal(to_decimal(row["Quantity"])),
        "unit": row["Unit"],
        "heatNumber": row["HeatNumber"],
        "certificateId": opt_guid(row["CertificateId"]),
        "certificateFileName": row["CertificateFileName"],
    }


def with_lines(order: Row, lines: list[Row]) -> dict[str, Any]:
    return {**order_view(order), "lineItems": [line_view(line) for line in lines]}


def line_with_reservations(line: Row, reservations: list[Row]) -> dict[str, Any]:
    views = [reservation_view(reservation) for reservation in reservations]
    reserved = sum((view["quantity"] for view in views), Decimal(0))
    return {**line_view(line), "reservedQuantity": api_decimal(reserved), "reservations": views}
