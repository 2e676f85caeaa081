"""POST .../line-items/{lineItemId}/reservations and DELETE .../reservations/{inventoryId}: every rule of DESIGN §5."""

from __future__ import annotations

import csv
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import TestResponse

from shared.context import AppContext
from shared.db.values import guid, opt_guid, to_decimal
from shared.services.inventory_import import import_inventory
from tests.support import Api, Tenant, order

CERTIFICATE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def add_stock(ctx: AppContext, tenant: Tenant, tmp_path: Path):
    """Stock rows of a company through the inventory import, each with its own certificate file."""

    def add(quantity: str = "10", *, owner: Tenant = tenant, name: str = "Plate 20mm S355J2+N", heat: str = "H-1001") -> str:
        folder = tmp_path / "stock"
        folder.mkdir(exist_ok=True)
        (folder / f"mtc-{heat}.pdf").write_bytes(CERTIFICATE + heat.encode())
        sheet = folder / f"{uuid.uuid4().hex}.csv"
        with sheet.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([
                ["Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateFile"],
                [name, quantity, "t", heat, "S355J2+N", f"mtc-{heat}.pdf"],
            ])
        return str(import_inventory(ctx.db, ctx.blobs, owner.company_id, sheet, folder)["inventoryIds"][0])

    return add


def reservations_path(line: dict[str, Any], inventory_id: str | None = None) -> str:
    path = f"/{line['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    return f"{path}/{inventory_id}" if inventory_id else path


def reserve(
    api: Api, line: dict[str, Any], inventory_id: str, quantity: object, split: str | None = None, key: str | None = None
) -> TestResponse:
    query = {"inventoryId": inventory_id, "reserveQuantity": str(quantity)} | ({"split": split} if split is not None else {})
    headers = {"Idempotency-Key": key} if key else {}
    return api.request("POST", reservations_path(line), query_string=query, headers=headers)


def reserved(api: Api, line: dict[str, Any], inventory_id: str, quantity: object, split: str | None = None) -> dict[str, Any]:
    response = reserve(api, line, inventory_id, quantity, split)
    assert response.status_code == 201, response.get_data(as_text=True)
    return dict(response.get_json())


def stock_row(ctx: AppContext, inventory_id: str) -> dict[str, Any]:
    with ctx.db.read() as tx:
        row = tx.query_one(
            "SELECT Name, Quantity, HeatNumber, MaterialGrade, Unit, CertificateId, ParentInventoryId, CompanyId FROM Inventory"
            " WHERE InventoryId = ?",
            (inventory_id,),
        )
    assert row is not None
    return {**row, "Quantity": to_decimal(row["Quantity"]), "CertificateId": opt_guid(row["CertificateId"]),
            "ParentInventoryId": opt_guid(row["ParentInventoryId"]), "CompanyId": guid(row["CompanyId"])}


def stock_count(ctx: AppContext, tenant: Tenant) -> int:
    with ctx.db.read() as tx:
        return int(tx.scalar("SELECT COUNT(*) AS n FROM Inventory WHERE CompanyId = ?", (tenant.company_id,)))


def detail_line(api: Api, line: dict[str, Any]) -> dict[str, Any]:
    details = api.request("GET", f"/{line['orderId']}/details").get_json()
    return next(item for item in details["lineItems"] if item["orderLineItemId"] == line["orderLineItemId"])


def first_line(api: Api, reference: str | None = None, lines: int = 1) -> dict[str, Any]:
    """A line of the stock's material (S355J2+N, t) wanting more than any test reserves (these tests are not about fit)."""
    body = order(reference, lines=lines)
    for item in body["lineItems"]:
        item.update(materialGrade="S355J2+N", quantity=1000)
    [created] = api.create([body])
    return dict(created["lineItems"][0])


# --- reserving ---


