"""Company B's ids under company A's path: 404 on every route that takes an id, never B's data, nothing changed.

The matrix is generated from the function app's route table, so a new route is covered automatically. (That a key
of A gets 403 on every route under B's path is in tests/api/test_auth.py.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import function_app
from devhost.discovery import http_routes
from shared.context import AppContext
from shared.services.inventory_import import import_inventory
from tests.hardening.faults import TABLES
from tests.support import Api, order

ID_ROUTES = sorted(
    (name, method, route)
    for name, methods, route in http_routes(function_app.app)
    if "{orderId:guid}" in route
    for method in methods
)


def test_the_matrix_covers_every_route_that_takes_an_order_id() -> None:
    names = {name for name, _, _ in ID_ROUTES}
    expected = {"get_order", "get_order_details", "get_order_history", "get_certificate_pack", "reserve_inventory", "unreserve_inventory"}
    assert expected <= names


@pytest.fixture
def b_world(ctx: AppContext, other_api: Api, tmp_path: Path) -> dict[str, Any]:
    """Company B's order with a line, and a stock row reserved against it."""
    body = order("SO-SECRET-B", lines=1, site="B-only-site")
    body["lineItems"][0]["quantity"] = 5  # the plate reserved below covers it exactly
    [b_order] = other_api.create([body])
    (tmp_path / "stock.csv").write_text("Name,Quantity,Unit,MaterialGrade\nB plate,5,t,S355J2\nB spare,2,t,S355J2\n", encoding="utf-8")
    stock = import_inventory(ctx.db, ctx.blobs, other_api.tenant.company_id, tmp_path / "stock.csv")["inventoryIds"]
    line_id = b_order["lineItems"][0]["orderLineItemId"]
    reserved = other_api.request(
        "POST", f"/{b_order['orderId']}/line-items/{line_id}/reservations", query_string={"inventoryId": stock[0], "reserveQuantity": "5"}
    )
    assert reserved.status_code == 201
    return {"orderId": b_order["orderId"], "lineItemId": line_id, "inventoryId": stock[0], "spare": stock[1]}


def rows_of(ctx: AppContext) -> dict[str, int]:
    with ctx.db.read() as tx:
        return {table: int(tx.scalar(f"SELECT COUNT(*) AS n FROM {table}")) for table in TABLES}


@pytest.mark.parametrize(("name", "method", "route"), ID_ROUTES, ids=[f"{n}-{m}" for n, m, _ in ID_ROUTES])
def test_b_ids_under_a_path_are_404_and_reveal_nothing(ctx: AppContext, api: Api, b_world: dict[str, Any], name, method, route) -> None:
    path = route.replace("{companyId:guid}", api.tenant.company_id)
    path = "/api/" + re.sub(r"\{([A-Za-z]+):guid\}", lambda match: b_world[match.group(1)], path)
    before = rows_of(ctx)
    query = {"inventoryId": b_world["spare"], "reserveQuantity": "2"}
    response = api.client.open(path, method=method, headers=api.tenant.headers, query_string=query)
    assert response.status_code == 404, response.get_data(as_text=True)
    body = response.get_data(as_text=True)
    assert "SO-SECRET-B" not in body and "B-only-site" not in body and "B plate" not in body
    assert rows_of(ctx) == before


def test_my_line_with_b_stock_is_404_and_b_stock_is_untouched(ctx: AppContext, api: Api, other_api: Api, b_world: dict[str, Any]) -> None:
    [mine] = api.create([order(lines=1)])
    line_id = mine["lineItems"][0]["orderLineItemId"]
    query = {"inventoryId": b_world["spare"], "reserveQuantity": "2"}
    response = api.request("POST", f"/{mine['orderId']}/line-items/{line_id}/reservations", query_string=query)
    assert response.status_code == 404
    response = api.request("DELETE", f"/{mine['orderId']}/line-items/{line_id}/reservations/{b_world['inventoryId']}")
    assert response.status_code == 404
    assert other_api.request("GET", f"/{b_world['orderId']}/details").get_json()["lineItems"][0]["reservedQuantity"] == 5


@pytest.mark.parametrize("method", ["PUT", "DELETE", "POST"])
def test_b_order_ids_in_a_batch_body_are_404_and_nothing_changes(ctx: AppContext, api: Api, b_world: dict[str, Any], method: str) -> None:
    [mine] = api.create([order()])
    before = rows_of(ctx)
    if method == "PUT":
        response = api.request("PUT", json=[{**mine, "site": "x"}, {"orderId": b_world["orderId"], "site": "stolen"}])
    elif method == "DELETE":
        response = api.request("DELETE", json=[mine["orderId"], b_world["orderId"]])
    else:
        response = api.request("POST", "/restore", json=[mine["orderId"], b_world["orderId"]])
    assert response.status_code == 404
    assert "SO-SECRET-B" not in response.get_data(as_text=True)
    assert rows_of(ctx) == before


def test_b_line_item_ids_cannot_be_adopted_by_an_update(ctx: AppContext, api: Api, b_world: dict[str, Any]) -> None:
    [mine] = api.create([order()])
    response = api.request("PUT", json=[{**mine, "lineItems": [{"orderLineItemId": b_world["lineItemId"], "quantity": 1}]}])
    assert response.status_code == 400
    assert "SO-SECRET-B" not in response.get_data(as_text=True)
