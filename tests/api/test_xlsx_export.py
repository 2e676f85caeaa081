"""GET .../orders/export/xlsx and .../orders/upload/templates?format=xlsx (issue 18): typed workbooks."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import load_workbook

from shared.context import AppContext
from tests.api.test_export import LINE_1, LINE_2, LINES_HEADER, ORDER_A, ORDER_B, ORDERS_HEADER, fixture_orders
from tests.support import Api, Tenant

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_ONLY = ("Active", "CreatedAt", "UpdatedAt")


def template_headers(header: str) -> list[str]:
    return [name for name in header.split(",") if name not in READ_ONLY]


def workbook(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))  # full mode: cell types and styles are checked


def test_the_workbook_has_both_sheets_with_the_csv_columns_typed(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    organisation, a, _ = fixture_orders(ctx, api, tenant)
    response = api.request("GET", "/export/xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"].startswith('attachment; filename="orders.xlsx"')
    book = workbook(response.data)
    assert book.sheetnames == ["Orders", "OrderLineItems"]
    orders, lines = book["Orders"], book["OrderLineItems"]
    assert [cell.value for cell in orders[1]] == ORDERS_HEADER.split(",")
    assert [cell.value for cell in lines[1]] == LINES_HEADER.split(",")
    first = {cell.column_letter: cell for cell in orders[2]}
    assert first["A"].value == ORDER_A and first["A"].data_type == "s" and first["A"].number_format == "@"
    assert first["B"].value == "'=SUM(A1)" and first["B"].data_type == "s"  # guarded as in the CSV, never a formula
    assert first["C"].value == "Bridge, Fab & Co" and first["D"].value == organisation
    assert first["E"].value == 12.5 and first["E"].data_type == "n" and first["E"].number_format == "0.0000"
    assert first["F"].value == datetime(2026, 3, 1) and first["F"].is_date and first["F"].number_format == "yyyy-mm-dd"
    assert first["G"].value == datetime(2026, 3, 20)
    assert first["I"].value == "InProgress" and first["J"].value == "true" and first["K"].value == a["createdAt"]
    assert [cell.value for cell in orders[3]][:3] == [ORDER_B, "SO-2", None]
    line = {cell.column_letter: cell for cell in lines[2]}
    assert [line[c].value for c in "ABCDEFGHIJ"] == [LINE_1, ORDER_A, "'=SUM(A1)", 1, "'-5", "two\nlines", "S355", 1.5, "t", "'@home"]
    assert line["D"].data_type == "n" and line["H"].number_format == "0.0000"
    assert lines["A3"].value == LINE_2 and lines["H3"].value == 1000
    for sheet in (orders, lines):
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width >= 36  # a GUID fits


def test_text_that_looks_like_a_number_stays_text(api: Api) -> None:
    api.create([{"orderReference": "00123", "orderDate": "2026-06-04", "status": "Draft",
                 "lineItems": [{"productCode": "00457", "materialGrade": "1.4310", "quantity": 2.125, "notes": "3E5"}]}])
    book = workbook(api.request("GET", "/export/xlsx").data)
    assert book["Orders"]["B2"].value == "00123"
    assert [book["OrderLineItems"][f"{c}2"].value for c in "EGHJ"] == ["00457", "1.4310", 2.125, "3E5"]
    assert all(book["OrderLineItems"][f"{c}2"].data_type == "s" for c in "EGJ")


def test_an_empty_company_exports_the_header_rows(api: Api) -> None:
    book = workbook(api.request("GET", "/export/xlsx").data)
    assert [sheet.max_row for sheet in book.worksheets] == [1, 1]


def test_xlsx_templates_are_typed_header_rows_with_a_notes_sheet(api: Api) -> None:
    response = api.request("GET", "/upload/templates?format=xlsx")
    assert response.status_code == 200 and response.headers["Content-Type"] == XLSX
    assert response.headers["Content-Disposition"].startswith('attachment; filename="order-upload-templates.xlsx"')
    book = workbook(response.data)
    assert book.sheetnames == ["Orders", "OrderLineItems", "Notes"]
    assert [cell.value for cell in book["Orders"][1]] == template_headers(ORDERS_HEADER)
    assert [cell.value for cell in book["OrderLineItems"][1]] == template_headers(LINES_HEADER)
    assert book["Orders"].freeze_panes == "A2" and book["Orders"].max_row == 1
    assert "Dates" in " ".join(str(row[0].value) for row in book["Notes"].iter_rows())
    again = api.request("GET", "/upload/templates?format=xlsx", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert api.request("GET", "/upload/templates").headers["Content-Type"] == "application/zip"
    bad = api.request("GET", "/upload/templates?format=ods")
    assert bad.status_code == 400 and bad.get_json()["detail"] == "format must be zip or xlsx, not 'ods'."


def test_template_columns_are_typed_for_what_a_clerk_types(api: Api) -> None:
    import re
    import zipfile

    content = api.request("GET", "/upload/templates?format=xlsx").data
    book = workbook(content)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    styled: set[int] = set()  # a writer may give neighbouring columns of one width and format one <col min max> element
    for low, high in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]* style="[1-9]\d*"', sheet):
        styled.update(range(int(low), int(high) + 1))
    assert styled == set(range(1, len(template_headers(ORDERS_HEADER)) + 1))
    assert book["Orders"]["A1"].value == "OrderId"
