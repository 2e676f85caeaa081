"""Company A never sees or changes company B's rows, on every route of the function app's route table.

Generated from the route table, so a route added later is covered automatically (or, when the matrix cannot call
it by itself, fails until it is taught how: see tests/hardening/isolation.py). For every route:
- A's own call (list, deleted list, exports, templates, upload, history, writes, ...) answers as expected, and
  nothing in the answer (headers, JSON, CSV, ZIP members, PDF text) contains any of B's marks or ids, and none of B's
  rows changed;
- on every route that takes an id, B's ids under A's path are 404, reveal nothing and change nothing.
(That a key of A gets 403 under B's path is in tests/api/test_auth.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import function_app
from devhost.discovery import http_routes
from shared.context import AppContext
from tests.hardening.isolation import B_MARK, Scene, answer_text, call_for, company_rows, leaks, seed
from tests.support import Api, order

ROUTES = sorted((name, method, route) for name, methods, route in http_routes(function_app.app) for method in methods)
ID_ROUTES = [(name, method, route) for name, method, route in ROUTES if set(re.findall(r"\{([A-Za-z]+)", route)) - {"companyId"}]


def test_the_matrix_covers_the_routes_the_issue_names() -> None:
    names = {name for name, _, _ in ROUTES}
    expected = {
        "list_orders", "list_deleted_orders", "download_orders_csv", "download_orders_zip", "get_upload_templates", "upload_orders",
        "get_order_history", "get_order", "get_order_details", "get_certificate_pack", "reserve_inventory", "unreserve_inventory",
    }
    assert expected <= names
    assert {"get_order", "get_order_history", "reserve_inventory", "unreserve_inventory"} <= {name for name, _, _ in ID_ROUTES}


@pytest.fixture
def scenes(ctx: AppContext, api: Api, other_api: Api, tmp_path: Path) -> tuple[Scene, Scene]:
    """(A, B): B seeded first, so that B's rows are the older ones wherever order matters."""
    b = seed(ctx, other_api, tmp_path, B_MARK)
    a = seed(ctx, api, tmp_path, "AMINE")
    return a, b


def test_the_leak_search_finds_b_in_bs_own_answers(api: Api, other_api: Api, scenes: tuple[Scene, Scene]) -> None:
    """The search itself works: B's list, ZIP export and certificate pack do show B's marks to B."""
    _, b = scenes
    for path in ("", "/export/zip", f"/{b.ids['orderId']}/certificate-pack", f"/{b.ids['orderId']}/history"):
        response = other_api.request("GET", path)
        assert response.status_code == 200
        assert B_MARK in leaks(answer_text(response), b), path


@pytest.mark.parametrize(("name", "method", "route"), ROUTES, ids=[f"{n}-{m}" for n, m, _ in ROUTES])
def test_as_answers_never_contain_b_rows_and_leave_b_unchanged(
    ctx: AppContext, api: Api, scenes: tuple[Scene, Scene], name: str, method: str, route: str
) -> None:
    a, b = scenes
    call = call_for(name, method, route, a)
    before = company_rows(ctx, b.company_id)
    response = api.client.open("/api/" + a.fill(call.route), method=call.method, headers=api.tenant.headers, **call.kwargs)
    assert response.status_code == call.expect, response.get_data(as_text=True)[:500]
    assert leaks(answer_text(response), b) == []
    assert company_rows(ctx, b.company_id) == before


LIST_ROUTES = [(name, route) for name, method, route in ROUTES if method == "GET" and name.startswith("list_")]
# Filters that would pick B's rows out if a list's company filter were missing (every list also gets the generic ones).
MATCHING_B = {
    "list_orders": ["includeDeleted=true", f"search={B_MARK}", "status=Open", "updatedSince=2000-01-01T00:00:00Z"],
    "list_deleted_orders": [],
    "list_inventory": [f"search={B_MARK}", f"heatNumber={B_MARK}-H1", "reserved=1", "hasCertificate=1", "includeDeleted=1",
                       "materialGrade=S355J2"],
    "list_organisations": [f"search={B_MARK}"],
    "list_certificates": [f"search={B_MARK}", f"heatNumber={B_MARK}-H1"],
}


