"""A new line item's insert row is built two ways: ``line_row`` from one line's values (the JSON routes) and
``line_rows`` from columns of values (the bulk import). Both must give ``line_items.insert`` the same tuple."""

from __future__ import annotations

from decimal import Decimal

from shared.repositories.line_items import INSERT_LINE
from shared.services.order_fields import LINE_FIELDS, line_row, line_rows


def test_the_row_of_a_line_and_the_rows_of_columns_agree() -> None:
    lines = [
        {"LineNumber": 1, "ProductCode": "PL-20", "Description": "Plate 20mm", "MaterialGrade": "S355J2+N",
         "Quantity": Decimal("7.5"), "Unit": "t", "Notes": "cut to size"},
        {"LineNumber": 4, "ProductCode": "UB-305", "Description": None, "MaterialGrade": "S275",
         "Quantity": Decimal(6), "Unit": "m", "Notes": None},
    ]
    ids, orders = ["line-1", "line-2"], ["order-1", "order-2"]
    one_by_one = [line_row(line_id, order_id, "company", values, "now", "user")
                  for line_id, order_id, values in zip(ids, orders, lines, strict=True)]
    columns = {column: [values[column] for values in lines] for column in LINE_FIELDS.values() if column != "LineNumber"}
    by_columns = list(line_rows(ids, orders, "company", [1, 4], columns, "now", "user"))
    assert by_columns == one_by_one
    assert len(by_columns[0]) == INSERT_LINE.count("?")
