"""DELETE /orders, POST /orders/restore, GET /orders/deleted."""

from __future__ import annotations

import uuid

from tests.support import Api, order


def test_deleting_hides_the_order_and_its_lines_and_is_idempotent(api: Api) -> None:
    a, b = api.create([order(lines=2), order()])
    response = api.request("DELETE", json={"orderIds": [a["orderId"]]})
    assert response.status_code == 200
    assert response.get_json() == {"deletedCount": 1, "deletedIds": [a["orderId"]]}
    assert api.get(a["orderId"], expect=404)["status"] == 404
    assert [o["orderId"] for o in api.request("GET").get_json()] == [b["orderId"]]
    again = api.request("DELETE", json=[a["orderId"], b["orderId"]]).get_json()
    assert again == {"deletedCount": 1, "deletedIds": [b["orderId"]]}


def test_unknown_ids_are_404_and_nothing_is_deleted(api: Api, other_api: Api) -> None:
    [mine] = api.create([order()])
    [theirs] = other_api.create([order()])
    for stranger in (str(uuid.uuid4()), theirs["orderId"]):
        response = api.request("DELETE", json={"orderIds": [mine["orderId"], stranger]})
        assert response.status_code == 404
    assert api.get(mine["orderId"])["active"] is True
    assert other_api.get(theirs["orderId"])["active"] is True
    strangers = [str(uuid.uuid4()), theirs["orderId"]]
    for path in ("", "/restore"):
        response = api.request("DELETE" if not path else "POST", path, json=[strangers[0], mine["orderId"], strangers[1]])
        assert response.get_json()["detail"] == f"No such order in this company: {strangers[0]}, {strangers[1]}."


def test_bad_bodies_are_400(api: Api) -> None:
    [created] = api.create([order()])
    shape = 'The body must be {"orderIds": [...]} with order GUIDs.'
    not_a_guid = "Input should be a valid UUID, invalid character: found `n` at 0"
    cases: tuple[tuple[object, str, list[dict[str, str]]], ...] = (
        ({"orderIds": ["nope"]}, shape, [{"field": "orderIds[0]", "message": not_a_guid}]),
        ({"orderIds": []}, "orderIds must name at least one order.", [{"field": "orderIds", "message": "empty"}]),
        ({"ids": []}, shape, [{"field": "orderIds", "message": "Field required"},
                              {"field": "ids", "message": "Extra inputs are not permitted"}]),
        ("text", shape, [{"field": "body", "message": "Input should be a valid dictionary or instance of OrderIds"}]),
        ({"orderIds": [1]}, shape, [{"field": "orderIds[0]", "message": "UUID input should be a string, bytes or UUID object"}]),
        ({"orderIds": [created["orderId"], "nope"]}, shape,
         [{"field": "orderIds[1]", "message": not_a_guid}]),
    )
    for body, detail, errors in cases:
        response = api.request("DELETE", json=body)
        assert response.status_code == 400, body
        assert (response.get_json()["detail"], response.get_json()["errors"]) == (detail, errors), body
    assert api.get(created["orderId"])["active"] is True


def test_restore_brings_back_the_lines_deleted_with_the_order_but_not_one_removed_earlier(api: Api) -> None:
    [created] = api.create([order(lines=3)])
    removed = created["lineItems"][1]
    api.update([{**created, "lineItems": [created["lineItems"][0], created["lineItems"][2]]}])
    api.request("DELETE", json=[created["orderId"]])
    response = api.request("POST", "/restore", json={"orderIds": [created["orderId"]]})
    assert response.status_code == 200
    assert response.get_json() == {
        "restoredCount": 1, "restoredIds": [created["orderId"]], "deletedCount": 1, "deletedIds": [created["orderId"]],
    }
    restored = api.get(created["orderId"])
    assert [line["lineNumber"] for line in restored["lineItems"]] == [1, 3]
    assert removed["orderLineItemId"] not in {line["orderLineItemId"] for line in restored["lineItems"]}


def test_restoring_an_active_order_counts_nothing(api: Api) -> None:
    [created] = api.create([order()])
    assert api.request("POST", "/restore", json=[created["orderId"]]).get_json()["restoredCount"] == 0


def test_restore_is_a_conflict_when_the_reference_was_taken_meanwhile(api: Api) -> None:
    first, other = api.create([order("SO-R1"), order("SO-R2")])
    api.request("DELETE", json=[first["orderId"], other["orderId"]])
    api.create([order("SO-R1")])
    response = api.request("POST", "/restore", json=[other["orderId"], first["orderId"]])
    assert response.status_code == 409
    assert (response.get_json()["detail"], response.get_json()["errors"]) == ("An order reference is already in use.", [
        {"field": "orderReference", "message": "'SO-R1' is already used by another active order"}])
    assert api.get(other["orderId"], expect=404)["status"] == 404


def test_deleted_orders_are_listed_most_recently_deleted_first(api: Api, other_api: Api) -> None:
    a, b, c = api.create([order("SO-D1"), order("SO-D2"), order("SO-D3")])
    other_api.request("DELETE", json=[other_api.create([order()])[0]["orderId"]])
    api.request("DELETE", json=[b["orderId"]])
    api.request("DELETE", json=[a["orderId"]])
    deleted = api.request("GET", "/deleted").get_json()
    assert [o["orderReference"] for o in deleted] == ["SO-D1", "SO-D2"]
    assert all(o["active"] is False for o in deleted)
    assert c["orderId"] not in {o["orderId"] for o in deleted}
