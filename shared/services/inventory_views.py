"""Rows -> the API's representation of stock rows (camelCase, wire values)."""

from __future__ import annotations

from typing import Any

from shared.db.database import Row
from shared.representation import wire_decimal, wire_guid, wire_timestamp


def stock_view(row: Row) -> dict[str, Any]:
    return {
        "inventoryId": wire_guid(row["InventoryId"]),
        "companyId": wire_guid(row["CompanyId"]),
        "name": row["Name"],
        "quantity": wire_decimal(row["Quantity"]),
        "unit": row["Unit"],
        "heatNumber": row["HeatNumber"],
        "materialGrade": row["MaterialGrade"],
        "certificateId": wire_guid(row["CertificateId"]),
        "parentInventoryId": wire_guid(row["ParentInventoryId"]),
        "active": bool(row["Active"]),
        "reserved": bool(row["Reserved"]),
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def stock_ref(row: Row) -> dict[str, Any]:
    return {"inventoryId": wire_guid(row["InventoryId"]), "name": row["Name"], "quantity": wire_decimal(row["Quantity"]),
            "active": bool(row["Active"])}


def certificate_ref(row: Row) -> dict[str, Any]:
    return {"certificateId": wire_guid(row["CertificateId"]), "fileName": row["FileName"],
            "certificateNumber": row["CertificateNumber"], "en10204Type": row["En10204Type"]}


def reservation_ref(row: Row) -> dict[str, Any]:
    return {
        "linkId": wire_guid(row["LinkId"]),
        "orderId": wire_guid(row["OrderId"]),
        "orderReference": row["OrderReference"],
        "orderLineItemId": wire_guid(row["OrderLineItemId"]),
        "lineNumber": int(row["LineNumber"]),
        "quantity": wire_decimal(row["Quantity"]),
        "reservedAt": wire_timestamp(row["CreatedAt"]),
        "reservedByName": row["ReservedByName"],
    }
