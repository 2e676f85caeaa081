"""The demo's certificate descriptions (``shared.demo.traceability``), fast: the full demo seed (tests/api/test_seed_demo.py)
takes ~20 s a test, too slow for the mutation run's test lists."""

from __future__ import annotations

from shared.auth import Principal
from shared.context import AppContext
from shared.demo.traceability import describe_certificates
from tests.stock_support import body, real_pdf, stock, upload_file
from tests.support import Api, Tenant


def test_describing_the_demo_certificates_numbers_each_by_its_heat_and_touches_no_other_company(
    ctx: AppContext, api: Api, other_api: Api, tenant: Tenant
) -> None:
    ids = {}
    for heat in ("V900", "N100", "T500"):
        certificate = body(api, "POST", "certificates", 201, data={"file": upload_file(real_pdf(marker=heat), f"{heat}.pdf")})
        body(api, "POST", "inventory", 201, json=[stock(f"Stock {heat}", 5, heatNumber=heat, certificateId=certificate["certificateId"])])
        ids[heat] = certificate["certificateId"]
    body(api, "POST", "inventory", 201, json=[stock("Uncertified", 5, heatNumber="A000")])
    theirs = body(other_api, "POST", "certificates", 201, data={"file": upload_file(real_pdf(marker="B"), "b.pdf")})
    body(other_api, "POST", "inventory", 201, json=[stock("Theirs", 5, heatNumber="N050", certificateId=theirs["certificateId"])])

    describe_certificates(ctx, Principal(tenant.company_id, tenant.user_id, tenant.name))

    described = {heat: body(api, "GET", f"certificates/{ids[heat]}") for heat in ids}
    # numbered in heat order; the mill and EN 10204 type follow the heat's first letter
    assert {heat: (c["certificateNumber"], c["en10204Type"], c["manufacturer"], c["heatNumbers"]) for heat, c in described.items()} == {
        "N100": ("MTC-2026-0001", "3.1", "Nordhafen Plate Works", ["N100"]),
        "T500": ("MTC-2026-0002", "3.1", "Tees Valley Sections", ["T500"]),
        "V900": ("MTC-2026-0003", "3.2", "Valle Stura Acciai", ["V900"]),
    }
    untouched = body(other_api, "GET", f"certificates/{theirs['certificateId']}")
    assert untouched["certificateNumber"] is None and untouched["manufacturer"] is None
