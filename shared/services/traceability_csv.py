"""A heat's trace as a recall list: one CSV row per reservation ever made from the heat's stock (then one per stock
row never reserved), in the CSV dialect of every export (UTF-8 with BOM, CRLF, free text formula-neutralised)."""

from __future__ import annotations

from typing import Any

from shared.bulk.csv_format import csv_bytes, neutralise

COLUMNS = (
    "HeatNumber", "CustomerName", "OrderReference", "OrderStatus", "LineNumber", "ProductCode", "Description", "InventoryId",
    "StockName", "Quantity", "Unit", "MaterialGrade", "ReservationActive", "ReservedAt", "ReservedBy", "ReleasedAt",
    "ReleasedBy", "CertificateNumbers", "CertificateFiles",
)


def recall_csv(trace: dict[str, Any]) -> bytes:
    stock = {row["inventoryId"]: row for row in trace["stock"]}
    orders = {order["orderId"]: order for order in trace["orders"]}
    certificates = {certificate["certificateId"]: certificate for certificate in trace["certificates"]}
    rows = [_reservation_row(trace["heatNumber"], item, stock[item["inventoryId"]], orders, certificates) for item in trace["reservations"]]
    reserved = {item["inventoryId"] for item in trace["reservations"]}
    rows += [_stock_row(trace["heatNumber"], row, certificates) for row in trace["stock"] if row["inventoryId"] not in reserved]
    return csv_bytes(COLUMNS, rows)


def _reservation_row(
    heat: str, item: dict[str, Any], stock: dict[str, Any], orders: dict[str, Any], certificates: dict[str, Any]
) -> list[Any]:
    order = orders[item["orderId"]]
    line = next(line for line in order["lineItems"] if line["orderLineItemId"] == item["orderLineItemId"])
    certificate = certificates.get(stock["certificateId"])
    return [
        _text(heat), _text(order["customerName"]), _text(order["orderReference"]), order["status"], line["lineNumber"],
        _text(line["productCode"]), _text(line["description"]), item["inventoryId"], _text(item["inventoryName"]),
        item["quantity"], _text(item["unit"]), _text(stock["materialGrade"]), "true" if item["active"] else "false",
        item["reservedAt"], _text(item["reservedByName"]), item["releasedAt"] or "", _text(item["releasedByName"]),
        _text(certificate["certificateNumber"] if certificate else None), _text(certificate["fileName"] if certificate else None),
    ]


def _stock_row(heat: str, stock: dict[str, Any], certificates: dict[str, Any]) -> list[Any]:
    certificate = certificates.get(stock["certificateId"])
    return [
        _text(heat), "", "", "", "", "", "", stock["inventoryId"], _text(stock["name"]), stock["quantity"], _text(stock["unit"]),
        _text(stock["materialGrade"]), "", "", "", "", "",
        _text(certificate["certificateNumber"] if certificate else None), _text(certificate["fileName"] if certificate else None),
    ]


def _text(value: Any) -> str:
    return "" if value is None else neutralise(str(value))
