"""``seed-demo``: the demo company comes with stock, generated mill test certificates and reservations (one split)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from shared.context import AppContext
from shared.demo.seed import seed_demo
from shared.services.certificate_files import CERTIFICATES_CONTAINER
from tests.support import Api, Tenant

pytestmark = pytest.mark.slow


def test_the_demo_orders_show_reserved_stock_with_heat_numbers_and_certificate_pdfs(ctx: AppContext, client) -> None:
    seeded = seed_demo(ctx)
    api = Api(client, Tenant(seeded["companyId"], seeded["apiKey"], seeded["apiKeyId"], seeded["userId"], "Demo"))
    assert len(seeded["inventoryIds"]) >= 4 and len(seeded["reservationLinkIds"]) >= 3
    reservations = [
        reservation
        for order_id in seeded["orderIds"]
        for line in api.request("GET", f"/{order_id}/details").get_json()["lineItems"]
        for reservation in line["reservations"]
    ]
    assert sorted(r["linkId"] for r in reservations) == sorted(seeded["reservationLinkIds"])
    assert all(r["heatNumber"] and r["certificateId"] and r["certificateFileName"].endswith(".pdf") for r in reservations)
    split = [r for r in reservations if r["inventoryId"] not in seeded["inventoryIds"]]
    assert split and all(" - SO-" in r["inventoryName"] for r in split)
    blobs = ctx.blobs.list(CERTIFICATES_CONTAINER, f"{seeded['companyId']}/")
    assert len(blobs) == len(seeded["inventoryIds"])
    assert all(ctx.blobs.get(CERTIFICATES_CONTAINER, name).startswith(b"%PDF-") for name in blobs)
    # Traceability (issue 15): one plate heat went to three customers' orders; certificates carry their metadata.
    path = f"/api/companies/{seeded['companyId']}/traceability/heats/{seeded['traceHeat']}"
    trace = client.get(path, headers=api.tenant.headers).get_json()
    assert len(trace["customers"]) == 3 and len(trace["reservations"]) == 3
    assert any(row["parentInventoryId"] for row in trace["stock"])
    assert trace["certificates"][0]["en10204Type"] == "3.1" and trace["certificates"][0]["manufacturer"] == "Nordhafen Plate Works"


def test_the_demo_pack_of_so_24002_shows_a_covered_a_substitute_and_a_short_line(ctx: AppContext, client) -> None:
    seeded = seed_demo(ctx)
    api = Api(client, Tenant(seeded["companyId"], seeded["apiKey"], seeded["apiKeyId"], seeded["userId"], "Demo"))
    [order_id] = [o["orderId"] for o in api.request("GET").get_json() if o["orderReference"] == "SO-24002"]
    coverage = [line["coverage"] for line in api.request("GET", f"/{order_id}/details").get_json()["lineItems"]]
    assert [(c["status"], c["substitute"], c["complete"]) for c in coverage] == [
        ("covered", False, True), ("covered", True, False), ("short", False, False),
    ]
    assert coverage[2]["shortBy"] == 3 and coverage[2]["unit"] == "m"
    pack = api.request("GET", f"/{order_id}/certificate-pack")
    text = PdfReader(io.BytesIO(pack.data)).pages[0].extract_text()
    for expected in ("Covered", "Substitute", "Short by 3 m"):
        assert expected in text, expected
    assert "All covered" not in text