def test_reserving_a_whole_row_links_it_and_the_details_show_it(api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("12.5", heat="H-77")
    response = reserve(api, line, stock_id, "12.5")
    assert response.status_code == 201
    body = response.get_json()
    assert body == {"linkId": body["linkId"], "linkedInventoryId": stock_id, "originalInventoryId": stock_id,
                    "wasSplit": False, "orderLineItemId": line["orderLineItemId"]}
    shown = detail_line(api, line)
    assert shown["reservedQuantity"] == 12.5
    [reservation] = shown["reservations"]
    assert reservation["linkId"] == body["linkId"] and reservation["inventoryId"] == stock_id
    assert (reservation["heatNumber"], reservation["quantity"], reservation["unit"]) == ("H-77", 12.5, "t")
    assert reservation["certificateFileName"] == "mtc-H-77.pdf" and reservation["certificateId"]


def test_split_reserves_part_of_a_row_as_a_new_row_that_keeps_heat_grade_and_certificate(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api, "SO-7001")
    stock_id = add_stock("10", name="Plate 20mm S355J2+N")
    body = reserved(api, line, stock_id, "3.25", split="1")
    assert body["wasSplit"] is True and body["originalInventoryId"] == stock_id
    child, original = stock_row(ctx, body["linkedInventoryId"]), stock_row(ctx, stock_id)
    assert child["Name"] == "Plate 20mm S355J2+N - SO-7001"
    assert child["Quantity"] == Decimal("3.25") and original["Quantity"] == Decimal("6.75")
    assert child["ParentInventoryId"] == stock_id
    for column in ("HeatNumber", "MaterialGrade", "Unit", "CertificateId", "CompanyId"):
        assert child[column] == original[column], column
    [shown] = detail_line(api, line)["reservations"]
    assert shown["inventoryId"] == body["linkedInventoryId"] and shown["quantity"] == 3.25
    # What is left is a row of its own: reserving all of it whole works.
    assert reserved(api, first_line(api), stock_id, "6.75")["wasSplit"] is False


def test_split_with_the_full_quantity_links_the_whole_row(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("4")
    before = stock_count(ctx, api.tenant)
    body = reserved(api, line, stock_id, "4.000", split="true")
    assert (body["wasSplit"], body["linkedInventoryId"]) == (False, stock_id)
    assert stock_count(ctx, api.tenant) == before


def test_without_split_a_partial_quantity_is_400_and_changes_nothing(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    for split in (None, "0", "false"):
        response = reserve(api, line, stock_id, "4", split)
        assert response.status_code == 400, split
        assert response.get_json()["errors"] == [{"field": "reserveQuantity", "message": "must equal the row's quantity 10 unless split=1"}]
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(10)
    assert detail_line(api, line)["reservations"] == []


def test_more_than_is_available_is_409_with_or_without_split(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    for split in ("0", "1"):
        response = reserve(api, line, stock_id, "10.0001", split)
        assert response.status_code == 409
        assert response.mimetype == "application/problem+json"
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(10)


def test_a_row_that_is_already_reserved_is_409_for_any_line(api: Api, add_stock) -> None:
    line = first_line(api, lines=2)
    other_line = {**line, "orderLineItemId": api.get(line["orderId"])["lineItems"][1]["orderLineItemId"]}
    stock_id = add_stock("5")
    reserved(api, line, stock_id, "5")
    for target, split in ((line, "0"), (other_line, "0"), (other_line, "1")):
        response = reserve(api, target, stock_id, "5" if split == "0" else "1", split)
        assert response.status_code == 409
        assert "already reserved" in response.get_json()["detail"]


def test_a_split_off_row_can_be_split_again_and_its_name_gets_the_second_reference(ctx: AppContext, api: Api, add_stock) -> None:
    stock_id = add_stock("10", name="Bar 50mm 316L")
    line_a = first_line(api, "SO-A")
    first = reserved(api, line_a, stock_id, "6", split="1")
    assert api.request("DELETE", reservations_path(line_a, first["linkedInventoryId"])).status_code == 200
    second = reserved(api, first_line(api, "SO-B"), first["linkedInventoryId"], "2", split="1")
    grandchild = stock_row(ctx, second["linkedInventoryId"])
    assert grandchild["Name"] == "Bar 50mm 316L - SO-A - SO-B"
    assert grandchild["ParentInventoryId"] == first["linkedInventoryId"]
    assert stock_row(ctx, first["linkedInventoryId"])["Quantity"] == Decimal(4)


def test_a_split_name_is_shortened_before_its_reference_to_fit_400_characters(ctx: AppContext, api: Api, add_stock) -> None:
    current = add_stock("10", name="N" * 200)
    for round_number, quantity in enumerate(("4", "2", "1")):
        line = first_line(api, f"{round_number}" + "R" * 99)
        current = reserved(api, line, current, quantity, split="1")["linkedInventoryId"]
        api.request("DELETE", reservations_path(line, current))
    name = stock_row(ctx, current)["Name"]
    assert len(name) == 400 and name.endswith(" - 2" + "R" * 99)


@pytest.mark.parametrize("value", ["yes", "no", "2", "", "TRUE1", "on"])
def test_split_must_be_1_0_true_or_false(api: Api, add_stock, value: str) -> None:
    line = first_line(api)
    response = reserve(api, line, add_stock("10"), "4", split=value)
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "split", "message": "must be 1, 0, true or false"}]


@pytest.mark.parametrize("value", ["TRUE", "True", "1"])
def test_split_is_case_insensitive(api: Api, add_stock, value: str) -> None:
    assert reserved(api, first_line(api), add_stock("10"), "4", split=value)["wasSplit"] is True


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Input should be greater than 0"),
        ("-1", "Input should be greater than 0"),
        ("abc", "Input should be a valid decimal"),
        ("NaN", "Input should be a finite number"),
        ("Infinity", "Input should be a finite number"),
        ("1e400", "Decimal input should have no more than 15 digits in total"),
        ("0.00001", "Decimal input should have no more than 4 decimal places"),
        ("", "Input should be a valid decimal"),
    ],
)
def test_reserve_quantity_must_be_a_positive_decimal(api: Api, add_stock, quantity: str, message: str) -> None:
    response = reserve(api, first_line(api), add_stock("10"), quantity, split="1")
    assert response.status_code == 400
    problem = response.get_json()
    assert problem["detail"] == "The query string has invalid parameters."
    assert problem["errors"] == [{"field": "reserveQuantity", "message": message}]


