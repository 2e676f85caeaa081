"""Uploading XLSX workbooks (issue 18.1): HTTP and blob drop, the same rules, limits and report as CSV."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook

from shared.bulk.reading import workbook_upload
from shared.context import AppContext
from tests.api.test_blob_trigger import drop
from tests.bulk_support import change, post_upload, snapshot, summary
from tests.support import Api, Tenant

XLSX_NAME = "orders.xlsx"


def seeded(api: Api) -> list[Any]:
    return api.create([
        {"orderReference": "00123", "quantity": 12.5, "orderDate": "2026-06-04", "deliveryDate": "2026-06-20", "site": "=Hall 2",
         "status": "Draft",
         "lineItems": [{"productCode": "00457", "materialGrade": "1.4310", "quantity": 2.125, "unit": "t", "notes": "3E5"},
                       {"productCode": "1234567890123456", "description": "true", "quantity": 1000}]},
        {"orderReference": "SO-2", "orderDate": "2026-05-01", "status": "InProgress"},
    ])


def post(api: Api, content: bytes, name: str = XLSX_NAME, query: str = "") -> Any:
    return post_upload(api, [("file", name, content)], query)


def exported(api: Api) -> bytes:
    response = api.request("GET", "/export/xlsx")
    assert response.status_code == 200
    return response.data


def edited(content: bytes, sheet: str, cell: str, value: Any) -> bytes:
    book = load_workbook(io.BytesIO(content))
    book[sheet][cell].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_exported_workbook_uploaded_unchanged_changes_nothing(api: Api) -> None:
    seeded(api)
    before = snapshot(api)
    response = post(api, exported(api))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == summary(orders=(0, 0, 2), lines=(0, 0, 2))
    assert snapshot(api) == before


def test_an_edited_cell_applies_exactly_that_edit(api: Api) -> None:
    seeded(api)
    before = snapshot(api)
    content = edited(exported(api), "OrderLineItems", "H2", 2.5)  # the first line's quantity
    content = edited(content, "Orders", "G3", datetime(2026, 7, 1))  # SO-2 gets a delivery date
    response = post(api, content)
    assert response.status_code == 200, response.get_data(as_text=True)
    after = {item["orderReference"]: item for item in snapshot(api)}
    expected = {item["orderReference"]: item for item in before}
    line_id = expected["00123"]["lineItems"][0]["orderLineItemId"]
    assert response.get_json() == summary(orders=(0, 1, 1), lines=(0, 1, 1), changes=[
        change("orders.xlsx (sheet Orders)", 3, "DeliveryDate", None, "2026-07-01", expected["SO-2"]["orderId"]),
        change("orders.xlsx (sheet OrderLineItems)", 2, "Quantity", "2.125", "2.5", expected["00123"]["orderId"], line_id)])
    assert after["SO-2"]["deliveryDate"] == "2026-07-01"
    line = after["00123"]["lineItems"][0]
    assert Decimal(str(line["quantity"])) == Decimal("2.5")
    for name, item in expected.items():  # nothing else moved
        assert {k: v for k, v in after[name].items() if k not in ("deliveryDate", "updatedAt", "lineItems")} == \
               {k: v for k, v in item.items() if k not in ("deliveryDate", "updatedAt", "lineItems")}
    assert after["00123"]["lineItems"][1] == expected["00123"]["lineItems"][1]
    assert {k: v for k, v in line.items() if k not in ("quantity", "updatedAt")} == \
           {k: v for k, v in expected["00123"]["lineItems"][0].items() if k not in ("quantity", "updatedAt")}


def test_a_workbook_from_a_template_creates_orders_with_typed_cells(api: Api) -> None:
    book = load_workbook(io.BytesIO(api.request("GET", "/upload/templates?format=xlsx").data))
    book["Orders"].append([None, "00042", None, None, 3, datetime(2026, 12, 1), None, "Ostrava", "Draft"])
    book["OrderLineItems"].append([None, None, "00042", 1, "0815", "Sheet", "1.4310", 1.25, "t", None])
    out = io.BytesIO()
    book.save(out)
    response = post(api, out.getvalue(), query="validateOnly=true")
    assert response.get_json() == summary(orders=(1, 0, 0), lines=(1, 0, 0)) and snapshot(api) == []
    assert post(api, out.getvalue()).status_code == 200
    [created] = snapshot(api)
    assert (created["orderReference"], created["orderDate"], created["site"]) == ("00042", "2026-12-01", "Ostrava")
    assert (created["lineItems"][0]["productCode"], created["lineItems"][0]["materialGrade"]) == ("0815", "1.4310")


def test_bad_cells_are_reported_with_the_sheet_and_the_spreadsheet_row(api: Api) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["OrderReference", "OrderDate", "Status"])
    sheet.append(["SO-1", datetime(2026, 1, 2), "Draft"])
    sheet.append([])
    sheet.append(["SO-3", "not a date", "Draft"])
    out = io.BytesIO()
    book.save(out)
    response = post(api, out.getvalue())
    assert response.status_code == 400
    [error] = response.get_json()["errors"]
    assert error["file"] == "orders.xlsx (sheet Orders)" and error["row"] == 4 and error["column"] == "OrderDate"
    assert snapshot(api) == []


def test_ods_and_other_zips_are_refused_with_415(api: Api) -> None:
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    response = post(api, ods.getvalue(), name="orders.ods")
    assert response.status_code == 415
    assert response.get_json()["detail"] == ("orders.ods is an OpenDocument spreadsheet (ODS); save it as Excel (.xlsx) or "
                                             "CSV UTF-8.")
    not_a_workbook = ("orders.xlsx is a ZIP file but not an Excel workbook; upload CSV files, or an .xlsx workbook.")
    other = io.BytesIO()
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("orders.csv", "OrderReference\nx\n")
        archive.writestr("mimetype", b" " * 55 + b"application/vnd.oasis.opendocument.spreadsheet")  # beyond the 100 bytes read
    response = post(api, other.getvalue())
    assert response.status_code == 415 and response.get_json()["detail"] == not_a_workbook


def test_more_than_two_sheets_or_files_in_all_are_refused(api: Api) -> None:
    book = Workbook()
    book.active.append(["OrderReference"])
    book.create_sheet("Lines").append(["OrderReference", "LineNumber"])
    out = io.BytesIO()
    book.save(out)
    response = post_upload(api, [("file", XLSX_NAME, out.getvalue()), ("extra", "more.csv", b"OrderReference\r\nSO-1\r\n")])
    assert response.status_code == 400
    assert response.get_json()["detail"] == "Upload one orders and one line items sheet or file at most; got 3."
    assert snapshot(api) == []


def test_a_workbook_is_a_zip_and_the_zip_limits_apply(api: Api, monkeypatch: Any) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    monkeypatch.setattr(workbook_upload, "XLSX_EXPANSION", 0.1)  # a tenth of the 50 MiB upload limit: 5 MiB unpacked
    response = post(api, bomb.getvalue())
    assert response.status_code == 413 and "unpacks to more" in response.get_json()["detail"]
    with zipfile.ZipFile(io.BytesIO(bomb.getvalue())) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").compress_size < 64 * 1024
    crowded = io.BytesIO()
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(workbook_upload.MAX_MEMBERS):
            archive.writestr(f"xl/p{n}.xml", "")
    response = post(api, crowded.getvalue())
    assert response.status_code == 400 and "parts" in response.get_json()["detail"]


def test_a_dropped_workbook_is_imported_like_a_csv(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    seeded(api)
    content = edited(exported(api), "Orders", "H3", "Yard 7")
    report = drop(ctx, tenant.company_id, "monday/orders.xlsx", content)
    assert report["outcome"] == "imported"
    so2 = {item["orderReference"]: item["orderId"] for item in snapshot(api)}["SO-2"]
    assert report["summary"] == summary(orders=(0, 1, 1), lines=(0, 0, 2),
                                        changes=[change("orders.xlsx (sheet Orders)", 3, "Site", None, "Yard 7", so2)])
    assert {item["orderReference"]: item.get("site") for item in snapshot(api)}["SO-2"] == "Yard 7"


def test_rows_ending_early_and_a_wrong_declared_size_are_read_as_they_are(api: Api) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    sheet.append(["OrderReference", "OrderDate", "Status", "Site"])
    sheet.append(["SO-1", datetime(2026, 1, 2), "Draft"])  # no Site cell at all
    sheet.append(["SO-2", datetime(2026, 1, 3), "Draft", "Hall 1"])
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, zipfile.ZipFile(shrunk := io.BytesIO(), "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                # a writer that lies (openpyxl spells the element "<dimension .../>" or "<dimension ... />")
                data, lies = re.subn(rb'<dimension ref="A1:D3"\s*/>', b'<dimension ref="A1:B2"/>', data)
                assert lies == 1
            target.writestr(info, data)
    response = post(api, shrunk.getvalue())
    assert response.get_json() == summary(orders=(2, 0, 0))
    assert {item["orderReference"]: item.get("site") for item in snapshot(api)} == {"SO-1": None, "SO-2": "Hall 1"}
