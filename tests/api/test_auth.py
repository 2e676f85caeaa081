"""Authentication and company isolation, checked on every route the function app registers."""

from __future__ import annotations

import re
import uuid

import pytest

import function_app
from devhost.discovery import http_routes
from shared.auth import Principal, authenticate
from shared.services import admin
from tests.support import Api, Tenant, add_user

ANONYMOUS = {"health", "get_openapi", "get_docs"}


def company_routes() -> list[tuple[str, str, str]]:
    """(function name, method, route) of every HTTP function under a company."""
    return sorted(
        (name, method, route)
        for name, methods, route in http_routes(function_app.app)
        if name not in ANONYMOUS
        for method in methods
    )


def concrete(route: str, company_id: str) -> str:
    path = route.replace("{companyId:guid}", company_id)
    return "/api/" + re.sub(r"\{[A-Za-z]+(:[a-z]+)?\}", lambda _: str(uuid.uuid4()), path)


ROUTES = company_routes()


def test_every_company_route_is_covered_by_the_matrix() -> None:
    assert len(ROUTES) >= 8
    assert all("{companyId:guid}" in route for _, _, route in ROUTES)


@pytest.mark.parametrize(("name", "method", "route"), ROUTES, ids=[f"{n}-{m}" for n, m, _ in ROUTES])
def test_a_request_without_a_key_gets_401_with_a_bearer_challenge(client, tenant: Tenant, name, method, route) -> None:
    response = client.open(concrete(route, tenant.company_id), method=method, json={})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 401


@pytest.mark.parametrize(("name", "method", "route"), ROUTES, ids=[f"{n}-{m}" for n, m, _ in ROUTES])
def test_a_key_of_another_company_gets_403_on_every_route(client, tenant: Tenant, other_tenant: Tenant, name, method, route) -> None:
    response = client.open(concrete(route, other_tenant.company_id), method=method, headers=tenant.headers, json={})
    assert response.status_code == 403, response.get_data(as_text=True)
    problem = response.get_json()
    assert (problem["title"], problem["detail"]) == ("Forbidden", "This API key does not give access to that company.")


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer ordk_not-a-real-key",
        "Bearer ordk_" + "A" * 43,
        "Token {key}",
        "Bearer {key} ",
        "Bearer  {key}",
        "Bearer {key}x",
    ],
)
def test_malformed_unknown_and_altered_keys_get_the_same_401(api: Api, header: str) -> None:
    response = api.client.get(api.url(), headers={"Authorization": header.format(key=api.tenant.api_key)})
    assert response.status_code == 401
    assert response.get_json()["detail"] == "A valid API key is required: send 'Authorization: Bearer <key>'."


def test_the_bearer_scheme_is_case_insensitive(api: Api) -> None:
    response = api.client.get(api.url(), headers={"Authorization": f"bearer {api.tenant.api_key}"})
    assert response.status_code == 200


def test_a_revoked_key_gets_401_and_other_keys_of_the_company_keep_working(ctx, api: Api) -> None:
    colleague = add_user(ctx, api.tenant, "Carol Quality")
    assert api.client.get(api.url(), headers=api.tenant.headers).status_code == 200
    admin.revoke_api_key(ctx.db, api.tenant.api_key_id)
    assert api.client.get(api.url(), headers=api.tenant.headers).status_code == 401
    assert api.client.get(api.url(), headers=colleague.headers).status_code == 200


def test_a_key_in_the_query_string_is_ignored(api: Api) -> None:
    response = api.client.get(api.url() + f"?api_key={api.tenant.api_key}&code={api.tenant.api_key}")
    assert response.status_code == 401


def test_auth_is_checked_before_the_body_is_validated(client, tenant: Tenant, other_tenant: Tenant) -> None:
    url = f"/api/companies/{other_tenant.company_id}/orders"
    assert client.post(url, data=b"{not json", headers=tenant.headers).status_code == 403
    assert client.post(url, data=b"{not json").status_code == 401


def test_health_is_anonymous_and_reports_ok(client) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_the_key_is_stored_only_as_its_hash(ctx, tenant: Tenant) -> None:
    with ctx.db.read() as tx:
        rows = tx.query("SELECT KeyPrefix, KeyHash FROM ApiKeys WHERE CompanyId = ?", (tenant.company_id,))
    assert len(rows) == 1
    assert tenant.api_key not in str(rows)
    assert tenant.api_key.startswith(rows[0]["KeyPrefix"])
    assert len(rows[0]["KeyHash"].strip()) == 64


def test_a_key_acts_as_its_user_by_the_users_name(ctx, tenant: Tenant) -> None:
    principal = authenticate(ctx.db, f"Bearer {tenant.api_key}")
    assert principal == Principal(tenant.company_id, tenant.user_id, "Alice Planner", api_key_id=tenant.api_key_id)


def test_unknown_routes_and_bad_guids_are_404_problems(api: Api) -> None:
    for path in ("/api/nothing-here", f"/api/companies/{api.tenant.company_id}/orders/not-a-guid"):
        response = api.client.get(path, headers=api.tenant.headers)
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"


def test_a_wrong_method_is_a_405_problem(api: Api) -> None:
    response = api.client.patch(api.url(), headers=api.tenant.headers)
    assert response.status_code == 405
    assert response.mimetype == "application/problem+json"


def test_a_401_is_a_complete_problem_whose_correlation_id_matches_the_header(api: Api) -> None:
    response = api.client.get(api.url())
    assert response.status_code == 401
    assert response.headers["Content-Type"] == "application/problem+json; charset=utf-8"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="orders-api"'
    correlation_id = response.headers["X-Correlation-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", correlation_id)
    assert response.get_json() == {
        "type": "about:blank", "title": "Unauthorized", "status": 401,
        "detail": "A valid API key is required: send 'Authorization: Bearer <key>'.", "correlationId": correlation_id,
    }
