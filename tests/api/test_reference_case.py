"""One case rule for order references (issue 12.9): two references that differ only in case, as Unicode folds it
(``ÄBC-1``/``äbc-1``, ``STRASSE``/``straße``, a precomposed ``Ä`` and ``A`` + combining diaeresis), name the same
order everywhere: creating, renaming, restoring, one batch, and CSV matching."""

from __future__ import annotations

import pytest

from tests.bulk_support import csv_file, snapshot, upload
from tests.support import Api, order

# (held, then asked for): each pair folds to one key.
PAIRS = [("ÄBC-1", "äbc-1"), ("STRASSE", "straße"), ("A\u0308BC-2", "\u00e4bc-2"), ("ΣΊΣΥΦΟΣ", "σίσυφος")]
IDS = ["umlaut", "sharp-s", "decomposed", "greek-final-sigma"]


def conflict(response, *messages: str) -> None:
    assert response.status_code == 409, response.get_data(as_text=True)
    body = response.get_json()
    assert (body["title"], body["detail"]) == ("Conflict", "An order reference is already in use.")
    assert body["errors"] == [{"field": "orderReference", "message": message} for message in messages]


def references(api: Api) -> list[str]:
    return sorted(item["orderReference"] for item in api.request("GET").get_json())


@pytest.mark.parametrize(("held", "asked"), PAIRS, ids=IDS)
def test_a_reference_that_differs_only_in_case_is_a_409_in_a_later_request(api: Api, held: str, asked: str) -> None:
    api.create([order(held)])
    conflict(api.request("POST", json=[order(asked)]), f"'{asked}' is already used by another active order")
    assert references(api) == [held]


@pytest.mark.parametrize(("held", "asked"), PAIRS, ids=IDS)
def test_both_spellings_in_one_batch_are_a_409_naming_both_and_nothing_is_written(api: Api, held: str, asked: str) -> None:
    response = api.request("POST", json=[order(held), order(asked)])
    conflict(response, f"'{held}' appears twice, as '{held}' and as '{asked}' (case is ignored) in the request")
    assert references(api) == []


def test_the_same_reference_twice_in_a_batch_keeps_its_message(api: Api) -> None:
    conflict(api.request("POST", json=[order("SO-9"), order("SO-9")]), "'SO-9' appears more than once in the request")


def test_renaming_to_a_reference_another_order_holds_in_another_case_is_a_409(api: Api) -> None:
    _, other = api.create([order("STRASSE"), order("SO-OTHER")])
    response = api.request("PUT", json=[{"orderId": other["orderId"], "orderReference": "straße"}])
    conflict(response, "'straße' is already used by another active order")
    assert api.get(other["orderId"])["orderReference"] == "SO-OTHER"


def test_an_order_may_change_the_case_of_its_own_reference_and_keeps_holding_it(api: Api) -> None:
    [held] = api.create([order("ÄBC-1")])
    [renamed] = api.update([{"orderId": held["orderId"], "orderReference": "äbc-1"}])
    assert renamed["orderReference"] == "äbc-1"
    conflict(api.request("POST", json=[order("ÄBC-1")]), "'ÄBC-1' is already used by another active order")


def test_a_renamed_order_gives_up_its_old_reference_in_every_case(api: Api) -> None:
    [held] = api.create([order("ÄBC-1")])
    api.update([{"orderId": held["orderId"], "orderReference": "SO-NEW"}])
    [taken] = api.create([order("äbc-1")])  # the old key went with the old reference
    assert taken["orderReference"] == "äbc-1"
    conflict(api.request("POST", json=[order("so-new")]), "'so-new' is already used by another active order")


def test_two_orders_may_swap_references_given_in_another_case(api: Api) -> None:
    a, b = api.create([order("STRASSE"), order("ÄBC-1")])
    api.update([{"orderId": a["orderId"], "orderReference": "äbc-1"}, {"orderId": b["orderId"], "orderReference": "straße"}])
    assert (api.get(a["orderId"])["orderReference"], api.get(b["orderId"])["orderReference"]) == ("äbc-1", "straße")


