"""With the ID columns removed, a reference whose zeros a spreadsheet dropped (``00123`` -> ``123``) does not
create a second order beside the stored one (issue 18.3): a row error naming the stored reference, or a warning with
``acceptReformatted=true``. Only the company's active orders count."""

from __future__ import annotations

from tests.bulk_support import csv_file, snapshot, upload
from tests.support import Api, order

REFUSED = ("'123' is the reference '00123' of an active order with its zeros dropped (as a spreadsheet does); "
           "not created. Add the OrderId column (or restore the reference '00123') to update that order; to create a new "
           "order '123' anyway, upload again with acceptReformatted=true; to edit in a spreadsheet without this damage, "
           "use the XLSX export")
WITHOUT_IDS = csv_file([["OrderReference", "Site"], ["SO-9", "York"], ["123", "Leeds"], ["0456", "Hull"], ["457", "Hull"]])


def references(api: Api) -> list[str]:
    return sorted(item["orderReference"] for item in snapshot(api))


def test_a_reference_with_its_leading_zeros_dropped_is_refused_naming_the_stored_one(api: Api) -> None:
    api.create([order("00123"), order("0456")])
    before = snapshot(api)
    body = upload(api, WITHOUT_IDS, expect=400)
    assert body["errors"] == [{"file": "file1.csv", "row": 3, "column": "OrderReference", "message": REFUSED}]
    assert upload(api, WITHOUT_IDS, query="validateOnly=true", expect=400)["errors"] == body["errors"]
    assert snapshot(api) == before


def test_accept_reformatted_creates_the_order_with_a_warning(api: Api) -> None:
    api.create([order("00123"), order("0456")])
    body = upload(api, WITHOUT_IDS, query="acceptReformatted=true")
    assert body["orders"] == {"created": 3, "updated": 1, "unchanged": 0}
    assert body["warnings"] == ["file1.csv row 3 column OrderReference: '123' is the reference '00123' of an active order "
                                "with its zeros dropped (as a spreadsheet does); a new order was planned with "
                                "acceptReformatted=true"]
    assert references(api) == ["00123", "0456", "123", "457", "SO-9"]


def test_only_the_companys_active_orders_count(api: Api, other_api: Api) -> None:
    other_api.create(order("00123"))
    [deleted] = api.create(order("000123"))
    api.request("DELETE", json=[deleted["orderId"]])
    assert upload(api, WITHOUT_IDS)["warnings"] == []
    assert references(api) == ["0456", "123", "457", "SO-9"]


def test_a_row_with_its_order_id_or_the_exact_reference_is_matched_as_before(api: Api) -> None:
    stored, _exact = api.create([order("00123"), order("123")])
    rows = csv_file([["OrderId", "OrderReference", "Site"], [stored["orderId"], "00123", "Leeds"], ["", "123", "York"]])
    assert upload(api, rows)["orders"] == {"created": 0, "updated": 2, "unchanged": 0}
    assert {item["orderReference"]: item["site"] for item in snapshot(api)} == {"00123": "Leeds", "123": "York"}


def test_trailing_zeros_after_a_decimal_point_are_caught_too(api: Api) -> None:
    api.create([order("1.4310"), order("1430"), order("0.50")])
    rows = csv_file([["OrderReference"], ["1.431"], ["143"], ["0.5"], ["1.43"]])
    body = upload(api, rows, expect=400)
    assert [(error["row"], error["message"].split(" (as a spreadsheet")[0]) for error in body["errors"]] == [
        (2, "'1.431' is the reference '1.4310' of an active order with its zeros dropped"),
        (4, "'0.5' is the reference '0.50' of an active order with its zeros dropped")]
