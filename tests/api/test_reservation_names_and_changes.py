"""Issue 14 items 4 and 5: unreserve as callers think of it, a 409 that says who holds the stock, and a reservation
that is a change of its order (``updatedAt``, delta sync, the pack's ETag, stale updates).

Before: after a split only the split row's id unreserved (the id the caller reserved with was a 404), the 409 said
only "already reserved", and reserving left the order's ``updatedAt`` where it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.context import AppContext
from tests.reservation_support import Stock, details_of, order_with_lines, reserve, reserved, unreserve
from tests.support import Api, Tenant


@pytest.fixture
def stock(ctx: AppContext, tenant: Tenant, tmp_path: Path) -> Stock:
    return Stock(ctx, tenant.company_id, tmp_path / "stock")


# --- 4. unreserve by linkId or by the original row; who holds the stock ---


def test_unreserving_by_link_id_releases_that_reservation(api: Api, tenant: Tenant, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "t", None))["lineItems"]
    row = stock.add("4", "t", None)
    link = reserved(api, line, row, "4")
    response = unreserve(api, line, link["linkId"])
    assert response.status_code == 200
    assert response.get_json() == {"linkId": link["linkId"], "companyId": tenant.company_id,
                                   "orderLineItemId": line["orderLineItemId"], "inventoryId": row}
    assert unreserve(api, line, link["linkId"]).status_code == 404


def test_unreserving_by_the_inventory_id_reserved_with_releases_its_one_split_row(api: Api, stock: Stock) -> None:
    [line, other_line] = order_with_lines(api, ("10", "t", None), ("10", "t", None))["lineItems"]
    original = stock.add("10", "t", None)
    link = reserved(api, line, original, "4", split="1")
    reserved(api, other_line, original, "3", split="1")  # a split row of it on another line does not count
    response = unreserve(api, line, original)
    assert response.status_code == 200  # was 404: only the split row's id worked
    assert response.get_json()["linkId"] == link["linkId"] and response.get_json()["inventoryId"] == link["linkedInventoryId"]
    assert details_of(api, line)["reservations"] == []
    assert len(details_of(api, other_line)["reservations"]) == 1


def test_two_split_rows_of_one_original_on_a_line_need_the_link_id(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "t", None))["lineItems"]
    original = stock.add("10", "t", None)
    first, second = reserved(api, line, original, "2", split="1"), reserved(api, line, original, "3", split="1")
    response = unreserve(api, line, original)
    assert response.status_code == 409
    assert {error["message"] for error in response.get_json()["errors"]} == {f"linkId {first['linkId']}", f"linkId {second['linkId']}"}
    assert unreserve(api, line, second["linkId"]).status_code == 200
    assert unreserve(api, line, original).get_json()["linkId"] == first["linkId"]  # now only one is left


def test_an_id_of_another_line_or_nothing_reserved_is_404(api: Api, stock: Stock) -> None:
    [line, other_line] = order_with_lines(api, ("10", "t", None), ("10", "t", None))["lineItems"]
    link = reserved(api, other_line, stock.add("4", "t", None), "4")
    for some_id in (link["linkId"], link["linkedInventoryId"], stock.add("1", "t", None)):
        assert unreserve(api, line, some_id).status_code == 404


def test_the_409_for_reserved_stock_names_the_order_and_line_holding_it(api: Api, stock: Stock) -> None:
    holder = order_with_lines(api, ("1", "t", None), ("4", "t", None), reference="SO-HOLDS-IT")
    row = stock.add("4", "t", None)
    reserved(api, holder["lineItems"][1], row, "4")
    [line] = order_with_lines(api, ("4", "t", None))["lineItems"]
    response = reserve(api, line, row, "4")
    assert response.status_code == 409
    body = response.get_json()
    assert "SO-HOLDS-IT" in body["detail"] and "line 2" in body["detail"]
    assert body["errors"] == [{"field": "inventoryId", "message": "reserved for order SO-HOLDS-IT, line 2"}]


# --- 5. a reservation is a change of the order ---


def test_reserve_and_unreserve_move_the_orders_updated_at_delta_sync_and_the_pack_etag(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("4", "t", None))
    order_id, [line] = created["orderId"], created["lineItems"]
    etags = [api.request("GET", f"/{order_id}/certificate-pack").headers["ETag"]]
    before = api.get(order_id)["updatedAt"]
    link = reserved(api, line, stock.add("4", "t", None), "4")
    reserved_at = api.get(order_id)["updatedAt"]
    assert reserved_at > before
    delta = api.request("GET", query_string={"updatedSince": before}).get_json()
    assert [item["orderId"] for item in delta] == [order_id]
    etags.append(api.request("GET", f"/{order_id}/certificate-pack").headers["ETag"])
    assert unreserve(api, line, link["linkId"]).status_code == 200
    assert api.get(order_id)["updatedAt"] > reserved_at
    etags.append(api.request("GET", f"/{order_id}/certificate-pack").headers["ETag"])
    # The pack is keyed by its content: back to what it was before the reservation, it is that pack again.
    assert etags[0] != etags[1] != etags[2] and etags[2] == etags[0]


def test_an_update_sent_with_the_updated_at_read_before_a_reservation_is_a_409(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("4", "t", None))
    seen = api.get(created["orderId"])
    reserved(api, created["lineItems"][0], stock.add("4", "t", None), "4")
    api.update([{**seen, "site": "Leeds"}], expect=409)
