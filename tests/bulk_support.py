"""Helpers for the CSV tests: building CSV files, uploading them, reading exports, and the state to compare."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from tests.support import Api

ORDER_HEADER = ["OrderId", "OrderReference", "CustomerName", "RelatedOrganisationId", "Quantity", "OrderDate", "DeliveryDate",
                "Site", "Status"]
LINE_HEADER = ["OrderLineItemId", "OrderId", "OrderReference", "LineNumber", "ProductCode", "Description", "MaterialGrade",
               "Quantity", "Unit", "Notes"]


def csv_file(rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bool = False, errors: str = "strict") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding, errors=errors)


def post_upload(api: Api, files: list[tuple[str, str, bytes]], query: str = "") -> TestResponse:
    """``files``: (form field, file name, content) of each part."""
    data = MultiDict([(field, (io.BytesIO(content), name)) for field, name, content in files])
    return api.request("POST", "/upload", data=data, content_type="multipart/form-data", query_string=query)


def upload(api: Api, *contents: bytes, query: str = "", expect: int = 200) -> Any:
    """Upload files named file1.csv, file2.csv, ... under fields file1, file2, ...; returns the JSON body."""
    parts = [(f"file{n}", f"file{n}.csv", content) for n, content in enumerate(contents, start=1)]
    response = post_upload(api, parts, query)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()


def export_zip(api: Api, headers: dict[str, str] | None = None, expect: int = 200) -> TestResponse:
    response = api.request("GET", "/export/zip", headers=headers or {})
    assert response.status_code == expect, response.get_data(as_text=True)
    return response


def zip_members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def snapshot(api: Api) -> list[dict[str, Any]]:
    """Every active order of the tenant with its line items, as the API returns them (sorted by id)."""
    listed = api.request("GET").get_json()
    return sorted((api.get(item["orderId"]) for item in listed), key=lambda item: item["orderId"])


def summary(orders: tuple[int, int, int] = (0, 0, 0), lines: tuple[int, int, int] = (0, 0, 0), warnings: list[str] | None = None,
            changes: list[dict[str, Any]] | None = None, change_count: int | None = None) -> Any:
    """The upload summary; ``changes`` the listed field changes (issue 18.2), counted unless ``change_count`` says."""
    def counts(values: tuple[int, int, int]) -> dict[str, int]:
        return dict(zip(("created", "updated", "unchanged"), values, strict=True))

    listed = changes or []
    return {"orders": counts(orders), "lineItems": counts(lines), "warnings": warnings or [], "changes": listed,
            "changeCount": len(listed) if change_count is None else change_count}


def change(file: str, row: int, column: str, old: str | None, new: str | None, order_id: str, line_id: str | None = None) -> dict[str, Any]:
    """One entry of the summary's ``changes``."""
    ids = {"orderId": order_id} | ({"orderLineItemId": line_id} if line_id else {})
    return {"file": file, "row": row, **ids, "column": column, "old": old, "new": new}
