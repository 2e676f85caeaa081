"""Upload planning, exactly: which customers ``createCustomers`` creates (and which it leaves to the name rule), and
the whole answer of an upload whose rows break the order rules, each message as the client reads it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from shared.bulk.planning import changes
from tests.api.test_upload_padded_references import REFUSED
from tests.bulk_support import change, csv_file, summary, upload
from tests.stock_support import body
from tests.support import Api, order


def test_create_customers_creates_each_name_no_organisation_holds_once(api: Api) -> None:
    [atlas] = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}])
    orders = csv_file([
        ["OrderReference", "CustomerName", "RelatedOrganisationId"],
        ["SO-1", "Northern Bridge", ""],
        ["SO-2", "ATLAS", ""],  # held already, in another case
        ["SO-3", "Borg Ltd", atlas["relatedOrganisationId"]],  # the id wins: nothing to create
        ["SO-4", "", ""],  # names no customer
        ["SO-5", "Quay Steel", ""],
        ["SO-6", "northern bridge", ""],
    ])
    answer = upload(api, orders, query="createCustomers=true")
    assert answer == summary(orders=(6, 0, 0), warnings=[
        "customer 'Northern Bridge' created", "customer 'Quay Steel' created",
        "file1.csv row 4: CustomerName 'Borg Ltd' ignored: RelatedOrganisationId names 'Atlas'"])
    assert [org["name"] for org in body(api, "GET", "organisations")] == ["Atlas", "Northern Bridge", "Quay Steel"]
    customers = {item["orderReference"]: item["customerName"] for item in api.request("GET").get_json()}
    assert customers == {"SO-1": "Northern Bridge", "SO-2": "Atlas", "SO-3": "Atlas", "SO-4": None, "SO-5": "Quay Steel",
                         "SO-6": "Northern Bridge"}


def row_error(row: int, column: str, message: str, file: str = "file1.csv") -> dict[str, Any]:
    return {"file": file, "row": row, "column": column, "message": message}


def test_every_broken_order_rule_is_named_with_its_message(api: Api) -> None:
    dated, deleted = api.create([order("SO-DATED", lines=2, orderDate="2026-03-10", deliveryDate="2026-03-20"), order("SO-GONE")])
    api.request("DELETE", json=[deleted["orderId"]])
    new_id, line_id = str(uuid.uuid4()), dated["lineItems"][0]["orderLineItemId"]
    before = api.get(dated["orderId"])
    orders = csv_file([
        ["OrderId", "OrderReference", "OrderDate", "DeliveryDate", "CustomerName", "RelatedOrganisationId", "Status"],
        ["", "SO-NEW", "2026-03-10", "2026-03-09", "", "", ""],
        [dated["orderId"], "", "", "2026-03-01", "", "", ""],
        [new_id, "", "2026-03-10", "", "", "", ""],
        [dated["orderId"], "", "", "", "", "", ""],
        ["", "SO-WHO", "", "", "Nobody Ltd", "", ""],
        ["", "SO-ORG", "", "", "", new_id, ""],
        ["", "", "", "", "", "", "open"],
        ["", "SO-OPEN", "", "", "", "", ""],
    ])
    lines = csv_file([
        ["OrderLineItemId", "OrderId", "OrderReference", "LineNumber", "Quantity"],
        ["", "", "SO-404", "1", "1"],
        [line_id, dated["orderId"], "", "", "2"],
        [line_id, dated["orderId"], "", "", "3"],
        ["", "", "SO-OPEN", "", ""],
        ["", deleted["orderId"], "", "1", "1"],
    ])
    answer = upload(api, orders, lines, expect=400)
    assert answer["detail"] == "The upload has 14 errors; nothing was imported."
    empty = "may not be empty"
    assert answer["errors"] == [
        row_error(2, "DeliveryDate", "DeliveryDate may not be before OrderDate"),
        row_error(3, "OrderReference", empty), row_error(3, "OrderDate", empty), row_error(3, "Status", empty),
        row_error(3, "DeliveryDate", "DeliveryDate may not be before OrderDate"),
        row_error(4, "OrderReference", "is required for a new order"),
        row_error(5, "OrderId", "the same order is also on row 3"),
        row_error(6, "CustomerName", "no related organisation is named 'Nobody Ltd'"),
        row_error(7, "RelatedOrganisationId", f"unknown related organisation {new_id}"),
        row_error(8, "OrderReference", "an OrderId or an OrderReference is required"),
        row_error(2, "OrderReference", "no active order has the reference 'SO-404'", "file2.csv"),
        row_error(4, "OrderLineItemId", "the same line item is also on row 3", "file2.csv"),
        row_error(5, "Quantity", "is required for a new line item", "file2.csv"),
        row_error(6, "OrderId", "this order is deleted", "file2.csv"),
    ]
    assert api.get(dated["orderId"]) == before  # nothing written


def test_a_row_refused_for_its_dropped_zeros_is_not_planned_further(api: Api) -> None:
    api.create([order("00123")])
    orders = csv_file([["OrderReference", "CustomerName", "OrderDate", "DeliveryDate"], ["123", "Nobody Ltd", "2026-03-10", "2026-03-01"]])
    assert upload(api, orders, expect=400)["errors"] == [row_error(2, "OrderReference", REFUSED)]


def test_the_changes_of_both_files_are_bounded_together_in_file_order(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changes, "MAX_CHANGES", 2)
    one, two = api.create([order("SO-1", lines=1, quantity=10), order("SO-2", quantity="2.5")])
    line = one["lineItems"][0]["orderLineItemId"]
    orders = csv_file([["OrderId", "Quantity"], [two["orderId"], "100"], [one["orderId"], "20"]])
    lines = csv_file([["OrderLineItemId", "OrderId", "Quantity"], [line, one["orderId"], "30"]])
    assert upload(api, lines, orders, query="validateOnly=true") == summary(orders=(0, 2, 0), lines=(0, 1, 0), changes=[
        change("file2.csv", 2, "Quantity", "2.5", "100", two["orderId"]),
        change("file2.csv", 3, "Quantity", "10", "20", one["orderId"]),
    ], change_count=3)


def test_an_upload_moves_existing_orders_to_the_organisation_their_related_organisation_id_names(api: Api) -> None:
    atlas, borg = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Borg"}])
    first, second = api.create([order("SO-1", customerName="Atlas"), order("SO-2", customerName="Atlas")])
    orders = csv_file([
        ["OrderId", "OrderReference", "CustomerName", "RelatedOrganisationId"],
        [first["orderId"], "SO-1", "", borg["relatedOrganisationId"]],
        [second["orderId"], "SO-2", "Atlas", borg["relatedOrganisationId"]],  # the id wins over the name
    ])
    answer = upload(api, orders)
    assert answer["orders"] == {"created": 0, "updated": 2, "unchanged": 0}
    assert answer["warnings"] == ["file1.csv row 3: CustomerName 'Atlas' ignored: RelatedOrganisationId names 'Borg'"]
    for placed in (first, second):
        moved = api.get(placed["orderId"])
        assert (moved["relatedOrganisationId"], moved["customerName"]) == (borg["relatedOrganisationId"], "Borg")
    assert atlas["relatedOrganisationId"] != borg["relatedOrganisationId"]