def test_missing_or_malformed_query_parameters_are_400_listing_each(api: Api) -> None:
    line = first_line(api)
    response = api.request("POST", reservations_path(line))
    assert response.status_code == 400
    missing = "Field required"
    assert response.get_json()["errors"] == [{"field": "inventoryId", "message": missing}, {"field": "reserveQuantity", "message": missing}]
    response = api.request("POST", reservations_path(line), query_string={"inventoryId": "nope", "reserveQuantity": "1"})
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"field": "inventoryId", "message": "Input should be a valid UUID, invalid character: found `n` at 0"}
    ]


def test_a_line_item_of_another_order_is_404(api: Api, add_stock) -> None:
    line = first_line(api)
    [other] = api.create([order(lines=1)])
    stock_id = add_stock("5")
    mixed = {**line, "orderId": other["orderId"]}
    assert reserve(api, mixed, stock_id, "5").status_code == 404
    assert reserve(api, {**line, "orderLineItemId": str(uuid.uuid4())}, stock_id, "5").status_code == 404
    assert detail_line(api, line)["reservations"] == []


def test_a_deleted_order_or_a_removed_line_item_is_404(api: Api, add_stock) -> None:
    stock_id = add_stock("5")
    deleted = first_line(api)
    api.request("DELETE", json=[deleted["orderId"]])
    assert reserve(api, deleted, stock_id, "5").status_code == 404
    [kept] = api.create([order(lines=2)])
    removed = kept["lineItems"][1]
    api.update([{**kept, "lineItems": kept["lineItems"][:1]}])
    assert reserve(api, removed, stock_id, "5").status_code == 404


