"""Reads for the CSV export: the version of a company's order data (which keys the cached export), and the line
items of a page of the order list."""

from __future__ import annotations

from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.order_list import Cursor

# Every write of an order or line item stamps UpdatedAt with its (strictly increasing) transaction time, soft deletes
# and restores included, so the latest stamps (of all rows, deleted ones too) change whenever the exported data
# does; the active order count is a second guard. Both stamps are index seeks (IX_Orders_Updated,
# IX_OrderLineItems_Updated), so the version costs next to nothing however many orders a company has.
# The change marker (shared/db/change_marker.py) orders changes by commit, so a long import that began before the
# latest stamp but committed after it still changes the version.
_VERSION = (
    "SELECT (SELECT Version FROM ChangeMarkers WHERE CompanyId = ?) AS ChangeVersion,"
    " (SELECT COUNT(*) FROM Orders WHERE CompanyId = ? AND Active = ?) AS ActiveOrders,"
    " (SELECT MAX(UpdatedAt) FROM Orders WHERE CompanyId = ?) AS OrdersChangedAt,"
    " (SELECT MAX(UpdatedAt) FROM OrderLineItems WHERE CompanyId = ?) AS LinesChangedAt"
)


def data_version(tx: Transaction, company_id: str) -> Row:
    row = tx.query_one(_VERSION, (company_id, company_id, True, company_id, company_id))
    assert row is not None  # aggregates always return their one row
    return row


# The list's order (order date, newest first, then reference, then id), as in order_list.
_LIST_ORDER = " ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"
_AFTER = "(o.OrderDate < ? OR (o.OrderDate = ? AND (o.OrderReference > ? OR (o.OrderReference = ? AND o.OrderId > ?))))"
_SELECT_EXPORTED_LINES = (
    "SELECT l.OrderLineItemId, l.OrderId, o.OrderReference, l.LineNumber, l.ProductCode, l.Description, l.MaterialGrade,"
    " l.Quantity, l.Unit, l.Notes, 'true' AS Active, l.CreatedAt, l.UpdatedAt"
    " FROM Orders o JOIN OrderLineItems l ON l.OrderId = o.OrderId AND l.CompanyId = o.CompanyId"
    " WHERE o.CompanyId = ? AND o.Active = ? AND l.Active = ?"
)


def lines_of_orders_between(tx: Transaction, company_id: str, after: Cursor | None, last: Cursor) -> list[tuple[Any, ...]]:
    """The active line items (with their order's reference) of the active orders after ``after`` (None: from the
    first) up to and including ``last``, in the list's order of their orders, then by line number: as tuples of the
    columns of order-line-items.csv, in its order (``Active`` as the export's text: only active rows are read)."""
    # The plain date bounds let the database read just the page's range of the list index.
    conditions, params = ["o.OrderDate >= ?", f"NOT {_AFTER}"], [last.order_date, *_cursor_params(last)]
    if after is not None:
        conditions[:0] = ["o.OrderDate <= ?", _AFTER]
        params = [after.order_date, *_cursor_params(after), *params]
    sql = f"{_SELECT_EXPORTED_LINES} AND {' AND '.join(conditions)}{_LIST_ORDER}, l.LineNumber"
    return tx.query_values(sql, [company_id, True, True, *params])


def _cursor_params(cursor: Cursor) -> list[Any]:
    return [cursor.order_date, cursor.order_date, cursor.order_reference, cursor.order_reference, cursor.order_id]
