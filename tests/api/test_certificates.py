"""Certificates over the API: upload judged by content and stored once, metadata, search, attach, download."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from PIL import Image

from shared import context as app_context
from shared.certificate_pack.image_input import MAX_IMAGE_PIXELS
from shared.context import AppContext, build_context
from shared.repositories import certificate_list
from shared.services.certificate_files import CERTIFICATES_CONTAINER
from shared.services.paging import encode_cursor
from tests.locking_audit import audit
from tests.stock_support import body, call, real_pdf, rows_across_pages, rows_read, stock, upload_file
from tests.support import Api


@dataclass
class FixedClock:
    instant: datetime

    def now(self) -> datetime:
        return self.instant


def upload(api: Api, content: bytes, name: str = "mtc.pdf", query: str = "", expect: int = 201) -> Any:
    return body(api, "POST", f"certificates{query}", expect, data={"file": upload_file(content, name)})


def test_an_upload_with_metadata_is_listed_and_found_by_heat(api: Api) -> None:
    certificate = upload(api, real_pdf(marker="a"), "mtc-N41902.pdf",
                         "?certificateNumber=MTC-1&en10204Type=3.1&manufacturer=Dillinger&issuedOn=2026-02-12&heatNumbers=N41902,N41903")
    assert certificate["en10204Type"] == "3.1" and certificate["heatNumbers"] == ["N41902", "N41903"]
    assert certificate["contentType"] == "application/pdf" and certificate["issuedOn"] == "2026-02-12"
    upload(api, real_pdf(marker="b"), "other.pdf", "?en10204Type=2.2")
    assert [c["fileName"] for c in body(api, "GET", "certificates?heatNumber=n41903")] == ["mtc-N41902.pdf"]
    assert [c["fileName"] for c in body(api, "GET", "certificates?en10204Type=2.2,3.2")] == ["other.pdf"]
    assert [c["fileName"] for c in body(api, "GET", "certificates?search=dilling")] == ["mtc-N41902.pdf"]


def test_the_same_content_is_one_certificate(api: Api) -> None:
    content = real_pdf(marker="same")
    first = upload(api, content, "a.pdf")
    again = upload(api, content, "renamed.pdf", "?certificateNumber=X-1", expect=200)
    assert again["certificateId"] == first["certificateId"] and again["certificateNumber"] == "X-1"
    assert len(body(api, "GET", "certificates")) == 1


def test_a_file_is_judged_by_its_content_not_its_name(api: Api) -> None:
    cases = (
        (b"MZ not a pdf", "mtc.pdf", "is not a PDF, PNG or JPEG file (judged by its content)"),
        (b"%PDF-1.4\n%%EOF\n", "broken.pdf", "cannot be read as a certificate (damaged or not what its content claims)"),
        (real_pdf(pages=201), "huge.pdf", "cannot be used: the PDF has 201 pages (1 to 200 allowed)"),
    )
    for content, name, message in cases:
        problem = call(api, "POST", "certificates", 400, data={"file": upload_file(content, name)}).get_json()
        assert (problem["detail"], problem["errors"]) == (f"{name} {message}.", [{"file": name, "message": message}])
    assert body(api, "GET", "certificates") == []


def test_a_bad_en10204_type_is_400(api: Api) -> None:
    call(api, "POST", "certificates?en10204Type=3.3", 400, data={"file": upload_file(real_pdf(), "a.pdf")})
    certificate = upload(api, real_pdf())
    call(api, "PUT", f"certificates/{certificate['certificateId']}", 400, json={"en10204Type": "4.0"})


def test_update_sets_metadata_and_attaches_to_stock(api: Api) -> None:
    certificate = upload(api, real_pdf())
    rows = body(api, "POST", "inventory", 201, json=[stock("A"), stock("B")])
    updated = body(api, "PUT", f"certificates/{certificate['certificateId']}", json={
        **certificate, "manufacturer": "Tata Steel", "heatNumbers": ["H-1"], "inventoryIds": [rows[1]["inventoryId"]]})
    assert updated["manufacturer"] == "Tata Steel" and updated["heatNumbers"] == ["H-1"]
    assert updated["inventoryIds"] == [rows[1]["inventoryId"]]
    assert body(api, "GET", f"inventory/{rows[1]['inventoryId']}")["certificate"]["certificateId"] == certificate["certificateId"]
    assert body(api, "GET", "inventory?hasCertificate=1")[0]["name"] == "B"
    cleared = body(api, "PUT", f"certificates/{certificate['certificateId']}", json={"manufacturer": None})
    assert cleared["manufacturer"] is None and cleared["heatNumbers"] == ["H-1"]


def test_attaching_to_unknown_stock_is_404_and_changes_nothing(api: Api) -> None:
    certificate = upload(api, real_pdf())
    call(api, "PUT", f"certificates/{certificate['certificateId']}", 404,
         json={"manufacturer": "X", "inventoryIds": ["00000000-0000-4000-8000-000000000000"]})
    assert body(api, "GET", f"certificates/{certificate['certificateId']}")["manufacturer"] is None


def test_the_download_is_the_uploaded_file_with_an_etag(api: Api, ctx: AppContext) -> None:
    content = real_pdf(marker="download")
    certificate = upload(api, content, "mtc-N41902.pdf")
    response = call(api, "GET", f"certificates/{certificate['certificateId']}/content", 200)
    assert response.data == content and response.mimetype == "application/pdf"
    assert "mtc-N41902.pdf" in response.headers["Content-Disposition"]
    etag = response.headers["ETag"]
    assert call(api, "GET", f"certificates/{certificate['certificateId']}/content", 304, headers={"If-None-Match": etag}).data == b""


def test_stock_uploaded_with_a_certificate_can_be_described_afterwards(api: Api) -> None:
    sheet = b"Name,Quantity,HeatNumber,CertificateFile\nPlate,5,N41902,mtc.pdf\n"
    [stock_id] = body(api, "POST", "inventory/upload", 201,
                      data={"files": [upload_file(sheet, "s.csv"), upload_file(real_pdf(), "mtc.pdf")]})["inventoryIds"]
    [certificate] = body(api, "GET", "certificates")
    assert certificate["inventoryIds"] == [stock_id]


def test_the_list_pages_newest_first_with_a_link_header(api: Api) -> None:
    uploaded = [upload(api, real_pdf(marker=f"page-{n}"), f"c{n}.pdf")["certificateId"] for n in range(5)]
    seen = [c["certificateId"] for c in rows_across_pages(api, "certificates?limit=2")]
    assert seen == list(reversed(uploaded))


def test_the_manufacturer_filter_is_exact_and_ignores_case(api: Api) -> None:
    upload(api, real_pdf(marker="m1"), "dillinger.pdf", "?manufacturer=Dillinger")
    upload(api, real_pdf(marker="m2"), "dillinger-huette.pdf", "?manufacturer=Dillinger%20Huette")
    upload(api, real_pdf(marker="m3"), "none.pdf")
    assert [c["fileName"] for c in body(api, "GET", "certificates?manufacturer=DILLINGER")] == ["dillinger.pdf"]
    assert body(api, "GET", "certificates?manufacturer=Dilling") == []


def test_certificates_uploaded_at_the_same_instant_are_each_listed_once_across_pages(ctx: AppContext, api: Api) -> None:
    """Four app instances (each its own view of the database and clock) upload at the same instant: the cursor breaks
    the CreatedAt tie by id, so page boundaries between equal timestamps skip or repeat none."""
    instant = ctx.clock.now()
    uploaded = []
    for n in range(4):
        instance = build_context(ctx.settings, FixedClock(instant))
        audit(instance.db)
        app_context.use(instance)
        uploaded.append(upload(api, real_pdf(marker=f"tie-{n}"), f"t{n}.pdf")["certificateId"])
    app_context.use(ctx)
    assert len({c["createdAt"] for c in body(api, "GET", "certificates")}) == 1
    seen = [c["certificateId"] for c in rows_across_pages(api, "certificates?limit=1")]
    assert seen == sorted(uploaded)


def test_an_upload_can_attach_to_stock_rows_given_in_the_query(api: Api) -> None:
    rows = body(api, "POST", "inventory", 201, json=[stock("A"), stock("B")])
    ids = [row["inventoryId"] for row in rows]
    certificate = upload(api, real_pdf(marker="attach"), "mtc.pdf", f"?inventoryIds={ids[0]}&inventoryIds={ids[1]}")
    assert sorted(certificate["inventoryIds"]) == sorted(ids)
    call(api, "POST", "certificates?inventoryIds=not-a-guid", 400, data={"file": upload_file(real_pdf(marker="x"), "x.pdf")})


def test_the_download_etag_is_the_files_sha256_and_a_file_gone_from_storage_is_a_404_naming_it(api: Api, ctx: AppContext) -> None:
    content = real_pdf(marker="etag")
    certificate = upload(api, content, "mtc.pdf")
    response = call(api, "GET", f"certificates/{certificate['certificateId']}/content", 200)
    assert response.headers["ETag"] == f'"{hashlib.sha256(content).hexdigest()}"'
    for name in ctx.blobs.list(CERTIFICATES_CONTAINER):
        ctx.blobs.delete(CERTIFICATES_CONTAINER, name)
    problem = call(api, "GET", f"certificates/{certificate['certificateId']}/content", 404).get_json()
    assert problem["detail"] == f"The file of certificate {certificate['certificateId']} is missing from storage."


def test_a_cursor_that_names_no_moment_is_an_exact_400(api: Api) -> None:
    upload(api, real_pdf(marker="cursor"), "c.pdf")
    cursor = encode_cursor(["not a time", "6f1c1f0e-0000-4000-8000-000000000001"])
    problem = call(api, "GET", f"certificates?limit=1&cursor={cursor}", 400).get_json()
    assert (problem["detail"], problem["errors"]) == ("cursor is not valid; use the Link header of the previous page.",
                                                      [{"field": "cursor", "message": "invalid"}])


def test_a_page_reads_one_certificate_more_than_it_shows(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(4):
        upload(api, real_pdf(marker=f"read-{n}"), f"r{n}.pdf")
    read = rows_read(monkeypatch, certificate_list)
    assert len(rows_across_pages(api, "certificates?limit=2")) == 4
    assert read == [3, 2]  # limit + 1 (the last page has fewer), never the whole table


def test_a_file_name_longer_than_260_characters_keeps_its_last_260(api: Api) -> None:
    name = "x" * 100 + "y" * 196 + ".pdf"
    certificate = upload(api, real_pdf(marker="long-name"), name)
    assert certificate["fileName"] == name[-260:] == "x" * 60 + "y" * 196 + ".pdf"


def test_an_image_certificate_is_checked_as_an_image(api: Api) -> None:
    from tests.api.test_company_profile import png

    assert upload(api, png(), "scan.png")["contentType"] == "image/png"
    too_wide = io.BytesIO()
    Image.new("1", (MAX_IMAGE_PIXELS // 2 + 1, 2)).save(too_wide, format="PNG")
    problem = call(api, "POST", "certificates", 400, data={"file": upload_file(too_wide.getvalue(), "wide.png")}).get_json()
    message = f"cannot be used: the image is too large ({MAX_IMAGE_PIXELS // 2 + 1} × 2 pixels)"
    assert (problem["detail"], problem["errors"]) == (f"wide.png {message}.", [{"file": "wide.png", "message": message}])
