"""Rows -> the API's representation of orders, line items and reservations (camelCase, wire values)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from shared.db.database import Row
from shared.db.values import decimal_value
from shared.materials.coverage import Coverage, Held, is_substitute, line_coverage
from shared.materials.match import Material
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
        "customerReference": row["CustomerReference"],
        "deliveryAddress": row["DeliveryAddress"],
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def order_views(rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """``order_view`` of many value tuples in ``SELECT_ORDER``'s column order (``ORDER_FIELDS``), without a dict per
    row or a lookup per field: the list's hot path (a page is 100-1,000 orders, an unpaged list tens of thousands).

    A text GUID, date, decimal or timestamp (what SQLite stores: the wire forms, a timestamp as the 26 characters
    ``YYYY-MM-DD HH:MM:SS.ffffff``) is converted inline, as its ``wire_*`` function would, without the call; any other
    value (a typed driver's) goes through the function."""
    guid_, date_, stamp, number, text, decimal = wire_guid, wire_date, wire_timestamp, wire_decimal, str, Decimal
    return [
        {
            "orderId": order_id.lower() if order_id.__class__ is text else guid_(order_id),
            "companyId": company_id.lower() if company_id.__class__ is text else guid_(company_id),
            "orderReference": reference,
            "quantity": decimal(quantity) if quantity.__class__ is text else number(quantity),
            "orderDate": order_date if order_date.__class__ is text else date_(order_date),
            "deliveryDate": delivery_date if delivery_date.__class__ is text else date_(delivery_date),
            "site": site,
            "status": status,
            "active": bool(active),
            "relatedOrganisationId": guid_(related_id),
            "customerName": customer_name,
            "customerReference": customer_reference,
            "deliveryAddress": address,
            "createdAt": (
                f"{created[:10]}T{created[11:]}Z"
                if created.__class__ is text and len(created) == 26 and created[10] == " " else stamp(created)
            ),
            "updatedAt": (
                f"{updated[:10]}T{updated[11:]}Z"
                if updated.__class__ is text and len(updated) == 26 and updated[10] == " " else stamp(updated)
            ),
        }
        for (
            order_id, company_id, reference, quantity, order_date, delivery_date, site, status, active, related_id,
            customer_name, customer_reference, address, created, updated, _deleted,
        ) in rows
    ]


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


def reservation_view(row: Row, substitute: bool = False) -> dict[str, Any]:
    return {
        "linkId": wire_guid(row["LinkId"]),
        "inventoryId": wire_guid(row["InventoryId"]),
        "inventoryName": row["InventoryName"],
        "quantity": wire_decimal(row["Quantity"]),
        "unit": row["Unit"],
        "materialGrade": row["MaterialGrade"],
        "heatNumber": row["HeatNumber"],
        "certificateId": wire_guid(row["CertificateId"]),
        "certificateFileName": row["CertificateFileName"],
        "substitute": substitute,
    }


def with_lines(order: Row, lines: list[Row]) -> dict[str, Any]:
    return {**order_view(order), "lineItems": [line_view(line) for line in lines]}


def held(reservation: Row) -> Held:
    """A reservation row as coverage sees it."""
    material = Material(grade=reservation["MaterialGrade"], unit=reservation["Unit"])
    certified = reservation["CertificateId"] is not None
    return Held(decimal_value(reservation["Quantity"]), material, certified, bool(reservation["Substitute"]))


def coverage_view(coverage: Coverage) -> dict[str, Any]:
    return {
        "status": coverage.state,
        "unit": coverage.unit,
        "shortBy": api_decimal(coverage.short_by),
        "overBy": api_decimal(coverage.over_by),
        "substitute": coverage.substitute,
        "noCertificate": coverage.uncertified,
        "complete": coverage.complete,
    }


def line_with_reservations(line: Row, reservations: list[Row]) -> dict[str, Any]:
    """The line with its reservations, ``reservedQuantity`` in the line's unit, and how well it is covered."""
    wanted = Material(grade=line["MaterialGrade"], unit=line["Unit"])
    stock = [held(reservation) for reservation in reservations]
    coverage = line_coverage(decimal_value(line["Quantity"]), wanted, stock)
    views = [reservation_view(row, is_substitute(wanted, item)) for row, item in zip(reservations, stock, strict=True)]
    reserved = api_decimal(coverage.reserved)
    return {**line_view(line), "reservedQuantity": reserved, "coverage": coverage_view(coverage), "reservations": views}