@pytest.mark.parametrize(("name", "route"), LIST_ROUTES, ids=[name for name, _ in LIST_ROUTES])
def test_no_filter_of_a_list_brings_up_b_rows(api: Api, scenes: tuple[Scene, Scene], name: str, route: str) -> None:
    a, b = scenes
    for query in ["", "limit=1000", *MATCHING_B.get(name, [])]:
        response = api.client.get("/api/" + a.fill(route), query_string=query, headers=api.tenant.headers)
        assert response.status_code == 200, (query, response.get_data(as_text=True)[:300])
        assert leaks(answer_text(response), b) == [], query


@pytest.mark.parametrize(("name", "method", "route"), ID_ROUTES, ids=[f"{n}-{m}" for n, m, _ in ID_ROUTES])
def test_b_ids_under_a_path_are_404_and_reveal_nothing(
    ctx: AppContext, api: Api, scenes: tuple[Scene, Scene], name: str, method: str, route: str
) -> None:
    a, b = scenes
    path = "/api/" + Scene(a.company_id, {**b.ids, "companyId": a.company_id}).fill(route)
    before = company_rows(ctx, b.company_id), company_rows(ctx, a.company_id)
    query = {"inventoryId": b.ids["spareInventoryId"], "reserveQuantity": "2"}
    body = call_for(name, method, route, a).kwargs.get("json")  # A's own valid body: only the id can refuse it
    response = api.client.open(path, method=method, headers=api.tenant.headers, query_string=query, json=body)
    assert response.status_code == 404, response.get_data(as_text=True)
    sent = f"{path}?{query}"
    # an echo of A's own input is no leak
    assert [leak for leak in leaks(answer_text(response), b) if leak.split("=")[-1] not in sent] == []
    assert (company_rows(ctx, b.company_id), company_rows(ctx, a.company_id)) == before


def test_my_line_with_b_stock_is_404_and_b_stock_is_untouched(ctx: AppContext, api: Api, scenes: tuple[Scene, Scene]) -> None:
    a, b = scenes
    before = company_rows(ctx, b.company_id)
    line = f"/{a.ids['orderId']}/line-items/{a.ids['lineItemId']}/reservations"
    response = api.request("POST", line, query_string={"inventoryId": b.ids["spareInventoryId"], "reserveQuantity": "2"})
    assert response.status_code == 404
    assert api.request("DELETE", f"{line}/{b.ids['inventoryId']}").status_code == 404
    assert company_rows(ctx, b.company_id) == before


@pytest.mark.parametrize("method", ["PUT", "DELETE", "POST"])
def test_b_order_ids_in_a_batch_body_are_404_and_nothing_changes(
    ctx: AppContext, api: Api, scenes: tuple[Scene, Scene], method: str
) -> None:
    a, b = scenes
    before = company_rows(ctx, b.company_id), company_rows(ctx, a.company_id)
    if method == "PUT":
        response = api.request("PUT", json=[{"orderId": a.ids["orderId"], "site": "x"}, {"orderId": b.ids["orderId"], "site": "stolen"}])
    elif method == "DELETE":
        response = api.request("DELETE", json=[a.ids["orderId"], b.ids["orderId"]])
    else:
        response = api.request("POST", "/restore", json=[a.ids["deletedOrderId"], b.ids["deletedOrderId"]])
    assert response.status_code == 404
    assert B_MARK not in response.get_data(as_text=True)
    assert (company_rows(ctx, b.company_id), company_rows(ctx, a.company_id)) == before


def test_b_line_item_ids_cannot_be_adopted_by_an_update_or_a_new_order(ctx: AppContext, api: Api, scenes: tuple[Scene, Scene]) -> None:
    a, b = scenes
    before = company_rows(ctx, b.company_id)
    adopted = [{"orderLineItemId": b.ids["lineItemId"], "quantity": 1}]
    response = api.request("PUT", json=[{"orderId": a.ids["orderId"], "lineItems": adopted}])
    assert response.status_code == 400
    assert B_MARK not in response.get_data(as_text=True)
    assert response.get_json()["errors"] == [{"field": "[0].lineItems[0].orderLineItemId",
                                              "message": "this orderLineItemId belongs to another order or a removed line"}]
    response = api.request("POST", json=[order(lineItems=adopted)])
    assert response.status_code == 409  # ids are global keys: taken, but nothing of B's row is shown
    assert response.get_json()["errors"] == [{"field": "orderLineItemId", "message": f"{b.ids['lineItemId']} already exists"}]
    assert company_rows(ctx, b.company_id) == before
