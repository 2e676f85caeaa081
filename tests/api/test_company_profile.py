"""Issue 14.6 (data): the letterhead and the declaration signatory of a company's packs, set through
``PUT companies/{companyId}/profile`` and ``set-company-profile``, and what the pack's cover makes of them."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from shared.cli.app import main as cli
from shared.context import AppContext
from shared.representation import parse_timestamp
from tests.reservation_support import Stock, order_with_lines, reserved
from tests.support import Api, Tenant


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 63, 110)).save(buffer, format="PNG")
    return buffer.getvalue()


def put_profile(api: Api, body: dict[str, Any], expect: int = 200) -> Any:
    response = api.client.put(f"/api/companies/{api.tenant.company_id}/profile", json=body, headers=api.tenant.headers)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()


def cover(api: Api, order_id: str) -> PdfReader:
    response = api.request("GET", f"/{order_id}/certificate-pack")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.data))


def test_the_profile_is_set_field_by_field_and_null_clears(api: Api, tenant: Tenant) -> None:
    body = {"letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane\nSheffield S1 1AA", "signatoryName": "Priya Shah",
            "signatoryRole": "Quality Manager", "logo": base64.b64encode(png()).decode()}
    before = datetime.now(UTC)
    stored = put_profile(api, body)
    logo = {"contentType": "image/png", "sha256": hashlib.sha256(png()).hexdigest(), "sizeBytes": len(png())}
    assert {**stored, "updatedAt": None} == {
        "companyId": tenant.company_id, "letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane\nSheffield S1 1AA",
        "logo": logo, "signatoryName": "Priya Shah", "signatoryRole": "Quality Manager", "updatedAt": None,
    }
    assert before <= parse_timestamp(stored["updatedAt"]) <= datetime.now(UTC)
    again = put_profile(api, {"signatoryRole": "Technical Director", "logo": None})
    assert {**again, "updatedAt": None} == {
        "companyId": tenant.company_id, "letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane\nSheffield S1 1AA",
        "logo": None, "signatoryName": "Priya Shah", "signatoryRole": "Technical Director", "updatedAt": None,
    }
    assert parse_timestamp(again["updatedAt"]) > parse_timestamp(stored["updatedAt"])
    cleared = put_profile(api, {"signatoryName": None, "address": None})
    assert {**cleared, "updatedAt": None} == {
        "companyId": tenant.company_id, "letterheadName": "Acme Steel Ltd", "address": None,
        "logo": None, "signatoryName": None, "signatoryRole": "Technical Director", "updatedAt": None,
    }


@pytest.mark.parametrize(("body", "detail", "errors"), [
    ({"logo": "not base64!"}, "The logo must be base64.", [{"field": "logo", "message": "not valid base64"}]),
    ({"logo": base64.b64encode(b"%PDF-1.4 not an image").decode()}, "The logo must be a PNG or JPEG image.",
     [{"field": "logo", "message": "not a PNG or JPEG (judged by content)"}]),
    ({"signatoryName": "x" * 101}, "The profile has invalid fields.",
     [{"field": "signatoryName", "message": "String should have at most 100 characters"}]),
    ({"colour": "red"}, "The profile has invalid fields.", [{"field": "colour", "message": "Extra inputs are not permitted"}]),
])
def test_a_bad_profile_is_400_naming_the_field(api: Api, tenant: Tenant, body: dict[str, Any], detail: str, errors: list[Any]) -> None:
    put_profile(api, {"letterheadName": "Acme Steel Ltd"})
    problem = put_profile(api, {"signatoryName": "Priya Shah", **body}, expect=400)
    assert (problem["status"], problem["detail"], problem["errors"]) == (400, detail, errors)
    unchanged = put_profile(api, {})
    assert (unchanged["letterheadName"], unchanged["signatoryName"], unchanged["logo"]) == ("Acme Steel Ltd", None, None)


def test_another_companys_key_gets_403(api: Api, other_api: Api) -> None:
    response = other_api.client.put(f"/api/companies/{api.tenant.company_id}/profile", json={"letterheadName": "x"},
                                    headers=other_api.tenant.headers)
    assert response.status_code == 403
    assert put_profile(api, {})["letterheadName"] is None
    assert put_profile(other_api, {})["letterheadName"] is None


def test_the_cli_sets_the_profile(ctx: AppContext, tenant: Tenant, tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "logo.png").write_bytes(png())
    capsys.readouterr()
    args = ["set-company-profile", "--company", tenant.company_id, "--letterhead-name", "Acme Steel Ltd", "--address",
            "1 Mill Lane\\nSheffield", "--logo", str(tmp_path / "logo.png"), "--signatory-name", "Priya Shah"]
    assert cli(args) == 0
    printed = json.loads(capsys.readouterr().out)
    logo = {"contentType": "image/png", "sha256": hashlib.sha256(png()).hexdigest(), "sizeBytes": len(png())}
    assert {**printed, "updatedAt": None} == {
        "companyId": tenant.company_id, "letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane\nSheffield",
        "logo": logo, "signatoryName": "Priya Shah", "signatoryRole": None, "updatedAt": None,
    }


def test_the_cover_carries_the_letterhead_and_signs_the_declaration_only_when_all_is_covered(
    ctx: AppContext, api: Api, tenant: Tenant, tmp_path: Path
) -> None:
    put_profile(api, {"letterheadName": "Acme Steel Ltd", "address": "1 Mill Lane\nSheffield S1 1AA", "signatoryName": "Priya Shah",
                      "signatoryRole": "Quality Manager", "logo": base64.b64encode(png()).decode()})
    stock = Stock(ctx, tenant.company_id, tmp_path / "stock")
    created = order_with_lines(api, ("4", "t", "S355J2+N"), ("6", "m", "S355JR"))
    reserved(api, created["lineItems"][0], stock.add("4", "t", "S355J2+N"), "4")
    page = cover(api, created["orderId"]).pages[0]
    text = page.extract_text()
    assert "Acme Steel Ltd" in text and "1 Mill Lane" in text and len(page.images) == 1
    assert "withheld: 1 line item not covered as ordered" in text and "Priya Shah" not in text
    reserved(api, created["lineItems"][1], stock.add("6", "m", "S355JR"), "6")
    text = cover(api, created["orderId"]).pages[0].extract_text()
    assert "conforms to the order" in text and "Signed: Priya Shah, Quality Manager" in text


def test_the_cli_takes_the_company_id_in_any_case_and_names_a_bad_or_unknown_one(tenant: Tenant, capsys: Any) -> None:
    capsys.readouterr()
    assert cli(["set-company-profile", "--company", tenant.company_id.upper(), "--letterhead-name", "Acme Steel Ltd"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["companyId"], printed["letterheadName"]) == (tenant.company_id, "Acme Steel Ltd")
    unknown = "6f1c1f0e-0000-4000-8000-000000000001"
    for company, error in (("acme", "'acme' is not a GUID."), (unknown.upper(), f"No company {unknown}.")):
        assert cli(["set-company-profile", "--company", company, "--letterhead-name", "X"]) == 1
        assert capsys.readouterr().err == f"error: {error}\n"


@pytest.mark.parametrize(("body", "detail", "errors"), [
    (["not", "an", "object"], "The body must be a JSON object.", []),
    ({"companyId": "6f1c1f0e-0000-4000-8000-000000000001"}, "companyId must be the company in the path.",
     [{"field": "companyId", "message": "must be the path's"}]),
    ({"logo": base64.b64encode(b"\0" * (1024 * 1024 + 1)).decode()}, "The logo is too large.",
     [{"field": "logo", "message": "larger than 1024 KiB"}]),
    ({"logo": base64.b64encode(b"\0" * 1024 * 1024).decode()}, "The logo must be a PNG or JPEG image.",
     [{"field": "logo", "message": "not a PNG or JPEG (judged by content)"}]),
])
def test_a_body_that_is_no_profile_of_this_company_is_an_exact_400(api: Api, body: Any, detail: str, errors: list[Any]) -> None:
    problem = put_profile(api, body, expect=400)
    assert (problem["detail"], problem.get("errors", [])) == (detail, errors)


def test_the_own_company_id_in_the_body_is_accepted_and_an_empty_body_changes_nothing(api: Api, tenant: Tenant) -> None:
    stored = put_profile(api, {"companyId": tenant.company_id.upper(), "address": "1 Mill Lane"})
    assert stored["address"] == "1 Mill Lane"
    assert put_profile(api, {}) == stored  # not even updatedAt
