"""Every statement of the stock, certificate, customer and traceability routes parses as T-SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.context import AppContext
from tests.stock_support import body, call, real_pdf, stock, upload_file
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
    certificate = body(api, "POST", "certificates?certificateNumber=C&en10204Type=3.1&heatNumbers=H1&issuedOn=2026-01-02", 201,
                       data={"file": upload_file(real_pdf(), "c.pdf")})
    cid = certificate["certificateId"]
    a, b = body(api, "POST", "inventory", 201, json=[stock("A", heatNumber="H1", certificateId=cid), stock("B", heatNumber="H1")])
    body(api, "PUT", f"certificates/{cid}", json={"manufacturer": "M", "heatNumbers": ["H1", "H2"], "inventoryIds": [b["inventoryId"]]})
    call(api, "GET", "certificates?search=c&heatNumber=h1&en10204Type=3.1&manufacturer=m&limit=1", 200)
    call(api, "GET", f"certificates/{cid}", 200)
    call(api, "GET", f"certificates/{cid}/content", 200)
    body(api, "GET", f"inventory/{a['inventoryId']}")
    body(api, "PUT", f"inventory/{a['inventoryId']}", json={"name": "A2", "quantity": 9, "updatedAt": a["updatedAt"]})
    sheet = b"Name,Quantity,HeatNumber,CertificateFile\nU,1,H1,u.pdf\n"
    body(api, "POST", "inventory/upload", 201, data={"files": [upload_file(sheet, "s.csv"), upload_file(real_pdf(marker="u"), "u.pdf")]})
    [placed] = api.create([order("SO-T", lines=1)])
    line = placed["lineItems"][0]
    api.request("POST", f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations",
                query_string={"inventoryId": a["inventoryId"], "reserveQuantity": "4", "split": "1"})
    call(api, "PUT", f"inventory/{a['inventoryId']}", 200, json={"heatNumber": "H1"})
    body(api, "DELETE", "inventory", json=[b["inventoryId"]])
    body(api, "POST", "inventory/restore", json=[b["inventoryId"]])
    body(api, "GET", f"inventory/{a['inventoryId']}/history?limit=5")
    body(api, "GET", "traceability/heats/H1")
    call(api, "GET", "traceability/heats/H1?format=csv", 200)
    body(api, "GET", f"orders/{placed['orderId']}/traceability")


def _cursor(api: Api, path: str) -> str:
    link = call(api, "GET", path, 200).headers.get("Link", "cursor=x>")
    return link.split("cursor=")[1].split(">")[0]


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder: Path = tmp_path_factory.mktemp("tsql-stock")
    return capture(run_scenario, folder)


def test_the_scenario_runs_the_new_repositories(captured: set[str]) -> None:
    text = "\n".join(captured)
    for fragment in ("INSERT INTO RelatedOrganisationNames", "UPDATE RelatedOrganisations", "FROM Inventory i LEFT JOIN",
                     "INSERT INTO CertificateHeatNumbers", "UPDATE Certificates SET", "UPDATE Inventory SET Active",
                     "JOIN OrderLineItemInventory k ON k.InventoryId", "FROM InventoryHistory"):
        assert fragment in text, fragment


def test_every_captured_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []
