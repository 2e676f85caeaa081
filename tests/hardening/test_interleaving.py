"""Interleavings: a competing change committed between a service's reads and its first write is a 409 (or the
documented outcome), never a lost update.

SQLite's single writer and SQL Server's row locks both keep such a change out; the hook
(``locking_audit.competing_change``) lets it in anyway, as a writer that slipped past a missing lock would, so these
tests show that every dependent write is guarded in its WHERE and its row count checked.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from shared.context import AppContext
from shared.services.inventory_import import import_inventory
from tests.bulk_support import csv_file, post_upload
from tests.locking_audit import competing_change
from tests.stock_support import body as stock_body
from tests.support import Api, Tenant, order

THEIR_STAMP = "2030-01-01 00:00:00.000000"  # an UpdatedAt no request of this test writes
CHANGED_MEANWHILE = " changed while this request was being processed; reload and try again."  # the 409's detail ends so
LENIENT = {"allowOver": "1", "allowSubstitute": "1"}  # the material and coverage rules are not what these tests race


def conflict(response: Any, detail: str) -> None:
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["detail"] == detail


def changed_meanwhile(kind: str, row_id: str) -> str:
    return f"{kind} {row_id}{CHANGED_MEANWHILE}"


def their_update(table: str, key: str, column: str, value: Any, row_id: str) -> tuple[str, tuple[Any, ...]]:
    """Someone else's committed update of one column, stamping the row as they would."""
    return f"UPDATE {table} SET {column} = ?, UpdatedAt = ? WHERE {key} = ?", (value, THEIR_STAMP, row_id)


def test_an_update_racing_another_is_409_and_theirs_survives(api: Api) -> None:
    [mine] = api.create([order("SO-RACE")])
    with competing_change(*their_update("Orders", "OrderId", "Site", "Theirs", mine["orderId"])) as changed:
        response = api.request("PUT", json=[{**mine, "site": "Mine"}])
    assert changed == [1]
    conflict(response, changed_meanwhile("Order", mine["orderId"]))
    assert api.get(mine["orderId"])["site"] == "Theirs"


def test_an_update_without_updated_at_is_still_guarded_by_what_it_read(api: Api) -> None:
    [mine] = api.create([order("SO-BLIND")])
    with competing_change(*their_update("Orders", "OrderId", "Site", "Theirs", mine["orderId"])):
        response = api.request("PUT", json=[{"orderId": mine["orderId"], "quantity": 99}])
    conflict(response, changed_meanwhile("Order", mine["orderId"]))
    stored = api.get(mine["orderId"])
    assert stored["site"] == "Theirs" and stored["quantity"] == 12.5


def test_a_line_changed_by_someone_else_makes_the_update_of_the_set_409(api: Api) -> None:
    [mine] = api.create([order("SO-LINES", lines=2)])
    line = mine["lineItems"][0]
    edited = [{**line, "quantity": 7}, mine["lineItems"][1]]
    with competing_change(*their_update("OrderLineItems", "OrderLineItemId", "Quantity", "42", line["orderLineItemId"])):
        response = api.request("PUT", json=[{**mine, "lineItems": edited}])
    assert response.status_code == 409
    assert response.get_json()["detail"] == f"Line item {line['orderLineItemId']}{CHANGED_MEANWHILE}"
    assert api.get(mine["orderId"])["lineItems"][0]["quantity"] == 42


def test_a_removed_line_removed_by_someone_else_first_is_409(api: Api) -> None:
    [mine] = api.create([order("SO-GONE", lines=2)])
    gone = mine["lineItems"][1]["orderLineItemId"]
    sql = "UPDATE OrderLineItems SET Active = 0, DeletedAt = ?, UpdatedAt = ? WHERE OrderLineItemId = ?"
    with competing_change(sql, (THEIR_STAMP, THEIR_STAMP, gone)):
        response = api.request("PUT", json=[{**mine, "lineItems": mine["lineItems"][:1]}])
    conflict(response, "A line item" + CHANGED_MEANWHILE)
    assert [line["orderLineItemId"] for line in api.get(mine["orderId"])["lineItems"]] == [mine["lineItems"][0]["orderLineItemId"]]


def test_a_delete_racing_an_update_is_409_and_the_order_stays(api: Api) -> None:
    [mine] = api.create([order("SO-DEL")])
    with competing_change(*their_update("Orders", "OrderId", "Site", "Theirs", mine["orderId"])):
        response = api.request("DELETE", json=[mine["orderId"]])
    conflict(response, changed_meanwhile("Order", mine["orderId"]))
    assert api.get(mine["orderId"])["site"] == "Theirs"


def test_a_restore_racing_another_restore_is_409(api: Api) -> None:
    [mine] = api.create([order("SO-RES")])
    api.request("DELETE", json=[mine["orderId"]])
    sql = "UPDATE Orders SET Active = 1, DeletedAt = NULL, UpdatedAt = ? WHERE OrderId = ?"
    with competing_change(sql, (THEIR_STAMP, mine["orderId"])):
        response = api.request("POST", "/restore", json=[mine["orderId"]])
    conflict(response, changed_meanwhile("Order", mine["orderId"]))
    assert api.get(mine["orderId"])["site"] == "Sheffield"  # restored once, by them


def test_an_upload_racing_an_update_of_an_order_it_changes_is_409(api: Api) -> None:
    [mine] = api.create([order("SO-UP")])
    body = csv_file([["OrderId", "OrderReference", "Site"], [mine["orderId"], "SO-UP", "Uploaded"]])
    with competing_change(*their_update("Orders", "OrderId", "Site", "Theirs", mine["orderId"])):
        response = post_upload(api, [("file", "orders.csv", body)])
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["detail"] == "An order or line item" + CHANGED_MEANWHILE
    assert api.get(mine["orderId"])["site"] == "Theirs"


def test_an_upload_racing_an_update_of_a_line_it_changes_is_409(api: Api) -> None:
    [mine] = api.create([order("SO-UPL", lines=1)])
    line = mine["lineItems"][0]
    body = csv_file([["OrderLineItemId", "OrderId", "Quantity"], [line["orderLineItemId"], mine["orderId"], "5"]])
    with competing_change(*their_update("OrderLineItems", "OrderLineItemId", "Quantity", "42", line["orderLineItemId"])):
        response = post_upload(api, [("file", "lines.csv", body)])
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["detail"] == "An order or line item" + CHANGED_MEANWHILE
    assert api.get(mine["orderId"])["lineItems"][0]["quantity"] == 42


def test_an_upload_changing_lines_of_an_order_deleted_meanwhile_is_409(api: Api) -> None:
    [mine] = api.create([order("SO-UPD", lines=1)])
    line = mine["lineItems"][0]
    body = csv_file([["OrderLineItemId", "OrderId", "Quantity"], [line["orderLineItemId"], mine["orderId"], "5"]])
    sql = "UPDATE Orders SET Active = 0, DeletedAt = ?, UpdatedAt = ? WHERE OrderId = ?"
    with competing_change(sql, (THEIR_STAMP, THEIR_STAMP, mine["orderId"])) as changed:
        response = post_upload(api, [("file", "lines.csv", body)])
    assert changed == [1]
    assert response.status_code == 409, response.get_data(as_text=True)
    assert response.get_json()["detail"] == "An order" + CHANGED_MEANWHILE
    api.get(mine["orderId"], expect=404)  # still deleted


def stock(ctx: AppContext, tenant: Tenant, folder: Path, quantity: str) -> str:
    sheet = folder / "stock.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        # The material the order() factory's lines ask for.
        csv.writer(handle).writerows([["Name", "Quantity", "Unit", "MaterialGrade"], ["Plate", quantity, "t", "S355J2"]])
    return str(import_inventory(ctx.db, ctx.blobs, tenant.company_id, sheet, None)["inventoryIds"][0])


def test_a_split_racing_a_change_of_the_stock_quantity_is_409(ctx: AppContext, api: Api, tenant: Tenant, tmp_path: Path) -> None:
    stock_id = stock(ctx, tenant, tmp_path, "10")
    [mine] = api.create([order("SO-STOCK", lines=1)])
    path = f"/{mine['orderId']}/line-items/{mine['lineItems'][0]['orderLineItemId']}/reservations"
    query = {"inventoryId": stock_id, "reserveQuantity": "1", "split": "1", **LENIENT}
    assert api.request("POST", path, query_string=query).status_code == 201  # the same request, uncontested
    with competing_change(*their_update("Inventory", "InventoryId", "Quantity", "2", stock_id)):
        response = api.request("POST", path, query_string={"inventoryId": stock_id, "reserveQuantity": "4", "split": "1", **LENIENT})
    conflict(response, f"Inventory {stock_id} changed while it was being reserved; please retry.")
    stored = stock_body(api, "GET", f"inventory/{stock_id}")
    assert (stored["quantity"], len(stored["children"])) == (2, 1)  # theirs, and only the uncontested split's child


def test_an_unreserve_racing_another_unreserve_removes_the_link_once(
    ctx: AppContext, api: Api, tenant: Tenant, tmp_path: Path
) -> None:
    stock_id = stock(ctx, tenant, tmp_path, "10")
    [mine] = api.create([order("SO-UNRES", lines=1)])
    path = f"/{mine['orderId']}/line-items/{mine['lineItems'][0]['orderLineItemId']}/reservations"
    assert api.request("POST", path, query_string={"inventoryId": stock_id, "reserveQuantity": "10", **LENIENT}).status_code == 201
    sql = "UPDATE OrderLineItemInventory SET Active = 0, UpdatedAt = ? WHERE InventoryId = ?"
    with competing_change(sql, (THEIR_STAMP, stock_id)) as changed:
        response = api.request("DELETE", f"{path}/{stock_id}")
    assert changed == [1] and response.status_code == 404
