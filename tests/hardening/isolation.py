"""Two companies with distinctive data, and how company A calls each route: the tenant isolation matrix's parts.

Company B's every text carries ``B_MARK`` and its ids are recorded, so a leak of any B row into any of A's answers
(JSON, CSV, a ZIP's members, a PDF's text, headers) is found by searching for them.

**Adding a route.** A GET route whose path parameters are all ids the scene knows (companyId, orderId, lineItemId,
inventoryId, relatedOrganisationId, certificateId, heatNumber) is called automatically. Anything else (another
method, a new kind of id, a body or query it needs) makes the matrix fail with the route's name until it has an
entry in ``CALLS``: ``"function_name": lambda s: Call("POST", "companies/{companyId}/...", json=..., expect=201)``,
where ``{name}`` placeholders are filled with company A's ids (``s`` is the ``Scene``).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from werkzeug.test import TestResponse

from shared.context import AppContext
from shared.services.inventory_import import import_inventory
from tests.bulk_support import ORDER_HEADER, csv_file
from tests.hardening.faults import TABLES
from tests.stock_support import real_pdf
from tests.support import Api, make_organisation, order

B_MARK = "ZQXB"  # in every text company B stores; appears nowhere else


@dataclass
class Scene:
    """Ids of one company's seeded rows, by path parameter name (plus ``deletedOrderId``, ``spareInventoryId``)."""

    company_id: str
    ids: dict[str, str] = field(default_factory=dict)

    def fill(self, route: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self.ids:
                raise KeyError(name)
            return self.ids[name]

        return re.sub(r"\{([A-Za-z]+)(?::[a-z]+)?\}", value, route)


def seed(ctx: AppContext, api: Api, tmp_path: Path, mark: str) -> Scene:
    """An organisation, an active order with a line and reserved certified stock, a spare stock row, a deleted order."""
    tenant = api.tenant
    organisation = make_organisation(ctx, tenant, f"{mark} Fabrication")
    line = {"productCode": f"{mark}-PL", "description": f"{mark} plate line", "materialGrade": "S355J2", "quantity": 7, "unit": "t"}
    first, doomed = api.create([
        order(f"SO-{mark}-1", site=f"{mark}-site", relatedOrganisationId=organisation, lineItems=[line]),
        order(f"SO-{mark}-DELETED", lines=1, site=f"{mark}-gone"),
    ])
    assert api.request("DELETE", json=[doomed["orderId"]]).status_code == 200
    folder = tmp_path / f"stock-{mark}"
    folder.mkdir()
    (folder / f"mtc-{mark}.pdf").write_bytes(real_pdf(marker=f"{mark} certificate"))
    with (folder / "stock.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([
            ["Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateFile"],
            [f"{mark} plate", "5", "t", f"{mark}-H1", "S355J2", f"mtc-{mark}.pdf"],  # the line's material: 5 + 2 cover its 7
            [f"{mark} spare", "2", "t", f"{mark}-H2", "S355J2", ""],
            [f"{mark} scrap", "1", "t", f"{mark}-H3", "S355J2", ""],
        ])
    reserved, spare, scrap = import_inventory(ctx.db, ctx.blobs, tenant.company_id, folder / "stock.csv", folder)["inventoryIds"]
    assert api.client.delete(f"/api/companies/{tenant.company_id}/inventory", json=[scrap], headers=tenant.headers).status_code == 200
    line_id = first["lineItems"][0]["orderLineItemId"]
    query = {"inventoryId": reserved, "reserveQuantity": "5"}
    assert api.request("POST", f"/{first['orderId']}/line-items/{line_id}/reservations", query_string=query).status_code == 201
    with ctx.db.read() as tx:
        certificate_id = tx.scalar("SELECT CertificateId FROM Certificates WHERE CompanyId = ?", (tenant.company_id,))
    return Scene(tenant.company_id, {
        "companyId": tenant.company_id, "orderId": first["orderId"], "lineItemId": line_id, "inventoryId": reserved,
        "relatedOrganisationId": organisation, "certificateId": str(certificate_id).lower(), "deletedOrderId": doomed["orderId"],
        "deletedLineItemId": doomed["lineItems"][0]["orderLineItemId"], "spareInventoryId": spare, "deletedInventoryId": scrap,
        "heatNumber": f"{mark}-H1", "userId": tenant.user_id, "apiKeyId": tenant.api_key_id,
    })


@dataclass(frozen=True)
class Call:
    """One request of company A: ``route`` is a route-table pattern, filled with A's ids."""

    method: str
    route: str
    expect: int = 200
    kwargs: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def make(method: str, route: str, expect: int = 200, **kwargs: Any) -> Call:
        return Call(method, route, expect, kwargs)


def _upload(s: Scene) -> Call:
    content = csv_file([ORDER_HEADER, ["", "SO-A-UPLOADED", "", "", "1", "2026-03-01", "", "A-site", "Open"]])
    return Call.make("POST", "companies/{companyId}/orders/upload", data={"file1": (io.BytesIO(content), "orders.csv")},
                     content_type="multipart/form-data")


