"""Line items of orders without stored lines: the orders an upload creates are planned a whole file at a time
(shared.bulk.planning.new_order_lines), a stored order without lines row by row (line_rows.OrderLines). Both must
give the same lines, ids, numbers and errors."""

from __future__ import annotations

import uuid
from typing import Any

from tests.bulk_support import csv_file, summary, upload
from tests.support import Api, order

LINE_COLUMNS = ["OrderLineItemId", "OrderReference", "LineNumber", "ProductCode", "Quantity"]


def _lines(reference: str, chosen_id: str) -> list[list[str]]:
    return [
        ["", reference, "", "NEITHER", "1"],  # names neither its line's id nor its number
        [chosen_id, reference, "", "ID-ONLY", "2"],
        ["", reference, "1", "NUMBER-ONE", "3"],
        ["", reference, "", "NEITHER-TOO", "4"],
    ]


def _numbered(api: Api, order_id: str) -> list[tuple[Any, ...]]:
    return [(line["lineNumber"], line["productCode"], line["quantity"], line["orderLineItemId"])
            for line in api.get(order_id)["lineItems"]]


def test_a_new_orders_lines_are_numbered_as_a_stored_order_without_lines_has_them(api: Api) -> None:
    [stored] = api.create(order("SO-EMPTY"))
    stored_id, new_id = str(uuid.uuid4()), str(uuid.uuid4())
    orders = csv_file([["OrderReference", "Quantity"], ["SO-NEW", "10"]])
    lines = csv_file([LINE_COLUMNS, *_lines("SO-NEW", new_id), *_lines("SO-EMPTY", stored_id)])
    assert upload(api, orders, lines)["lineItems"] == {"created": 8, "updated": 0, "unchanged": 0}
    created = next(item["orderId"] for item in api.request("GET").get_json() if item["orderReference"] == "SO-NEW")
    # The row with a number keeps it; the row naming its id comes next, then the rows naming neither, in file order.
    expected = [(1, "NUMBER-ONE", 3), (2, "ID-ONLY", 2), (3, "NEITHER", 1), (4, "NEITHER-TOO", 4)]
    for order_id, chosen in ((created, new_id), (stored["orderId"], stored_id)):
        lines_now = _numbered(api, order_id)
        assert [line[:3] for line in lines_now] == expected
        assert lines_now[1][3] == chosen


def test_a_line_id_chosen_twice_for_new_orders_is_an_error_on_the_second_row_only(api: Api) -> None:
    chosen = str(uuid.uuid4())
    orders = csv_file([["OrderReference"], ["SO-A"], ["SO-B"]])
    lines = csv_file([
        ["OrderLineItemId", "OrderReference", "LineNumber", "Quantity"],
        [chosen, "SO-A", "1", "1"],
        [chosen, "SO-B", "", "2"],
        [chosen, "SO-A", "1", ""],  # no line is made of it, so neither its number nor its missing quantity is judged
    ])
    answer = upload(api, orders, lines, expect=400)
    assert answer["errors"] == [
        {"file": "file2.csv", "row": 3, "column": "OrderLineItemId", "message": "the same line item is also on row 2"},
        {"file": "file2.csv", "row": 4, "column": "OrderLineItemId", "message": "the same line item is also on row 2"},
    ]
    assert api.request("GET").get_json() == []


def test_a_new_line_alone_moves_its_orders_updated_at(api: Api) -> None:
    [created] = api.create(order("SO-1", lines=1))
    lines = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-1", "", "4"]])
    assert upload(api, lines) == summary(lines=(1, 0, 0))
    now = api.get(created["orderId"])
    assert now["updatedAt"] > created["updatedAt"]
    assert [line["lineNumber"] for line in now["lineItems"]] == [1, 2]
