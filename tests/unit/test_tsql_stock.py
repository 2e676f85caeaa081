"""Every statement of the stock, certificate, customer and traceability routes parses as T-SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.context import AppContext
from tests.stock_support import body, call
from tests.support import Api, Tenant, order
from tests.tsql import capture, unparsable


def run_scenario(api: Api, ctx: AppContext, tenant: Tenant) -> None:
    org = body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Zeta"}])[0]
    body(api, "PUT", f"organisations/{org['relatedOrganisationId']}", json={"name": "Atlas Ltd"})
    call(api, "GET", "organisations?search=a&limit=1", 200)
    page = call(api, "GET", "organisations?limit=1&cursor=" + _cursor(api, "organisations?limit=1"), 200)
    assert page.status_code == 200
    api.create([order(customerName="atlas ltd", lines=1)])
    api.request("POST", query_string={"createCustomers": "1"}, json=[order(customerName="Borg")])
    call(api, "GET", "inventory?search=x&heatNumber=a,b&materialGrade=g&unit=t&available=1&reserved=0&hasCertificate=1"
         "&updatedSince=2026-01-01T00:00:00Z&includeDeleted=1&limit=2", 200)
    call(api, "GET", "inventory?available=0&reserved=1&hasCertificate=0", 200)
    call(api, "GET", "inventory/00000000-0000-4000-8000-000000000000", 404)


def _cursor(api: Api, path: str) -> str:
    link = call(api, "GET", path, 200).headers.get("Link", "cursor=x>")
    return link.split("cursor=")[1].split(">")[0]


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder: Path = tmp_path_factory.mktemp("tsql-stock")
    return capture(run_scenario, folder)


def test_the_scenario_runs_the_new_repositories(captured: set[str]) -> None:
    text = "\n".join(captured)
    for fragment in ("INSERT INTO RelatedOrganisationNames", "UPDATE RelatedOrganisations", "FROM Inventory i LEFT JOIN"):
        assert fragment in text, fragment


def test_every_captured_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []
