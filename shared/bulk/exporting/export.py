"""orders.csv and order-line-items.csv (DESIGN §6), written row by row onto a text stream.

Orders come in the list's order (order date, newest first, then reference), a page at a time; line items follow
their orders' order, then line number. Only active orders and their active line items are exported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, TextIO

from shared.bulk.columns import Kind, export_headers
from shared.bulk.csv_format import BOM, writer
from shared.bulk.exporting.values_to_cells import (
    bool_column,
    date_column,
    decimal_column,
    guid_cell,
    guid_column,
    text_column,
    timestamp_column,
)
from shared.db.database import Row, Transaction
from shared.db.values import to_date
from shared.repositories import order_export
from shared.repositories.order_list import Cursor, OrderFilter, list_orders

PAGE = 5_000

ColumnFormat = Callable[[list[Any]], Sequence[Any]]
Page = tuple[Cursor | None, Cursor]  # the last order before the page (None: the first page), the page's last order


def write_orders(tx: Transaction, company_id: str, stream: TextIO) -> list[Page]:
    """orders.csv; returns the pages written, for the line items file to follow in the same order."""
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.ORDERS))
    pages: list[Page] = []
    for rows in order_rows(tx, company_id, pages):
        out.writerows(rows)
    return pages


def write_lines(tx: Transaction, company_id: str, pages: list[Page], stream: TextIO) -> None:
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.LINE_ITEMS))
    for rows in line_rows(tx, company_id, pages):
        out.writerows(rows)


def order_rows(tx: Transaction, company_id: str, pages: list[Page]) -> Iterator[list[list[Any]]]:
    """The orders' rows as CSV cells, a page at a time; each page read is appended to ``pages``."""
    after: Cursor | None = None
    while True:
        rows = list_orders(tx, company_id, OrderFilter(), after, PAGE)
        if rows:
            yield _formatted(list(map(list, map(itemgetter(*_ORDER_COLUMNS), rows))), _ORDER_CELLS)
            pages.append((after, _cursor(rows[-1])))
            after = pages[-1][1]
        if len(rows) < PAGE:
            return


def line_rows(tx: Transaction, company_id: str, pages: list[Page]) -> Iterator[list[list[Any]]]:
    """The line items of the orders of ``pages`` as CSV cells, a page of orders at a time."""
    for after, last in pages:
        yield _formatted(list(map(list, order_export.lines_of_orders_between(tx, company_id, after, last))), _LINE_CELLS)


def _cursor(row: Row) -> Cursor:
    order_date = to_date(row["OrderDate"])
    assert order_date is not None
    return Cursor(order_date, str(row["OrderReference"]), guid_cell(row["OrderId"]))


def _formatted(rows: list[list[Any]], cells: list[ColumnFormat]) -> list[list[Any]]:
    """The rows' values (in the file's column order) as CSV cells. The cells of one kind (every text column, every
    id column, ...) are checked in one pass over the page; where they are in wire form already the check hands back
    the same list and they stay where they are, else the formatted values are written back."""
    for format_cells, positions in _kinds(cells):
        values = _cells(rows, positions)
        formatted = format_cells(values)
        if formatted is not values:
            replacements = iter(formatted)
            for row in rows:
                for position in positions:
                    row[position] = next(replacements)
    return rows


def _kinds(cells: list[ColumnFormat]) -> list[tuple[ColumnFormat, list[int]]]:
    positions: dict[ColumnFormat, list[int]] = {}
    for position, format_cells in enumerate(cells):
        if format_cells is not _as_is:
            positions.setdefault(format_cells, []).append(position)
    return list(positions.items())


def _cells(rows: list[list[Any]], positions: list[int]) -> list[Any]:
    """The cells at ``positions`` of every row, row by row."""
    if len(positions) == 1:
        return list(map(itemgetter(positions[0]), rows))
    return list(chain.from_iterable(map(itemgetter(*positions), rows)))


def _as_is(values: list[Any]) -> list[Any]:
    return values


# How each column of the two files is formatted, in the files' column order (DESIGN §6).
_ORDER_COLUMNS = ("OrderId", "OrderReference", "CustomerName", "RelatedOrganisationId", "Quantity", "OrderDate", "DeliveryDate",
                  "Site", "Status", "Active", "CreatedAt", "UpdatedAt", "CustomerReference", "DeliveryAddress")
_ORDER_CELLS: list[ColumnFormat] = [guid_column, text_column, text_column, guid_column, decimal_column, date_column, date_column,
                                    text_column, _as_is, bool_column, timestamp_column, timestamp_column, text_column, text_column]
# As repositories.order_export.lines_of_orders_between reads them.
_LINE_CELLS: list[ColumnFormat] = [guid_column, guid_column, text_column, _as_is, text_column, text_column, text_column,
                                   decimal_column, text_column, text_column, _as_is, timestamp_column, timestamp_column]
