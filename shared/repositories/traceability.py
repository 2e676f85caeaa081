"""Traceability reads: a heat's stock rows, every reservation ever made from them with the order lines, orders
and customers they went to, and the certificates; an order's lines with the stock, heats and certificates behind
them. Each answer is a fixed handful of statements, whatever the number of orders."""

from __future__ import annotations

from collections.abc import Sequence

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders

STOCK_OF_HEAT = (
    "SELECT i.InventoryId, i.Name, i.Quantity, i.Unit, i.HeatNumber, i.MaterialGrade, i.CertificateId, i.ParentInventoryId,"
    " i.Active, i.CreatedAt, i.UpdatedAt FROM Inventory i WHERE i.CompanyId = ? AND LOWER(i.HeatNumber) = ?"
    " ORDER BY i.CreatedAt, i.InventoryId"
)
# Every reservation (active or released) of the heat's stock, with the line, order, customer and who reserved and
# released it. The current link row holds both ends: CreatedAt/By reserved it, UpdatedAt/By released it.
LINKS_OF_HEAT = (
    "SELECT k.LinkId, k.InventoryId, i.Name AS InventoryName, k.Quantity, i.Unit, k.Active, k.CreatedAt, k.UpdatedAt,"
    " k.CreatedById, cu.DisplayName AS CreatedByName, k.UpdatedById, uu.DisplayName AS UpdatedByName,"
    " l.OrderLineItemId, l.LineNumber, l.ProductCode, l.Description, l.MaterialGrade AS LineMaterialGrade,"
    " l.Quantity AS LineQuantity, l.Unit AS LineUnit, l.Active AS LineActive, o.OrderId, o.OrderReference, o.Status,"
    " o.OrderDate, o.DeliveryDate, o.Active AS OrderActive, o.RelatedOrganisationId, r.Name AS CustomerName"
    " FROM Inventory i"
    " JOIN OrderLineItemInventory k ON k.InventoryId = i.InventoryId AND k.CompanyId = i.CompanyId"
    " JOIN OrderLineItems l ON l.OrderLineItemId = k.OrderLineItemId AND l.CompanyId = k.CompanyId"
    " JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
    " LEFT JOIN RelatedOrganisations r ON r.RelatedOrganisationId = o.RelatedOrganisationId AND r.CompanyId = o.CompanyId"
    " LEFT JOIN Users cu ON cu.UserId = k.CreatedById AND cu.CompanyId = k.CompanyId"
    " LEFT JOIN Users uu ON uu.UserId = k.UpdatedById AND uu.CompanyId = k.CompanyId"
    " WHERE i.CompanyId = ? AND LOWER(i.HeatNumber) = ?"
    " ORDER BY o.OrderReference, l.LineNumber, k.CreatedAt, k.LinkId"
)
CERTIFICATES_OF_HEAT = (
    "SELECT c.CertificateId, c.FileName, c.CertificateNumber, c.En10204Type, c.Manufacturer, c.IssuedOn FROM Certificates c"
    " WHERE c.CompanyId = ? AND (c.CertificateId IN"
    " (SELECT s.CertificateId FROM Inventory s WHERE s.CompanyId = ? AND LOWER(s.HeatNumber) = ?)"
    " OR c.CertificateId IN (SELECT h.CertificateId FROM CertificateHeatNumbers h WHERE h.CompanyId = ? AND LOWER(h.HeatNumber) = ?))"
    " ORDER BY c.CreatedAt, c.CertificateId"
)
# An order's reservations (active and released) with the stock, heat and certificate behind each.
LINKS_OF_ORDER = (
    "SELECT l.OrderLineItemId, k.LinkId, k.Quantity, k.Active, k.CreatedAt, k.UpdatedAt, cu.DisplayName AS CreatedByName,"
    " uu.DisplayName AS UpdatedByName, i.InventoryId, i.Name AS InventoryName, i.Unit, i.HeatNumber, i.MaterialGrade,"
    " i.ParentInventoryId, i.CertificateId, c.FileName AS CertificateFileName, c.CertificateNumber, c.En10204Type,"
    " c.Manufacturer FROM OrderLineItems l"
    " JOIN OrderLineItemInventory k ON k.OrderLineItemId = l.OrderLineItemId AND k.CompanyId = l.CompanyId"
    " JOIN Inventory i ON i.InventoryId = k.InventoryId AND i.CompanyId = k.CompanyId"
    " LEFT JOIN Certificates c ON c.CertificateId = i.CertificateId AND c.CompanyId = i.CompanyId"
    " LEFT JOIN Users cu ON cu.UserId = k.CreatedById AND cu.CompanyId = k.CompanyId"
    " LEFT JOIN Users uu ON uu.UserId = k.UpdatedById AND uu.CompanyId = k.CompanyId"
    " WHERE l.CompanyId = ? AND l.OrderId = ? ORDER BY l.LineNumber, k.CreatedAt, k.LinkId"
)
ORDER_WITH_CUSTOMER = (
    "SELECT o.OrderId, o.OrderReference, o.Status, o.OrderDate, o.DeliveryDate, o.Active, o.RelatedOrganisationId,"
    " r.Name AS CustomerName FROM Orders o"
    " LEFT JOIN RelatedOrganisations r ON r.RelatedOrganisationId = o.RelatedOrganisationId AND r.CompanyId = o.CompanyId"
    " WHERE o.CompanyId = ? AND o.OrderId = ?"
)
LINES_OF_ORDER = (
    "SELECT OrderLineItemId, LineNumber, ProductCode, Description, MaterialGrade, Quantity, Unit, Active FROM OrderLineItems"
    " WHERE CompanyId = ? AND OrderId = ? ORDER BY LineNumber, Active DESC, OrderLineItemId"
)


def heat_stock(tx: Transaction, company_id: str, heat: str) -> list[Row]:
    return tx.query(STOCK_OF_HEAT, (company_id, heat.lower()))


def heat_links(tx: Transaction, company_id: str, heat: str) -> list[Row]:
    return tx.query(LINKS_OF_HEAT, (company_id, heat.lower()))


def heat_certificates(tx: Transaction, company_id: str, heat: str) -> list[Row]:
    return tx.query(CERTIFICATES_OF_HEAT, (company_id, company_id, heat.lower(), company_id, heat.lower()))


def certificate_heats(tx: Transaction, company_id: str, certificate_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for chunk in chunks(certificate_ids):
        rows = tx.query(
            "SELECT CertificateId, HeatNumber FROM CertificateHeatNumbers"
            f" WHERE CompanyId = ? AND CertificateId IN {placeholders(len(chunk))}"
            " ORDER BY HeatNumber",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["CertificateId"]).lower(), []).append(str(row["HeatNumber"]))
    return found


def order(tx: Transaction, company_id: str, order_id: str) -> Row | None:
    return tx.query_one(ORDER_WITH_CUSTOMER, (company_id, order_id))


def order_lines(tx: Transaction, company_id: str, order_id: str) -> list[Row]:
    return tx.query(LINES_OF_ORDER, (company_id, order_id))


def order_links(tx: Transaction, company_id: str, order_id: str) -> list[Row]:
    return tx.query(LINKS_OF_ORDER, (company_id, order_id))
