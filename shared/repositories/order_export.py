"""The version of a company's order data, which keys the cached CSV export."""

from __future__ import annotations

from shared.db.database import Row, Transaction

# Every write of an order or line item stamps UpdatedAt with its (strictly increasing) transaction time, deletes
# included (soft deletes), so the latest stamps and the active counts change whenever the exported data does.
_VERSION = (
    "SELECT"
    " (SELECT COUNT(*) FROM Orders WHERE CompanyId = ? AND Active = ?) AS ActiveOrders,"
    " (SELECT MAX(UpdatedAt) FROM Orders WHERE CompanyId = ?) AS OrdersChangedAt,"
    " (SELECT COUNT(*) FROM OrderLineItems l JOIN Orders o ON o.OrderId = l.OrderId AND o.CompanyId = l.CompanyId"
    "  WHERE l.CompanyId = ? AND l.Active = ? AND o.Active = ?) AS ActiveLines,"
    " (SELECT MAX(UpdatedAt) FROM OrderLineItems WHERE CompanyId = ?) AS LinesChangedAt"
)


def data_version(tx: Transaction, company_id: str) -> Row:
    row = tx.query_one(_VERSION, (company_id, True, company_id, company_id, True, True, company_id))
    assert row is not None  # an aggregate always returns its one row
    return row
