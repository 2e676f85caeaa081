"""orders.csv and order-line-items.csv (DESIGN §6), written row by row onto a text stream.

Orders come in the list's order (order date, newest first, then reference), a page at a time; line items follow
their orders' order, then line number. Only active orders and their active line items are exported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any, TextIO

from shared.bulk.cell_text import (
    bool_column,
    date_column,
    decimal_column,
    guid_cell,
    guid_column,
    text_column,
    timestamp_column,
)
from shared.bulk.columns import Kind, export_headers
from shared.bulk.csv_format import BOM, writer
from shared.db.database import Row, Transaction
from shared.db.values import to_date
from shared.repositories import order_export
from shared.repositories.order_list import Cursor, OrderFilter, list_orders

PAGE = 5_000

ColumnFormat = Callable[[Sequence[Any]], Sequence[Any]]
Page = tuple[Cursor | None, Cursor]  # the last order before the page (None: the first page), the page's last order


def write_orders(tx: Transaction, company_id: str, stream: TextIO) -> list[Page]:
    """orders.csv; returns the pages written, for the line items file to follow in the same order."""
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.ORDERS))
    pages: list[Page] = []
    after: Cursor | None = None
    while True:
        rows = list_orders(tx, company_id, OrderFilter(), after, PAGE)
        if rows:
            out.writerows(_formatted(rows, _ORDER_CELLS))
            pages.append((after, _cursor(rows[-1])))
            after = pages[-1][1]
        if len(rows) < PAGE:
            return pages


def write_lines(tx: Transaction, company_id: str, pages: list[Page], stream: TextIO) -> None:
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.LINE_ITEMS))
    for after, last in pages:
        out.writerows(_formatted(order_export.lines_of_orders_between(tx, company_id, after, last), _LINE_CELLS))


def _cursor(row: Row) -> Cursor:
    order_date = to_date(row["OrderDate"])
    assert order_date is not None
    return Cursor(order_date, str(row["OrderReference"]), guid_cell(row["OrderId"]))


def _formatted(page: list[Row], cells: list[tuple[str, ColumnFormat]]) -> Iterable[tuple[Any, ...]]:
    """The page's rows as CSV cells, formatted a column at a time."""
    if not page:
        return ()
    columns = zip(*map(itemgetter(*(name for name, _ in cells)), page), strict=True)
    return zip(*(format_column(values) for (_, format_column), values in zip(cells, columns, strict=True)), strict=True)


def _as_is(values: Sequence[Any]) -> Sequence[Any]:
    return values


_ORDER_CELLS: list[tuple[str, ColumnFormat]] = [
    ("OrderId", guid_column), ("OrderReference", text_column), ("CustomerName", text_column),
    ("RelatedOrganisationId", guid_column), ("Quantity", decimal_column), ("OrderDate", date_column),
    ("DeliveryDate", date_column), ("Site", text_column), ("Status", _as_is), ("Active", bool_column),
    ("CreatedAt", timestamp_column), ("UpdatedAt", timestamp_column),
]
_LINE_CELLS: list[tuple[str, ColumnFormat]] = [
    ("OrderLineItemId", guid_column), ("OrderId", guid_column), ("OrderReference", text_column), ("LineNumber", _as_is),
    ("ProductCode", text_column), ("Description", text_column), ("MaterialGrade", text_column), ("Quantity", decimal_column),
    ("Unit", text_column), ("Notes", text_column), ("Active", bool_column), ("CreatedAt", timestamp_column),
    ("UpdatedAt", timestamp_column),
]
