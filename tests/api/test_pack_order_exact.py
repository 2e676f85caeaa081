"""What a certificate pack is made of, exactly: the PackOrder the service hands to the renderer for an order with a
customer, a letterhead with a logo, a split and certified reservation, a substitute, an uncovered line and a deleted
one. The render is stubbed (it is a pure function of this value; tests/api/test_certificate_pack.py renders)."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from shared.certificate_pack import PackCertificate, PackLetterhead, PackLine, PackLogo, PackOrder, PackReservation
from shared.context import AppContext
from shared.services import certificate_packs
from shared.services.company_profiles import PROFILES_CONTAINER
from tests.api.test_company_profile import png, put_profile
from tests.api.test_traceability import reserve
from tests.stock_support import body, real_pdf, stock, upload_file
from tests.support import Api


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[PackOrder]:
    packs: list[PackOrder] = []

    def render(pack: PackOrder, generated_at: Any, limits: Any) -> tuple[bytes, Any]:
        packs.append(pack)
        return b"%PDF-stub", SimpleNamespace(cpu_seconds=0.0, peak_rss=0)

    monkeypatch.setattr(certificate_packs, "render_bounded", render)
    return packs


def test_the_pack_of_an_order_is_exactly_its_lines_reservations_certificates_and_letterhead(ctx: AppContext, api: Api,
                                                                                           rendered: list[PackOrder]) -> None:
    put_profile(api, {"letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane", "signatoryName": "Priya Shah",
                      "signatoryRole": "Quality Manager", "logo": base64.b64encode(png()).decode()})
    body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}])
    pdf = real_pdf(marker="pack")
    certificate = body(api, "POST", "certificates?certificateNumber=MTC-7&en10204Type=3.1&manufacturer=Dillinger", 201,
                       data={"file": upload_file(pdf, "mtc.pdf")})
    plate, bar = body(api, "POST", "inventory", 201, json=[
        stock("Plate 20mm", 10, heatNumber="N41902", certificateId=certificate["certificateId"]),
        stock("Bar 40mm", "2.5", heatNumber="K7", materialGrade="S275JR")])
    lines = [{"productCode": "PL-1", "description": "Plate", "materialGrade": "S355J2+N", "quantity": 4, "unit": "t"},
             {"productCode": None, "description": "Bar", "materialGrade": "S355J2+N", "quantity": "2.5", "unit": "t"},
             {"productCode": "PL-3", "description": None, "materialGrade": None, "quantity": "1.5", "unit": None},
             {"productCode": "PL-4", "description": "Gone", "materialGrade": "S355J2+N", "quantity": 1, "unit": "t"}]
    [placed] = api.create([{"orderReference": "SO-P", "orderDate": "2026-03-01", "deliveryDate": "2026-03-20", "site": "Leeds",
                            "customerName": "Atlas", "customerReference": "PO-77", "deliveryAddress": "Dock 4", "lineItems": lines}])
    one, two, three, _ = placed["lineItems"]
    reserve(api, placed, plate["inventoryId"], "4")
    path = f"/{placed['orderId']}/line-items/{two['orderLineItemId']}/reservations"
    assert api.request("POST", path, query_string={"inventoryId": bar["inventoryId"], "reserveQuantity": "2.5",
                                                   "allowSubstitute": "1"}).status_code == 201
    api.update([{"orderId": placed["orderId"], "lineItems": [one, two, three]}])  # line 4 deleted
    response = api.request("GET", f"/{placed['orderId']}/certificate-pack")
    assert response.status_code == 200 and response.data == b"%PDF-stub"
    [pack] = rendered
    with ctx.db.read() as tx:
        company_name = tx.scalar("SELECT Name FROM Companies WHERE CompanyId = ?", (api.tenant.company_id,))
    mtc = PackCertificate(certificate_id=certificate["certificateId"], file_name="mtc.pdf", content_type="application/pdf",
                          sha256=hashlib.sha256(pdf).hexdigest(), number="MTC-7", en10204_type="3.1", manufacturer="Dillinger")
    logo = PackLogo("image/png", hashlib.sha256(png()).hexdigest())
    assert pack == PackOrder(
        company_name=company_name, order_reference="SO-P", customer_name="Atlas",
        order_date=date(2026, 3, 1), delivery_date=date(2026, 3, 20), site="Leeds", status="Open",
        lines=[PackLine(1, "PL-1", "Plate", "S355J2+N", Decimal(4), "t",
                        [PackReservation("Plate 20mm", "N41902", "S355J2+N", Decimal(4), "t", mtc, substitute=False)]),
               PackLine(2, None, "Bar", "S355J2+N", Decimal("2.5"), "t",
                        [PackReservation("Bar 40mm", "K7", "S275JR", Decimal("2.5"), "t", None, substitute=True)]),
               PackLine(3, "PL-3", None, None, Decimal("1.5"), None, [])],
        customer_reference="PO-77", delivery_address="Dock 4",
        letterhead=PackLetterhead("Acme Steel Ltd", "1 Mill Lane", logo, "Priya Shah", "Quality Manager"),
    )
    assert pack.lines[0].reservations[0].certificate.content == pdf  # type: ignore[union-attr]
    assert pack.letterhead.logo.content == png()  # type: ignore[union-attr]


def test_a_letterhead_whose_logo_is_gone_from_storage_has_no_logo_and_no_profile_no_letterhead(ctx: AppContext, api: Api,
                                                                                              rendered: list[PackOrder]) -> None:
    [placed] = api.create([{"orderReference": "SO-L", "orderDate": "2026-03-01"}])
    assert api.request("GET", f"/{placed['orderId']}/certificate-pack").status_code == 200
    put_profile(api, {"letterheadName": "Acme Steel Ltd", "logo": base64.b64encode(png()).decode()})
    for name in ctx.blobs.list(PROFILES_CONTAINER):
        ctx.blobs.delete(PROFILES_CONTAINER, name)
    assert api.request("GET", f"/{placed['orderId']}/certificate-pack").status_code == 200
    assert [pack.letterhead for pack in rendered] == [None, PackLetterhead("Acme Steel Ltd", None, None, None, None)]