def _stock_upload(s: Scene) -> Call:
    content = csv_file([["Name", "Quantity", "Unit"], ["A uploaded plate", "3", "t"]])
    return Call.make("POST", "companies/{companyId}/inventory/upload", 201, data={"files": [(io.BytesIO(content), "stock.csv")]},
                     content_type="multipart/form-data")


def _certificate_upload(s: Scene) -> Call:
    return Call.make("POST", "companies/{companyId}/certificates", 201, data={"file": (io.BytesIO(real_pdf(marker="A new")), "a.pdf")},
                     content_type="multipart/form-data")


ORDERS = "companies/{companyId}/orders"
LINE = ORDERS + "/{orderId}/line-items/{lineItemId}/reservations"
STOCK = "companies/{companyId}/inventory"
# Routes that need more than a GET with A's ids. Keys are function names from the route table.
CALLS: dict[str, Callable[[Scene], Call]] = {
    "create_orders": lambda s: Call.make("POST", ORDERS, 201, json=[order("SO-A-NEW", lines=1)]),
    "update_orders": lambda s: Call.make("PUT", ORDERS, json=[{"orderId": s.ids["orderId"], "site": "A-moved"}]),
    "delete_orders": lambda s: Call.make("DELETE", ORDERS, json=[s.ids["orderId"]]),
    "restore_orders": lambda s: Call.make("POST", ORDERS + "/restore", json=[s.ids["deletedOrderId"]]),
    "upload_orders": _upload,
    "reserve_inventory": lambda s: Call.make(
        "POST", LINE, 201, query_string={"inventoryId": s.ids["spareInventoryId"], "reserveQuantity": "2"}
    ),
    "unreserve_inventory": lambda s: Call.make("DELETE", LINE + "/{inventoryId}"),
    "create_inventory": lambda s: Call.make("POST", STOCK, 201, json=[{"name": "A new plate", "quantity": 1, "unit": "t"}]),
    "update_inventory": lambda s: Call.make("PUT", STOCK + "/{inventoryId}", json={"name": "A renamed plate"}),
    "delete_inventory": lambda s: Call.make("DELETE", STOCK, json=[s.ids["spareInventoryId"]]),
    "restore_inventory": lambda s: Call.make("POST", STOCK + "/restore", json=[s.ids["deletedInventoryId"]]),
    "upload_inventory": _stock_upload,
    "create_organisations": lambda s: Call.make("POST", "companies/{companyId}/organisations", 201, json=[{"name": "A new customer"}]),
    "update_organisation": lambda s: Call.make("PUT", "companies/{companyId}/organisations/{relatedOrganisationId}",
                                               json={"name": "A renamed customer"}),
    "upload_certificate": _certificate_upload,
    "update_certificate": lambda s: Call.make("PUT", "companies/{companyId}/certificates/{certificateId}",
                                              json={"certificateNumber": "A-CERT-2"}),
    "update_company_profile": lambda s: Call.make("PUT", "companies/{companyId}/profile", json={"letterheadName": "A Steel Ltd"}),
}


def call_for(name: str, method: str, route: str, scene: Scene) -> Call:
    """A's call of this route; AssertionError (naming the route) when the matrix does not know how to make it."""
    if name in CALLS:
        made = CALLS[name](scene)
        assert made.method == method, f"CALLS[{name!r}] makes a {made.method}, the route table has {method}"
        return made
    params = set(re.findall(r"\{([A-Za-z]+)", route))
    unknown = params - scene.ids.keys()
    assert method == "GET" and not unknown, (
        f"the isolation matrix does not know how to call {name} ({method} {route}); add an entry to CALLS in "
        f"tests/hardening/isolation.py" + (f" (unknown path parameters: {sorted(unknown)})" if unknown else "")
    )
    return Call(method, route)


def answer_text(response: TestResponse) -> str:
    """Everything A was sent: headers, and the body as text (a ZIP's members, a PDF's text and metadata)."""
    parts = [f"{name}: {value}" for name, value in response.headers.items()]
    body = response.get_data()
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [f"{info.filename}\n{archive.read(info).decode('utf-8', 'replace')}" for info in archive.infolist()]
    elif body.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(body))
        parts += [body.decode("latin-1"), str(reader.metadata or {})] + [page.extract_text() for page in reader.pages]
    else:
        parts.append(body.decode("utf-8", "replace"))
    return "\n".join(parts)


def leaks(text: str, b: Scene) -> list[str]:
    """Which of B's marks and ids appear in ``text`` (ids compared case-insensitively)."""
    lowered = text.lower()
    found = [B_MARK] if B_MARK.lower() in lowered else []
    return found + [f"{name}={value}" for name, value in b.ids.items() if value.lower() in lowered]


def company_rows(ctx: AppContext, company_id: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row the company owns, table by table (scoped to it: other tests' companies may share the database)."""
    with ctx.db.read() as tx:
        return {
            table: sorted(tuple(map(str, row.values())) for row in tx.query(f"SELECT * FROM {table} WHERE CompanyId = ?", [company_id]))
            for table in TABLES
        }