def test_restoring_an_order_whose_reference_is_now_held_in_another_case_is_a_409(api: Api) -> None:
    [deleted] = api.create([order("ÄBC-1")])
    api.request("DELETE", json=[deleted["orderId"]])
    api.create([order("äbc-1")])
    conflict(api.request("POST", "/restore", json=[deleted["orderId"]]), "'ÄBC-1' is already used by another active order")
    assert api.get(deleted["orderId"], expect=404)["status"] == 404


def test_a_deleted_orders_reference_may_be_taken_in_another_case(api: Api) -> None:
    [deleted] = api.create([order("STRASSE")])
    api.request("DELETE", json=[deleted["orderId"]])
    api.create([order("straße")])
    assert references(api) == ["straße"]


def test_the_same_reference_in_another_case_is_fine_in_another_company(api: Api, other_api: Api) -> None:
    api.create([order("ÄBC-1")])
    other_api.create([order("äbc-1")])


# -- uploads ----------------------------------------------------------------------------------------------------

ORDERS = ["OrderReference", "Site"]


@pytest.mark.parametrize(("first", "second"), [*PAIRS, ("SO-1", "SO-1")], ids=[*IDS, "exact-duplicate"])
def test_one_csv_with_both_spellings_is_a_row_error_naming_both_rows_and_nothing_is_applied(api: Api, first: str, second: str) -> None:
    """As for the same reference written twice: the second row is an error naming the first."""
    lines = csv_file([["OrderReference", "LineNumber", "Quantity"], [first, "1", "1"], [second, "2", "2"]])
    body = upload(api, csv_file([ORDERS, [first, "York"], [second, "Leeds"]]), lines, expect=400)
    assert body["detail"] == "The upload has 1 error; nothing was imported."
    assert body["errors"] == [{
        "file": "file1.csv", "row": 3, "column": "OrderReference", "message": f"'{second}' is also the reference of the order on row 2",
    }]
    assert references(api) == []


def test_a_csv_row_names_the_stored_order_whatever_the_case(api: Api) -> None:
    [stored] = api.create([order("STRASSE", lines=1)])
    lines = csv_file([["OrderReference", "LineNumber", "Quantity"], ["Straße", "2", "4"]])
    body = upload(api, csv_file([ORDERS, ["straße", "York"]]), lines)
    assert body["orders"] == {"created": 0, "updated": 1, "unchanged": 0}
    [after] = snapshot(api)
    # The row names the stored order, and (as with any change of case) gives it the file's spelling.
    assert (after["orderId"], after["site"], after["orderReference"]) == (stored["orderId"], "York", "straße")
    assert [line["lineNumber"] for line in after["lineItems"]] == [1, 2]


def test_a_line_file_alone_links_by_reference_in_another_case(api: Api) -> None:
    [stored] = api.create([order("ÄBC-1")])
    upload(api, csv_file([["OrderReference", "LineNumber", "Quantity"], ["äbc-1", "1", "3"]]))
    assert [line["quantity"] for line in api.get(stored["orderId"])["lineItems"]] == [3]


def test_a_csv_row_with_a_new_id_taking_a_held_reference_in_another_case_is_a_row_error(api: Api) -> None:
    api.create([order("ÄBC-1")])
    before = snapshot(api)
    body = upload(api, csv_file([["OrderId", "OrderReference"], ["6f1c2a9e-3b7d-4c1e-9f2a-0d5e8b7c6a41", "äbc-1"]]), expect=400)
    assert body["errors"] == [
        {"file": "file1.csv", "row": 2, "column": "OrderReference", "message": "is already used by another active order"},
    ]
    assert snapshot(api) == before


def test_an_upload_renaming_to_a_held_reference_in_another_case_is_a_row_error(api: Api) -> None:
    _, other = api.create([order("STRASSE"), order("SO-OTHER")])
    before = snapshot(api)
    body = upload(api, csv_file([["OrderId", "OrderReference"], [other["orderId"], "straße"]]), expect=400)
    assert body["errors"] == [
        {"file": "file1.csv", "row": 2, "column": "OrderReference", "message": "is already used by another active order"},
    ]
    assert snapshot(api) == before
