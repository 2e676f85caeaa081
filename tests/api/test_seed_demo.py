"""``seed-demo``: the demo company comes with stock, generated mill test certificates and reservations (one split)."""

from __future__ import annotations

import pytest

from shared.context import AppContext
from shared.services.certificate_files import CERTIFICATES_CONTAINER
from shared.services.demo import seed_demo
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
