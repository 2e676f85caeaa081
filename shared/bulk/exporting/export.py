"""orders.csv and order-line-items.csv (DESIGN §6), written row by row onto a text stream.

Orders come in the list's order (order date, newest first, then reference), a page at a time; line items follow
their orders' order, then line number. Only active orders and their active line items are exported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import chain
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
from shared.db.database import Transaction
from shared.db.values import to_date
from shared.repositories import order_export
from shared.repositories.order_list import Cursor, OrderFilter, list_order_values
from shared.repositories.orders import ORDER_FIELDS

PAGE = 5_000

ColumnFormat = Callable[[Sequence[Any]], Sequence[Any]]
Columns = list[Sequence[Any]]  # a page of a file as its columns of CSV cells, in the file's column order
Page = tuple[Cursor | None, Cursor]  # the last order before the page (None: the first page), the page's last order


def write_orders(tx: Transaction, company_id: str, stream: TextIO) -> list[Page]:
    """orders.csv; returns the pages written, for the line items file to follow in the same order."""
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.ORDERS))
    pages: list[Page] = []
    for columns in order_columns(tx, company_id, pages):
        out.writerows(zip(*columns, strict=True))  # rows made as they are written (zip reuses its row tuple)
    return pages


def write_lines(tx: Transaction, company_id: str, pages: list[Page], stream: TextIO) -> None:
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.LINE_ITEMS))
    for columns in line_columns(tx, company_id, pages):
        out.writerows(zip(*columns, strict=True))


def order_columns(tx: Transaction, company_id: str, pages: list[Page]) -> Iterator[Columns]:
    """The orders as CSV cells, a page at a time; each page read is appended to ``pages``."""
    after: Cursor | None = None
    while True:
        rows = list_order_values(tx, company_id, OrderFilter(), after, PAGE)
        if rows:
            read = list(zip(*rows, strict=True))  # in the list's column order (ORDER_FIELDS)
            yield _formatted([read[field] for field in _ORDER_FIELD_OF_COLUMN], _ORDER_CELLS)
            pages.append((after, _cursor(rows[-1])))
            after = pages[-1][1]
        if len(rows) < PAGE:
            return


def line_columns(tx: Transaction, company_id: str, pages: list[Page]) -> Iterator[Columns]:
    """The line items of the orders of ``pages`` as CSV cells, a page of orders at a time."""
    for after, last in pages:
        rows = order_export.lines_of_orders_between(tx, company_id, after, last)
        if rows:
            yield _formatted(list(zip(*rows, strict=True)), _LINE_CELLS)


def _cursor(row: tuple[Any, ...]) -> Cursor:
    order_date = to_date(row[_DATE])
    assert order_date is not None
    return Cursor(order_date, str(row[_REFERENCE]), guid_cell(row[_ID]))


def _formatted(columns: Columns, cells: list[ColumnFormat]) -> Columns:
    """A page's columns as CSV cells. The columns of one kind (every text column, every id column, ...) are checked
    in one pass over their values end to end; where they are in wire form already the check hands back the same
    values and the columns stay as read, else the formatted values take their place. Column by column, with no
    list per row: per-row lists cost about as much as the checks (building them, and the garbage collector
    walking them once they outlived its youngest generation)."""
    count = len(columns[0])
    for format_cells, positions in _kinds(cells):
        values = columns[positions[0]] if len(positions) == 1 else list(chain.from_iterable(columns[p] for p in positions))
        formatted = format_cells(values)
        if formatted is not values:
            for offset, position in enumerate(positions):
                columns[position] = formatted[offset * count : (offset + 1) * count]
    return columns


def _kinds(cells: list[ColumnFormat]) -> list[tuple[ColumnFormat, list[int]]]:
    positions: dict[ColumnFormat, list[int]] = {}
    for position, format_cells in enumerate(cells):
        if format_cells is not _as_is:
            positions.setdefault(format_cells, []).append(position)
    return list(positions.items())


def _as_is(values: Sequence[Any]) -> Sequence[Any]:
    return values


# How each column of the two files is formatted, in the files' column order (DESIGN §6).
_ORDER_COLUMNS = ("OrderId", "OrderReference", "CustomerName", "RelatedOrganisationId", "Quantity", "OrderDate", "DeliveryDate",
                  "Site", "Status", "Active", "CreatedAt", "UpdatedAt", "CustomerReference", "DeliveryAddress")
_ORDER_CELLS: list[ColumnFormat] = [guid_column, text_column, text_column, guid_column, decimal_column, date_column, date_column,
                                    text_column, _as_is, bool_column, timestamp_column, timestamp_column, text_column, text_column]
# Where orders.csv's columns are in a row of the list (list_order_values: ORDER_FIELDS's order).
_ORDER_FIELD_OF_COLUMN = [ORDER_FIELDS.index(column) for column in _ORDER_COLUMNS]
_ID, _REFERENCE, _DATE = map(ORDER_FIELDS.index, ("OrderId", "OrderReference", "OrderDate"))
# As repositories.order_export.lines_of_orders_between reads them.
_LINE_CELLS: list[ColumnFormat] = [guid_column, guid_column, text_column, _as_is, text_column, text_column, text_column,
                                   decimal_column, text_column, text_column, _as_is, timestamp_column, timestamp_column]
