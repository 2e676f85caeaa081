"""orders.csv and order-line-items.csv (DESIGN §6), written row by row onto a text stream.

Orders come in the list's order (order date, newest first, then reference), a page at a time; line items follow
their orders' order, then line number. Only active orders and their active line items are exported.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from shared.bulk.cell_text import bool_cell, date_cell, decimal_cell, guid_cell, plain_cell, text_cell, timestamp_cell
from shared.bulk.columns import Kind, export_headers
from shared.bulk.csv_format import BOM, writer
from shared.db.database import Row, Transaction
from shared.db.values import to_date
from shared.repositories import line_items
from shared.repositories.order_list import Cursor, OrderFilter, list_orders
from shared.repositories.sql import chunks

PAGE = 2_000

ExportedOrder = tuple[str, str]  # (order id, reference): what the line items file needs of each order


def write_orders(tx: Transaction, company_id: str, stream: TextIO) -> list[ExportedOrder]:
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.ORDERS))
    exported: list[ExportedOrder] = []
    for page in _order_pages(tx, company_id):
        out.writerows(_order_cells(row) for row in page)
        exported += [(guid_cell(row["OrderId"]), str(row["OrderReference"])) for row in page]
    return exported


def write_lines(tx: Transaction, company_id: str, exported: list[ExportedOrder], stream: TextIO) -> None:
    out = writer(stream)
    stream.write(BOM)
    out.writerow(export_headers(Kind.LINE_ITEMS))
    for chunk in chunks(exported):
        lines = line_items.active_for_orders(tx, company_id, [order_id for order_id, _ in chunk])
        for order_id, reference in chunk:
            out.writerows(_line_cells(row, reference) for row in lines[order_id])


def _order_pages(tx: Transaction, company_id: str) -> Iterator[list[Row]]:
    after: Cursor | None = None
    while True:
        page = list_orders(tx, company_id, OrderFilter(), after, PAGE)
        if page:
            yield page
        if len(page) < PAGE:
            return
        last = page[-1]
        order_date = to_date(last["OrderDate"])
        assert order_date is not None
        after = Cursor(order_date, str(last["OrderReference"]), guid_cell(last["OrderId"]))


def _order_cells(row: Row) -> list[Any]:
    return [
        guid_cell(row["OrderId"]), text_cell(row["OrderReference"]), text_cell(row["CustomerName"]),
        guid_cell(row["RelatedOrganisationId"]), decimal_cell(row["Quantity"]), date_cell(row["OrderDate"]),
        date_cell(row["DeliveryDate"]), text_cell(row["Site"]), plain_cell(row["Status"]), bool_cell(row["Active"]),
        timestamp_cell(row["CreatedAt"]), timestamp_cell(row["UpdatedAt"]),
    ]


def _line_cells(row: Row, reference: str) -> list[Any]:
    return [
        guid_cell(row["OrderLineItemId"]), guid_cell(row["OrderId"]), text_cell(reference), plain_cell(row["LineNumber"]),
        text_cell(row["ProductCode"]), text_cell(row["Description"]), text_cell(row["MaterialGrade"]),
        decimal_cell(row["Quantity"]), text_cell(row["Unit"]), text_cell(row["Notes"]), bool_cell(row["Active"]),
        timestamp_cell(row["CreatedAt"]), timestamp_cell(row["UpdatedAt"]),
    ]
