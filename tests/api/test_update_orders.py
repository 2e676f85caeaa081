"""PUT /companies/{companyId}/orders."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta

import pytest

from tests.support import Api, make_organisation, order


def test_an_edited_order_is_saved_and_returned_with_a_new_updated_at(api: Api) -> None:
    [original] = api.create([order("SO-2001", lines=2)])
    edited = copy.deepcopy(original)
    edited.update(deliveryDate="2026-04-30", site="Rotherham", status="inprogress")
    edited["lineItems"][1]["quantity"] = 7.25
    [updated] = api.update([edited])
    assert updated["deliveryDate"] == "2026-04-30" and updated["site"] == "Rotherham" and updated["status"] == "InProgress"
    assert updated["lineItems"][1]["quantity"] == 7.25
    assert updated["updatedAt"] > original["updatedAt"]
    assert updated["createdAt"] == original["createdAt"]
    assert api.get(original["orderId"]) == updated


def test_an_update_that_changes_nothing_writes_nothing(ctx, api: Api) -> None:
    [original] = api.create([order(lines=2)])
    [same] = api.update([original])
    assert same == original
    with ctx.db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) AS n FROM OrdersHistory WHERE OrderId = ?", (original["orderId"],)) == 0
        assert tx.scalar("SELECT COUNT(*) AS n FROM OrderLineItemsHistory WHERE OrderId = ?", (original["orderId"],)) == 0


def test_a_stale_updated_at_is_a_conflict_and_changes_nothing(api: Api) -> None:
    [original] = api.create([order()])
    first = {**original, "site": "Leeds"}
    api.update([first])
    second = {**original, "site": "York"}
    response = api.request("PUT", json=[second])
    assert response.status_code == 409
    assert response.get_json()["errors"] == [
        {"field": "[0].updatedAt", "message": "the order was changed by someone else since you read it"}
    ]
    assert api.get(original["orderId"])["site"] == "Leeds"


@pytest.mark.parametrize("shift", [timedelta(microseconds=1), timedelta(days=365)], ids=["a microsecond later", "a year later"])
def test_an_updated_at_from_the_future_is_a_conflict_and_changes_nothing(api: Api, shift: timedelta) -> None:
    [original] = api.create([order()])
    made_up = datetime.fromisoformat(original["updatedAt"].replace("Z", "+00:00")) + shift
    stamp = made_up.isoformat(timespec="microseconds").replace("+00:00", "Z")
    response = api.request("PUT", json=[{**original, "site": "York", "updatedAt": stamp}])
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["errors"] == [
        {"field": "[0].updatedAt", "message": "the order was changed by someone else since you read it"}
    ]
    assert api.get(original["orderId"]) == original


def test_omitting_a_line_item_soft_deletes_it_and_omitting_line_items_leaves_them(api: Api) -> None:
    [original] = api.create([order(lines=3)])
    without_lines = {key: value for key, value in original.items() if key != "lineItems"}
    without_lines["site"] = "Hull"
    [kept] = api.update([without_lines])
    assert len(kept["lineItems"]) == 3
    trimmed = {**kept, "lineItems": kept["lineItems"][:1] + kept["lineItems"][2:]}
    [updated] = api.update([trimmed])
    assert [line["lineNumber"] for line in updated["lineItems"]] == [1, 3]


def test_line_items_with_new_ids_are_created_and_get_the_next_number(api: Api) -> None:
    [original] = api.create([order(lines=2)])
    new_id = str(uuid.uuid4())
    added = [{"orderLineItemId": new_id, "quantity": 3, "productCode": "BAR"}, {"quantity": 1}]
    edited = {**original, "lineItems": [*original["lineItems"], *added]}
    [updated] = api.update([edited])
    numbers = {line["orderLineItemId"]: line["lineNumber"] for line in updated["lineItems"]}
    assert numbers[new_id] == 3 and sorted(numbers.values()) == [1, 2, 3, 4]


def test_two_lines_can_swap_numbers_and_two_orders_can_swap_references(api: Api) -> None:
    a, b = api.create([order("SO-A", lines=2), order("SO-B")])
    a["lineItems"][0]["lineNumber"], a["lineItems"][1]["lineNumber"] = 2, 1
    a["orderReference"], b["orderReference"] = "SO-B", "SO-A"
    updated = api.update([a, b])
    assert [o["orderReference"] for o in updated] == ["SO-B", "SO-A"]
    assert {line["productCode"]: line["lineNumber"] for line in updated[0]["lineItems"]} == {"PL-1": 2, "PL-2": 1}


def test_a_reference_taken_by_another_active_order_is_a_conflict(api: Api) -> None:
    a, _ = api.create([order("SO-X"), order("SO-Y")])
    response = api.request("PUT", json=[{**a, "orderReference": "SO-Y"}])
    assert response.status_code == 409
    assert response.get_json()["errors"] == [  # the field has no [index]; the message names the reference
        {"field": "orderReference", "message": "'SO-Y' is already used by another active order"}
    ]


def test_unknown_or_deleted_orders_are_404_and_nothing_changes(api: Api, other_api: Api) -> None:
    [mine] = api.create([order()])
    [theirs] = other_api.create([order()])
    theirs_without_company = {key: value for key, value in theirs.items() if key != "companyId"}
    response = api.request("PUT", json=[{**mine, "site": "Changed"}, {**theirs_without_company, "site": "Stolen"}])
    assert response.status_code == 404
    assert response.get_json()["detail"] == f"No such active order in this company: {theirs['orderId']}."
    assert api.get(mine["orderId"])["site"] == "Sheffield"
    api.request("DELETE", json=[mine["orderId"]])
    assert api.request("PUT", json=[{**mine, "site": "Ghost"}]).status_code == 404


def test_a_line_item_id_of_another_order_cannot_be_taken_over(api: Api) -> None:
    a, b = api.create([order(lines=1), order(lines=1)])
    stolen = {**b, "lineItems": [*b["lineItems"], {**a["lineItems"][0], "lineNumber": 5}]}
    response = api.request("PUT", json=[stolen])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"field": "[0].lineItems[1].orderLineItemId", "message": "this orderLineItemId belongs to another order or a removed line"}
    ]


def test_a_company_id_other_than_the_path_is_rejected(api: Api, other_api: Api) -> None:
    [mine] = api.create([order()])
    response = api.request("PUT", json=[{**mine, "companyId": other_api.tenant.company_id}])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].companyId", "message": "must be the company in the path"}]


def test_read_only_fields_are_ignored(api: Api) -> None:
    [mine] = api.create([order(lines=1)])
    forged = {**mine, "active": False, "customerName": "Forged", "createdAt": "2001-01-01T00:00:00.000000Z"}
    forged["lineItems"] = [{**mine["lineItems"][0], "active": False, "createdAt": "2001-01-01T00:00:00Z", "orderId": str(uuid.uuid4())}]
    [updated] = api.update([forged])
    assert updated == mine


def test_required_fields_cannot_be_nulled_and_dates_stay_ordered(api: Api) -> None:
    [mine] = api.create([order(lines=1)])
    body = {**mine, "orderReference": None, "status": None, "orderDate": None}
    body["lineItems"] = [{**mine["lineItems"][0], "quantity": None}, {"productCode": "new, no quantity"}]
    response = api.request("PUT", json=[body])
    assert response.status_code == 400
    null = "may not be null"
    assert response.get_json()["errors"] == [  # in the order of the fields, whatever the hash seed
        {"field": "[0].orderReference", "message": null},
        {"field": "[0].orderDate", "message": null},
        {"field": "[0].status", "message": null},
        {"field": "[0].lineItems[0].quantity", "message": null},
        {"field": "[0].lineItems[1].quantity", "message": "is required for a new line item"},
    ]
    response = api.request("PUT", json=[{"orderId": mine["orderId"], "deliveryDate": "2020-01-01"}])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].deliveryDate", "message": "deliveryDate may not be before orderDate"}]
    assert api.get(mine["orderId"]) == mine


def test_null_clears_an_optional_field_and_absence_keeps_it(ctx, api: Api) -> None:
    org = make_organisation(ctx, api.tenant, "Forge Co")
    [mine] = api.create([order(relatedOrganisationId=org)])
    [kept] = api.update([{"orderId": mine["orderId"], "quantity": 3}])
    assert kept["site"] == "Sheffield" and kept["customerName"] == "Forge Co" and kept["quantity"] == 3
    [cleared] = api.update([{"orderId": mine["orderId"], "site": None, "relatedOrganisationId": None}])
    assert cleared["site"] is None and cleared["customerName"] is None


def test_a_batch_with_one_bad_order_writes_nothing(api: Api) -> None:
    a, b = api.create([order(), order()])
    response = api.request("PUT", json=[{**a, "site": "Changed"}, {**b, "quantity": -1}])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[1].quantity", "message": "Input should be greater than or equal to 0"}]
    assert api.get(a["orderId"])["site"] == "Sheffield"


def test_changing_only_a_line_moves_the_order_updated_at(api: Api) -> None:
    [mine] = api.create([order(lines=1)])
    mine["lineItems"][0]["notes"] = "Cut to 2m lengths"
    [updated] = api.update([mine])
    assert updated["updatedAt"] > mine["updatedAt"]
    assert updated["lineItems"][0]["notes"] == "Cut to 2m lengths"
