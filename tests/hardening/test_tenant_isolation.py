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
from tests.support import Api, make_organisation, order

PATH_PARAMETER = re.compile(r"\{([A-Za-z]+)(?::guid)?\}")
ID_ROUTES = sorted(
    (name, method, route)
    for name, methods, route in http_routes(function_app.app)
    if {match.group(1) for match in PATH_PARAMETER.finditer(route)} - {"companyId"}
    for method in methods
)
# Bodies for routes that read one before looking the id up (each valid in itself, so only the id can refuse it).
BODIES: dict[str, Any] = {
    "update_inventory": {"name": "stolen"},
    "update_organisation": {"name": "stolen"},
    "update_certificate": {"certificateNumber": "stolen"},
}
SECRETS = ("SO-SECRET-B", "B-only-site", "B plate", "B Secret Customer", "B-HEAT-7")


def test_the_matrix_covers_every_route_that_takes_an_id() -> None:
    names = {name for name, _, _ in ID_ROUTES}
    expected = {"get_order", "get_order_details", "get_order_history", "get_certificate_pack", "reserve_inventory", "unreserve_inventory"}
    assert expected <= names
    # Every route with a path parameter besides the company is in the matrix (new routes join by themselves).
    assert {"get_inventory", "update_inventory", "get_inventory_history", "update_organisation"} & names


@pytest.fixture
def b_world(ctx: AppContext, other_api: Api, tmp_path: Path) -> dict[str, Any]:
    """Company B's customer, order with a line, a certified stock row reserved against it and a spare row."""
    organisation_id = make_organisation(ctx, other_api.tenant, "B Secret Customer")
    body = order("SO-SECRET-B", lines=1, site="B-only-site", relatedOrganisationId=organisation_id)
    body["lineItems"][0]["quantity"] = 5  # the plate reserved below covers it exactly
    [b_order] = other_api.create([body])
    (tmp_path / "mtc.pdf").write_bytes(b"%PDF-1.4\n%%EOF\nB")
    sheet = "Name,Quantity,Unit,MaterialGrade,HeatNumber,CertificateFile\nB plate,5,t,S355J2,B-HEAT-7,mtc.pdf\nB spare,2,t,S355J2,,\n"
    (tmp_path / "stock.csv").write_text(sheet, encoding="utf-8")
    stock = import_inventory(ctx.db, ctx.blobs, other_api.tenant.company_id, tmp_path / "stock.csv", tmp_path)["inventoryIds"]
    with ctx.db.read() as tx:
        certificate_id = str(tx.scalar("SELECT CertificateId FROM Inventory WHERE InventoryId = ?", (stock[0],))).lower()
    line_id = b_order["lineItems"][0]["orderLineItemId"]
    reserved = other_api.request(
        "POST", f"/{b_order['orderId']}/line-items/{line_id}/reservations", query_string={"inventoryId": stock[0], "reserveQuantity": "5"}
    )
    assert reserved.status_code == 201
    return {"orderId": b_order["orderId"], "lineItemId": line_id, "inventoryId": stock[0], "spare": stock[1],
            "relatedOrganisationId": organisation_id, "certificateId": certificate_id, "heatNumber": "B-HEAT-7"}


def rows_of(ctx: AppContext) -> dict[str, int]:
    with ctx.db.read() as tx:
        return {table: int(tx.scalar(f"SELECT COUNT(*) AS n FROM {table}")) for table in TABLES}


@pytest.mark.parametrize(("name", "method", "route"), ID_ROUTES, ids=[f"{n}-{m}" for n, m, _ in ID_ROUTES])
def test_b_ids_under_a_path_are_404_and_reveal_nothing(ctx: AppContext, api: Api, b_world: dict[str, Any], name, method, route) -> None:
    path = route.replace("{companyId:guid}", api.tenant.company_id)
    path = "/api/" + PATH_PARAMETER.sub(lambda match: b_world[match.group(1)], path)
    before = rows_of(ctx)
    query = {"inventoryId": b_world["spare"], "reserveQuantity": "2"}
    response = api.client.open(path, method=method, headers=api.tenant.headers, query_string=query, json=BODIES.get(name))
    assert response.status_code == 404, response.get_data(as_text=True)
    body = response.get_data(as_text=True)
    assert not [secret for secret in SECRETS if secret in body]
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


LIST_ROUTES = sorted(
    (name, route)
    for name, methods, route in http_routes(function_app.app)
    if name.startswith("list_") and "GET" in methods and not set(PATH_PARAMETER.findall(route)) - {"companyId"}
)
# Queries that would match B's rows if the company filter were missing.
PROBES = ["", "?includeDeleted=1", "?search=B", "?heatNumber=B-HEAT-7", "?search=secret&limit=5", "?reserved=1",
          "?hasCertificate=1", "?status=Open"]


def test_the_list_matrix_covers_the_new_lists() -> None:
    assert {"list_orders", "list_inventory", "list_organisations"} <= {name for name, _ in LIST_ROUTES}


@pytest.mark.parametrize(("name", "route"), LIST_ROUTES, ids=[name for name, _ in LIST_ROUTES])
def test_b_rows_never_appear_in_a_lists(api: Api, b_world: dict[str, Any], name: str, route: str) -> None:
    path = "/api/" + route.replace("{companyId:guid}", api.tenant.company_id)
    b_ids = [str(value) for key, value in b_world.items() if key != "heatNumber"]
    for probe in PROBES:
        response = api.client.get(path + probe, headers=api.tenant.headers)
        assert response.status_code in (200, 400), (probe, response.get_data(as_text=True))
        text = response.get_data(as_text=True)
        assert not [secret for secret in SECRETS if secret in text], probe
        assert not [b_id for b_id in b_ids if b_id in text], probe
