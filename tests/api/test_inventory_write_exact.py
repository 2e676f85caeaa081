"""Stock writes refused, word for word: integrators match on each problem's detail and errors (field, message), so
every refusal of create, update, delete and restore is asserted whole, and each accepted change by what it stored."""

from __future__ import annotations

from typing import Any

from tests.api.test_inventory_write import reserve
from tests.stock_support import body, call, real_pdf, stock, upload_file
from tests.support import Api

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def problem(api: Api, method: str, path: str, status: int, **kwargs: Any) -> tuple[str, Any]:
    answer = call(api, method, path, status, **kwargs).get_json()
    return answer["detail"], answer.get("errors")


def test_updating_a_row_that_is_unknown_or_deleted_is_404(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    body(api, "DELETE", "inventory", json=[row["inventoryId"]])
    for stock_id in (UNKNOWN, row["inventoryId"]):
        for method, kwargs in (("PUT", {"json": {"name": "x"}}), ("GET", {})):
            assert problem(api, method, f"inventory/{stock_id}", 404, **kwargs) == (f"No such stock row in this company: {stock_id}.", None)


def test_an_update_naming_an_unknown_certificate_is_400(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    assert problem(api, "PUT", f"inventory/{row['inventoryId']}", 400, json={"certificateId": UNKNOWN}) == (
        "A certificate named in the request is not one of this company's.",
        [{"field": "certificateId", "message": f"unknown certificate {UNKNOWN}"}])
    assert body(api, "GET", f"inventory/{row['inventoryId']}")["certificateId"] is None


def test_an_update_attaches_a_certificate_and_sets_a_field_that_was_empty(api: Api) -> None:
    certificate = body(api, "POST", "certificates", 201, data={"file": upload_file(real_pdf(), "mtc.pdf")})
    [row] = body(api, "POST", "inventory", 201, json=[stock(materialGrade=None)])
    change = {"certificateId": certificate["certificateId"], "materialGrade": "S235"}
    updated = body(api, "PUT", f"inventory/{row['inventoryId']}", json=change)
    assert (updated["certificateId"], updated["materialGrade"]) == (certificate["certificateId"], "S235")
    [_, event] = body(api, "GET", f"inventory/{row['inventoryId']}/history")
    assert event["changes"] == [{"field": "materialGrade", "oldValue": None, "newValue": "S235"},
                                {"field": "certificateId", "oldValue": None, "newValue": certificate["certificateId"]}]


def test_an_update_sending_the_stored_values_changes_nothing(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock(materialGrade=None)])
    same = {key: row[key] for key in ("name", "quantity", "unit", "heatNumber", "materialGrade", "certificateId")}
    assert body(api, "PUT", f"inventory/{row['inventoryId']}", json=same)["updatedAt"] == row["updatedAt"]
    assert [event["changeType"] for event in body(api, "GET", f"inventory/{row['inventoryId']}/history")] == ["Created"]


def test_updated_at_that_is_not_a_timestamp_is_400_and_a_stale_one_409(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    path = f"inventory/{row['inventoryId']}"
    assert problem(api, "PUT", path, 400, json={"name": "x", "updatedAt": "yesterday"}) == (
        "updatedAt must be an ISO-8601 timestamp.", [{"field": "updatedAt", "message": "invalid"}])
    assert body(api, "PUT", path, json={"name": "renamed", "updatedAt": row["updatedAt"]})["name"] == "renamed"
    assert problem(api, "PUT", path, 409, json={"name": "again", "updatedAt": row["updatedAt"]}) == (
        "The stock row was changed since it was read; reload it.", [{"field": "updatedAt", "message": "stale"}])


def test_name_and_quantity_may_not_be_null(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock()])
    for field in ("name", "quantity"):
        assert problem(api, "PUT", f"inventory/{row['inventoryId']}", 400, json={field: None}) == (
            "The request has invalid fields.", [{"field": field, "message": "may not be null"}])
    assert body(api, "GET", f"inventory/{row['inventoryId']}")["updatedAt"] == row["updatedAt"]


def test_reserved_stock_refuses_each_certified_field_by_name(api: Api) -> None:
    [row] = body(api, "POST", "inventory", 201, json=[stock(quantity=4)])
    held = reserve(api, row["inventoryId"], "4")
    change = {"quantity": 3, "unit": "kg", "heatNumber": "X", "materialGrade": "S235", "name": "renamed"}
    assert problem(api, "PUT", f"inventory/{row['inventoryId']}", 409, json=change) == (
        f"The stock is reserved for {held['orderReference']} line 1; unreserve it first.",
        [{"field": field, "message": "cannot change while reserved"}
         for field in ("heatNumber", "materialGrade", "quantity", "unit")])
    assert problem(api, "DELETE", "inventory", 409, json=[row["inventoryId"]]) == (
        "Reserved stock cannot be deleted; unreserve it first.",
        [{"field": "inventoryIds", "message": f"{row['inventoryId']} is reserved for {held['orderReference']} line 1"}])


def test_restore_brings_back_only_deleted_rows_and_unknown_ids_are_404(api: Api) -> None:
    rows = body(api, "POST", "inventory", 201, json=[stock("A"), stock("B")])
    ids = [row["inventoryId"] for row in rows]
    body(api, "DELETE", "inventory", json=ids[:1])
    assert body(api, "POST", "inventory/restore", json=ids) == {"restoredCount": 1, "restoredIds": ids[:1]}
    assert [row["name"] for row in body(api, "GET", "inventory")] == ["A", "B"]
    other = "00000000-0000-4000-8000-000000000001"
    for method, path in (("DELETE", "inventory"), ("POST", "inventory/restore")):
        assert problem(api, method, path, 404, json=[UNKNOWN, ids[0], other]) == (
            f"No such stock row in this company: {UNKNOWN}, {other}.", None)