def test_inventory_of_another_company_is_404_and_stays_untouched(ctx: AppContext, api: Api, other_tenant: Tenant, add_stock) -> None:
    theirs = add_stock("5", owner=other_tenant)
    line = first_line(api)
    for split, quantity in (("0", "5"), ("1", "2")):
        assert reserve(api, line, theirs, quantity, split).status_code == 404
    assert stock_row(ctx, theirs)["Quantity"] == Decimal(5)
    assert reserve(api, line, str(uuid.uuid4()), "1").status_code == 404


def test_an_order_of_another_company_under_my_path_is_404(api: Api, other_api: Api, add_stock) -> None:
    theirs = first_line(other_api)
    assert reserve(api, theirs, add_stock("5"), "5").status_code == 404


# --- Idempotency-Key ---


def test_a_retried_reserve_with_the_same_key_returns_the_first_body_and_splits_nothing_more(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    first = reserve(api, line, stock_id, "3", "1", key="retry-7f3a")
    rows_after_first = stock_count(ctx, api.tenant)
    again = reserve(api, line, stock_id, "3.000", "true", key="retry-7f3a")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert stock_count(ctx, api.tenant) == rows_after_first
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(7)
    assert len(detail_line(api, line)["reservations"]) == 1


def test_the_same_key_for_a_different_request_is_409_and_reserves_nothing(ctx: AppContext, api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    assert reserve(api, line, stock_id, "3", "1", key="k-1").status_code == 201
    response = reserve(api, line, stock_id, "4", "1", key="k-1")
    assert response.status_code == 409
    assert response.get_json()["errors"] == [{"field": "Idempotency-Key", "message": "already used for a different request"}]
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(7)


def test_idempotency_keys_belong_to_one_company(api: Api, other_api: Api, other_tenant: Tenant, add_stock) -> None:
    assert reserve(api, first_line(api), add_stock("5"), "5", key="shared-key").status_code == 201
    theirs = reserve(other_api, first_line(other_api), add_stock("5", owner=other_tenant), "5", key="shared-key")
    assert theirs.status_code == 201
    assert "Idempotent-Replayed" not in theirs.headers


def test_a_failed_request_is_not_remembered_so_its_retry_runs_again(api: Api, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("5")
    assert reserve(api, line, stock_id, "6", "1", key="k-2").status_code == 409
    assert reserve(api, line, stock_id, "6", "1", key="k-2").status_code == 409
    assert reserve(api, line, stock_id, "5", "1", key="k-3").status_code == 201


def test_keys_older_than_a_day_are_forgotten(ctx: AppContext, api: Api, tenant: Tenant, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    assert reserve(api, line, stock_id, "1", "1", key="old-key").status_code == 201
    with ctx.db.write() as tx:
        tx.exempt("test setup: arranges stored data directly")
        last_year = tx.now.replace(year=tx.now.year - 1)
        tx.execute("UPDATE IdempotencyKeys SET CreatedAt = ? WHERE CompanyId = ?", (last_year, tenant.company_id))
        tx.commit()
    response = reserve(api, line, stock_id, "2", "1", key="old-key")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(7)


@pytest.mark.parametrize("key", ["x" * 201, "has space", "ünïcode"])
def test_an_unusable_idempotency_key_is_400(api: Api, add_stock, key: str) -> None:
    response = api.request("POST", reservations_path(first_line(api)), query_string={"inventoryId": add_stock("1"), "reserveQuantity": "1"},
                           headers={"Idempotency-Key": key.encode("utf-8").decode("latin-1")})
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "Idempotency-Key", "message": "must be 1-200 visible ASCII characters"}]


# --- unreserving ---


def test_unreserving_deactivates_the_link_records_who_and_keeps_the_split(ctx: AppContext, api: Api, tenant: Tenant, add_stock) -> None:
    line = first_line(api)
    stock_id = add_stock("10")
    body = reserved(api, line, stock_id, "4", split="1")
    response = api.request("DELETE", reservations_path(line, body["linkedInventoryId"]))
    assert response.status_code == 200
    assert response.get_json() == {"linkId": body["linkId"], "companyId": tenant.company_id,
                                   "orderLineItemId": line["orderLineItemId"], "inventoryId": body["linkedInventoryId"]}
    shown = detail_line(api, line)
    assert (shown["reservations"], shown["reservedQuantity"]) == ([], 0)
    assert stock_row(ctx, body["linkedInventoryId"])["Quantity"] == Decimal(4)
    assert stock_row(ctx, stock_id)["Quantity"] == Decimal(6)
    with ctx.db.read() as tx:
        link = tx.query_one("SELECT Active, UpdatedById FROM OrderLineItemInventory WHERE LinkId = ?", (body["linkId"],))
    assert link is not None and not link["Active"] and guid(link["UpdatedById"]) == tenant.user_id
    # The freed row can be reserved again, by any line.
    assert reserved(api, first_line(api), body["linkedInventoryId"], "4")["wasSplit"] is False


def test_unreserving_a_link_that_does_not_exist_is_404(api: Api, add_stock) -> None:
    line = first_line(api, lines=2)
    other_line = {**line, "orderLineItemId": api.get(line["orderId"])["lineItems"][1]["orderLineItemId"]}
    stock_id = add_stock("5")
    assert api.request("DELETE", reservations_path(line, stock_id)).status_code == 404
    assert api.request("DELETE", reservations_path(line, str(uuid.uuid4()))).status_code == 404
    reserved(api, line, stock_id, "5")
    assert api.request("DELETE", reservations_path(other_line, stock_id)).status_code == 404
    assert api.request("DELETE", reservations_path({**line, "orderId": str(uuid.uuid4())}, stock_id)).status_code == 404
    assert api.request("DELETE", reservations_path(line, stock_id)).status_code == 200
    assert api.request("DELETE", reservations_path(line, stock_id)).status_code == 404


def test_a_deleted_order_keeps_its_reservations_through_a_restore_and_its_lines_can_be_unreserved(api: Api, add_stock) -> None:
    line = first_line(api)
    kept, released = add_stock("5", heat="H-K"), add_stock("3", heat="H-R")
    reserved(api, line, kept, "5")
    reserved(api, line, released, "3")
    api.request("DELETE", json=[line["orderId"]])
    # Issue 14: unreserving on a deleted order used to be 404, leaving its stock locked until a restore.
    assert api.request("DELETE", reservations_path(line, released)).status_code == 200
    assert reserve(api, line, released, "3").status_code == 404  # a deleted order takes no new stock
    api.request("POST", "/restore", json=[line["orderId"]])
    assert [r["inventoryId"] for r in detail_line(api, line)["reservations"]] == [kept]
    assert reserved(api, first_line(api), released, "3")["linkedInventoryId"] == released


def test_history_shows_who_reserved_and_who_unreserved(api: Api, tenant: Tenant, add_stock) -> None:
    line = first_line(api)
    body = reserved(api, line, add_stock("10"), "4", split="1")
    api.request("DELETE", reservations_path(line, body["linkedInventoryId"]))
    events = [event for event in api.request("GET", f"/{line['orderId']}/history").get_json() if event["entityType"] == "Reservation"]
    assert [(event["changeType"], event["entityId"], event["changedById"]) for event in events] == [
        ("Reserved", body["linkId"], tenant.user_id), ("Unreserved", body["linkId"], tenant.user_id),
    ]
