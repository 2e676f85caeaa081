"""GET /orders/{orderId}/certificate-pack: cover + certificates, cached by content hash."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from shared.cli.app import main as cli
from shared.context import AppContext
from shared.services.certificate_files import CERTIFICATES_CONTAINER
from shared.services.certificate_packs import CERTIFICATE_PACKS_CONTAINER
from tests.support import Api, make_organisation, order


def pdf_with_pages(count: int) -> bytes:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def import_stock(tmp_path: Path, company_id: str, rows: list[tuple[str, str, str, bytes | None]], capsys: Any) -> list[str]:
    """(name, quantity, heat, certificate bytes or None) -> inventory ids, through the import-inventory CLI."""
    folder = tmp_path / "certs"
    folder.mkdir(exist_ok=True)
    lines = ["Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile"]
    for name, quantity, heat, content in rows:
        file_name = ""
        if content is not None:
            file_name = f"MTC-{heat}.pdf"
            (folder / file_name).write_bytes(content)
        lines.append(f"{name},{quantity},t,{heat},S355J2,{file_name}")
    csv_file = tmp_path / "stock.csv"
    csv_file.write_text("\n".join(lines), encoding="utf-8")
    capsys.readouterr()
    assert cli(["import-inventory", "--company", company_id, str(csv_file), "--certificates", str(folder)]) == 0
    import json

    return list(json.loads(capsys.readouterr().out)["inventoryIds"])


def reserve(api: Api, order_id: str, line_id: str, inventory_id: str, quantity: str) -> None:
    response = api.request(
        "POST", f"/{order_id}/line-items/{line_id}/reservations",
        query_string={"inventoryId": inventory_id, "reserveQuantity": quantity, "split": "0"},
    )
    assert response.status_code == 201, response.get_data(as_text=True)


@pytest.fixture
def dispatched(ctx: AppContext, api: Api, tmp_path: Path, capsys: Any) -> dict[str, Any]:
    """An order with 3 lines: line 1 has two stock rows sharing one 2-page certificate and one with a 1-page
    certificate, line 2 has stock without a certificate, line 3 has nothing reserved."""
    org = make_organisation(ctx, api.tenant, "Hallam Fabrication")
    body = order("SO-PACK-1", lines=3, relatedOrganisationId=org)
    body["lineItems"][0]["quantity"], body["lineItems"][1]["quantity"] = 6.5, 4  # what is reserved below
    [created] = api.create([body])
    shared_cert = pdf_with_pages(2)
    stock = import_stock(tmp_path, api.tenant.company_id, [
        ("Plate A", "2", "HX1001", shared_cert), ("Plate B", "3", "HX1001", shared_cert),
        ("Plate C", "1.5", "HX2002", pdf_with_pages(1)), ("Sheet D", "4", "HX3003", None),
    ], capsys)
    lines = created["lineItems"]
    for inventory_id, quantity in zip(stock[:3], ("2", "3", "1.5"), strict=True):
        reserve(api, created["orderId"], lines[0]["orderLineItemId"], inventory_id, quantity)
    reserve(api, created["orderId"], lines[1]["orderLineItemId"], stock[3], "4")
    return {"order": created, "stock": stock}


def get_pack(api: Api, order_id: str, **headers: str) -> Any:
    return api.request("GET", f"/{order_id}/certificate-pack", headers=headers)


def cover_text(reader: PdfReader, cover_pages: int) -> str:
    return "\n".join(reader.pages[index].extract_text() for index in range(cover_pages))


def test_the_pack_has_a_cover_then_each_distinct_certificate_once(api: Api, dispatched: dict[str, Any]) -> None:
    response = get_pack(api, dispatched["order"]["orderId"])
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="certificate-pack-SO-PACK-1.pdf"' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    outline = [str(item.title) for item in reader.outline if not isinstance(item, list)]
    cover_pages = 1  # the cover of this small order fits one page
    assert len(reader.pages) == cover_pages + 3  # certificates: one of 2 pages (shared by two rows), one of 1 page
    assert len(outline) == 3 and outline[0].lower().startswith("cover")
    assert "HX1001" in outline[1] and "HX2002" in outline[2]
    text = cover_text(reader, cover_pages)
    for expected in ("SO-PACK-1", "Hallam Fabrication", "HX1001", "HX2002", "HX3003", "NO CERTIFICATE", "NO STOCK RESERVED"):
        assert expected in text, expected
    assert reader.metadata is not None and "SO-PACK-1" in str(reader.metadata.title)


def test_a_second_request_is_served_from_storage_and_if_none_match_gives_304(ctx: AppContext, api: Api, dispatched: dict[str, Any]) -> None:
    order_id = dispatched["order"]["orderId"]
    first = get_pack(api, order_id)
    etag = first.headers["ETag"]
    [stored] = ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER, f"{api.tenant.company_id}/{order_id}/")
    assert stored.endswith(etag.strip('"') + ".pdf")
    ctx.blobs.put(CERTIFICATE_PACKS_CONTAINER, stored, b"%PDF-stored-copy")  # a render would not produce this
    second = get_pack(api, order_id)
    assert second.data == b"%PDF-stored-copy" and second.headers["ETag"] == etag
    not_modified = get_pack(api, order_id, **{"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.data == b""


def test_changes_to_reservations_lines_or_certificate_files_change_the_hash(ctx: AppContext, api: Api, dispatched: dict[str, Any]) -> None:
    order = dispatched["order"]
    seen = {get_pack(api, order["orderId"]).headers["ETag"]}
    line = order["lineItems"][0]
    response = api.request("DELETE", f"/{order['orderId']}/line-items/{line['orderLineItemId']}/reservations/{dispatched['stock'][2]}")
    assert response.status_code == 200
    seen.add(get_pack(api, order["orderId"]).headers["ETag"])
    current = api.get(order["orderId"])
    current["lineItems"][2]["description"] = "Plate 25mm"
    api.update([current])
    seen.add(get_pack(api, order["orderId"]).headers["ETag"])
    with ctx.db.read() as tx:
        blob_name = tx.scalar(
            "SELECT BlobName FROM Certificates WHERE CompanyId = ? AND FileName = ?", (api.tenant.company_id, "MTC-HX1001.pdf")
        )
    ctx.blobs.delete(CERTIFICATES_CONTAINER, blob_name)
    last = get_pack(api, order["orderId"])
    seen.add(last.headers["ETag"])
    assert len(seen) == 4
    reader = PdfReader(io.BytesIO(last.data))
    assert "unreadable" in reader.pages[0].extract_text().lower()


def test_a_certificate_file_replaced_in_storage_changes_the_etag_and_the_pack(
    ctx: AppContext, api: Api, dispatched: dict[str, Any]
) -> None:
    """Same certificate row, same name, new content (what replacing a certificate's file does): a new pack."""
    order_id, company_id = dispatched["order"]["orderId"], api.tenant.company_id
    first = get_pack(api, order_id)
    replacement = pdf_with_pages(3)
    digest = hashlib.sha256(replacement).hexdigest()
    ctx.blobs.put(CERTIFICATES_CONTAINER, f"{company_id}/{digest}.pdf", replacement, content_type="application/pdf")
    with ctx.db.write() as tx:
        changed = tx.execute(
            "UPDATE Certificates SET Sha256 = ?, BlobName = ?, SizeBytes = ? WHERE CompanyId = ? AND FileName = ?",
            (digest, f"{company_id}/{digest}.pdf", len(replacement), company_id, "MTC-HX2002.pdf"),
        )
        tx.commit()
    assert changed == 1
    second = get_pack(api, order_id)
    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert len(PdfReader(io.BytesIO(second.data)).pages) == len(PdfReader(io.BytesIO(first.data)).pages) + 2
    assert get_pack(api, order_id, **{"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_a_corrupt_certificate_is_flagged_on_the_cover_and_the_pack_is_still_produced(
    api: Api, tmp_path: Path, capsys: Any
) -> None:
    [created] = api.create([order("SO-CORRUPT", lines=1)])
    [stock] = import_stock(tmp_path, api.tenant.company_id, [("Bar", "1", "HXBAD", b"%PDF-1.7\n1 0 obj garbage")], capsys)
    reserve(api, created["orderId"], created["lineItems"][0]["orderLineItemId"], stock, "1")
    response = get_pack(api, created["orderId"])
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert "unreadable" in reader.pages[0].extract_text().lower()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    hits: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], hits
    server.shutdown()


def test_markup_in_user_text_is_printed_literally_and_fetches_nothing(ctx: AppContext, api: Api, listener: Any) -> None:
    port, hits = listener
    name = f'<img src="http://127.0.0.1:{port}/x"><link rel="stylesheet" href="file:///etc/passwd">'
    org = make_organisation(ctx, api.tenant, name)
    [created] = api.create([order("SO-<b>X</b>", site=f"<style>@import url(http://127.0.0.1:{port}/y)</style>", relatedOrganisationId=org)])
    response = get_pack(api, created["orderId"])
    assert response.status_code == 200
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "<img src=" in text and "SO-<b>X</b>" in text
    assert hits == []
    assert PdfReader(io.BytesIO(response.data)).attachments == {}


def test_another_company_or_a_deleted_order_is_404(api: Api, other_api: Api) -> None:
    [theirs] = other_api.create([order()])
    assert get_pack(api, theirs["orderId"]).status_code == 404
    [mine] = api.create([order()])
    api.request("DELETE", json=[mine["orderId"]])
    assert get_pack(api, mine["orderId"]).status_code == 404


class BrokenStore:
    """A blob store that cannot be reached."""

    def __getattr__(self, name: str) -> Any:
        def fail(*args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("storage unreachable")

        return fail


def test_a_storage_failure_is_a_clean_503_and_stores_nothing(ctx: AppContext, api: Api, dispatched: dict[str, Any]) -> None:
    from dataclasses import replace

    from shared import context as app_context

    app_context.use(replace(ctx, blobs=BrokenStore()))  # type: ignore[arg-type]
    try:
        response = get_pack(api, dispatched["order"]["orderId"])
    finally:
        app_context.use(ctx)
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "unreachable" not in response.get_data(as_text=True)
    assert ctx.blobs.list(CERTIFICATE_PACKS_CONTAINER) == []


class FlakyCertificateReads:
    """The real store, except that reading a certificate file fails while ``failing`` is set."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.failing = True

    def get(self, container: str, name: str) -> bytes:
        if container == CERTIFICATES_CONTAINER and self.failing:
            raise TimeoutError("read timed out")
        return bytes(self.store.get(container, name))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def test_a_certificate_that_cannot_be_read_for_now_is_a_503_and_the_next_request_includes_it(
    ctx: AppContext, api: Api, dispatched: dict[str, Any]
) -> None:
    from dataclasses import replace

    from shared import context as app_context

    flaky = FlakyCertificateReads(ctx.blobs)
    app_context.use(replace(ctx, blobs=flaky))  # type: ignore[arg-type]
    try:
        failed = get_pack(api, dispatched["order"]["orderId"])
        flaky.failing = False
        served = get_pack(api, dispatched["order"]["orderId"])
    finally:
        app_context.use(ctx)
    assert failed.status_code == 503 and failed.headers["Retry-After"]
    assert served.status_code == 200
    reader = PdfReader(io.BytesIO(served.data))
    assert len(reader.pages) == 4 and "unreadable" not in cover_text(reader, 1).lower()
