"""The dry run shows every change (issue 18.2): per row, each field that changes, old -> new, in the upload response
and the blob report, bounded (the first MAX_CHANGES by file and row, and the total)."""

from __future__ import annotations

from typing import Any

import pytest

from shared.bulk.planning import changes
from shared.context import AppContext
from tests.api.test_blob_trigger import drop
from tests.bulk_support import change, csv_file, snapshot, summary, upload
from tests.support import Api, Tenant, order


def two_orders(api: Api) -> list[Any]:
    return api.create([order("SO-1", lines=2, site="Leeds"), order("SO-2", lines=2)])


def test_validate_only_lists_each_changed_field_old_to_new_and_writes_nothing(api: Api) -> None:
    one, two = two_orders(api)
    before = snapshot(api)
    orders_file = csv_file([["OrderId", "OrderReference", "Site", "Quantity", "DeliveryDate"],
                            [one["orderId"], "SO-1", "", "12.5", "2026-04-01"], [two["orderId"], "SO-2", "Sheffield", "3", "2026-03-20"]])
    # Line rows of the second order first: the list is still in file and row order.
    lines_file = csv_file([["OrderLineItemId", "OrderId", "ProductCode", "Quantity"],
                           [two["lineItems"][1]["orderLineItemId"], two["orderId"], "PL-2", "3.0000"],
                           [one["lineItems"][0]["orderLineItemId"], one["orderId"], "PL-1b", "1.25"]])
    body = upload(api, orders_file, lines_file, query="validateOnly=true")
    line_two, line_one = two["lineItems"][1]["orderLineItemId"], one["lineItems"][0]["orderLineItemId"]
    assert body == summary(orders=(0, 2, 0), lines=(0, 1, 1), changes=[
        change("file1.csv", 2, "DeliveryDate", "2026-03-20", "2026-04-01", one["orderId"]),
        change("file1.csv", 2, "Site", "Leeds", None, one["orderId"]),
        change("file1.csv", 3, "Quantity", "12.5", "3", two["orderId"]),
        change("file2.csv", 3, "ProductCode", "PL-1", "PL-1b", one["orderId"], line_one),
        change("file2.csv", 3, "Quantity", "1.5", "1.25", one["orderId"], line_one),
    ])
    assert line_two  # the unchanged row lists nothing
    assert snapshot(api) == before
    assert upload(api, orders_file, lines_file) == body  # the real upload reports the same list


def test_the_list_is_bounded_and_the_total_counted(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changes, "MAX_CHANGES", 2)
    one, two = two_orders(api)
    # Lines are planned order by order (row 2, row 4, then row 3): the first two by row are still rows 2 and 3.
    rows = [["OrderLineItemId", "OrderId", "Notes"], [one["lineItems"][0]["orderLineItemId"], one["orderId"], "a"],
            [two["lineItems"][0]["orderLineItemId"], two["orderId"], "b"], [one["lineItems"][1]["orderLineItemId"], one["orderId"], "c"]]
    body = upload(api, csv_file(rows))
    assert body["changeCount"] == 3
    assert [(item["row"], item["new"]) for item in body["changes"]] == [(2, "a"), (3, "b")]


def test_the_blob_report_lists_the_changes(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    one, _ = two_orders(api)
    report = drop(ctx, tenant.company_id, "edit.csv", csv_file([["OrderId", "Site"], [one["orderId"], "York"]]))
    assert report["summary"]["changes"] == [change("edit.csv", 2, "Site", "Leeds", "York", one["orderId"])]
    assert report["summary"]["changeCount"] == 1
