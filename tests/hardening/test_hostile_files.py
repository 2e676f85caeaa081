"""Hostile files through the upload and the blob trigger: a clear 4xx (or a rejected report), nothing written, and
time and memory bounded, measured in a child process (tests/child_process.py): peak RSS a small multiple of the
file, whatever its shape (issue 12 item 5)."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from typing import Any

import pytest

from shared import context as app_context
from shared.context import AppContext
from shared.http.problem_responses import problem_body
from tests.api.test_blob_trigger import ORDERS, drop
from tests.bulk_support import csv_file, post_upload, snapshot, upload
from tests.child_process import MIB, Measured, run_in_child
from tests.support import Api, Tenant, http_client, make_context, make_tenant


def upload_to_a_fresh_app(folder: str, name: str, content: bytes) -> dict[str, Any]:
    """In the child: a migrated app with one tenant; ``content`` goes up through devhost as a one-file multipart body."""
    ctx = make_context(Path(folder))
    app_context.use(ctx)
    api = Api(http_client(), make_tenant(ctx))
    response = post_upload(api, [("file", name, content)])
    body = response.get_json()
    with ctx.db.read() as tx:
        orders = tx.query("SELECT COUNT(*) AS n FROM Orders WHERE CompanyId = ?", (api.tenant.company_id,))[0]["n"]
    return {"status": response.status_code, "body": body, "orders": orders}


def measured_upload(content: bytes, name: str = "orders.csv") -> Measured[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        return run_in_child(upload_to_a_fresh_app, folder, name, content)


def small_multiple(measured: Measured[Any], content: bytes, factor: int = 4) -> bool:
    """Peak memory of the work within ``factor`` times the file, plus room for the app's own working set."""
    return measured.work_rss < factor * len(content) + 64 * MIB


def test_a_csv_with_a_10_mb_field_is_a_400_naming_the_line() -> None:
    content = b"OrderReference,Site\r\nSO-1,Leeds\r\nSO-2," + b"x" * (10 * 1024 * 1024) + b"\r\n"
    measured = measured_upload(content)
    assert measured.result["status"] == 400, measured.result
    assert measured.result["body"]["errors"][0]["line"] == 3
    assert measured.result["orders"] == 0
    assert small_multiple(measured, content) and measured.cpu_seconds < 20, measured


def test_a_million_row_csv_is_refused_with_413_in_bounded_memory() -> None:
    content = b"OrderReference\r\n" + b"".join(b"SO-%07d\r\n" % n for n in range(1_000_000))
    measured = measured_upload(content)
    assert measured.result["status"] == 413, measured.result
    assert measured.result["orders"] == 0
    assert small_multiple(measured, content) and measured.cpu_seconds < 30, measured


def test_a_48_mb_csv_of_50_million_empty_cells_is_read_in_a_small_multiple_of_its_size() -> None:
    width, rows = 3_125, 16_000  # 3,125 columns x 16,000 rows = 50 million cells, nearly all empty
    header = b"OrderReference" + b"," * (width - 1) + b"\r\n"
    content = header + b"".join(b"SO-%05d" % n + b"," * (width - 1) + b"\r\n" for n in range(rows))
    assert 48_000_000 < len(content) < 50 * MIB
    measured = measured_upload(content)
    assert measured.result["status"] == 200, measured.result
    assert measured.result["orders"] == rows
    assert small_multiple(measured, content, factor=3) and measured.cpu_seconds < 60, measured


def test_3000_unknown_columns_are_a_400_listing_them_in_bounded_memory() -> None:
    header = "OrderReference," + ",".join(f"Extra {n}" for n in range(2_999)) + "\r\n"
    content = header.encode() + b"".join(b"SO-%05d," % n + b"x," * 2_998 + b"x\r\n" for n in range(5_000))
    measured = measured_upload(content)
    assert measured.result["status"] == 400, measured.result
    assert measured.result["body"]["detail"].startswith("The upload has 2999 errors")
    assert small_multiple(measured, content, factor=3) and measured.cpu_seconds < 30, measured


@pytest.mark.parametrize("shape", ["one-line", "no-line-end", "quoted-newlines"])
def test_a_40_mb_row_is_a_400_naming_its_line_without_reading_it_whole(shape: str) -> None:
    row = {"one-line": b"SO-2" + b"," * (40 * MIB) + b"\r\n", "no-line-end": b"SO-2" + b";" * (40 * MIB),
           "quoted-newlines": b"SO-2" + b',"\n"' * (5 * MIB) + b"\r\n"}[shape]
    content = b"OrderReference,Site\r\nSO-1,Leeds\r\n" + row
    measured = measured_upload(content)
    assert measured.result["status"] == 400, measured.result
    assert measured.result["body"]["errors"][0]["line"] == 3 and "longer than" in measured.result["body"]["errors"][0]["message"]
    assert small_multiple(measured, content, factor=3) and measured.cpu_seconds < 30, measured


@pytest.mark.parametrize("column", ["OrderReference", "Site"])
def test_a_cell_holding_a_lone_surrogate_is_a_400_naming_its_row_and_column(api: Api, column: str) -> None:
    cells = {"OrderReference": b"SO-\xed\xa0\x80,York", "Site": b"SO-2,York \xed\xb0\x80"}[column]
    response = post_upload(api, [("file", "orders.csv", "OrderReference,Site\r\nSO-1,Zürich\r\n".encode() + cells + b"\r\n")])
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    [error] = response.get_json()["errors"]
    assert (error["file"], error["row"], error["column"]) == ("orders.csv", 3, column)
    assert "surrogate" in error["message"]
    assert snapshot(api) == []


def test_a_header_holding_a_lone_surrogate_is_a_400_with_a_readable_body(api: Api) -> None:
    response = post_upload(api, [("file", "orders.csv", b"OrderReference,Site\xed\xa0\x80\r\nSO-1,York\r\n")])
    assert response.status_code == 400
    problem = json.loads(response.get_data())  # valid JSON (the surrogate escaped), not a 500 while encoding it
    assert problem["errors"] == [{"file": "orders.csv", "row": 1, "column": "Site\ufffd", "message": (
        "unknown column 'Site\ufffd' in an orders file (a line items file is one with a LineNumber or OrderLineItemId column)")}]
    assert snapshot(api) == []


UTF16 = ("is UTF-16 text (what Excel saves as 'Unicode Text'), not a CSV file in UTF-8. Save it as 'CSV UTF-8 (Comma "
         "delimited)' in Excel, or as 'Text CSV' with character set 'Unicode (UTF-8)' in LibreOffice, and upload it again.")


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (bytes(range(256)) * 64, {"message": "is neither UTF-8 nor Windows-1252 text; save it as 'CSV UTF-8'."}),
        (b"OrderReference\r\nSO-\x001\r\n",
         {"row": 2, "column": "OrderReference", "message": "must not contain control characters (got 'SO-\x001')"}),
        (b"\xff\xfe" + "OrderReference\r\nSO-1\r\n".encode("utf-16-le"), {"row": 1, "message": UTF16}),
        (b'OrderReference\r\n"SO-1\r\n', {"line": 2, "message": "is not valid CSV from line 2: unexpected end of data."}),
        (b"OrderReference,OrderReference\r\nSO-1,SO-2\r\n",
         {"row": 1, "column": "OrderReference", "message": "column 'OrderReference' appears more than once"}),
        (b"OrderReference\r\n=HYPERLINK(\"http://x\")\x07\r\n",
         {"row": 2, "column": "OrderReference", "message": "must not contain control characters (got '=HYPERLINK(\"http://x\")\x07')"}),
    ],
    ids=["binary", "nul", "utf16", "unterminated-quote", "duplicate-column", "control-char"],
)
def test_undecodable_or_malformed_csv_is_a_400_and_writes_nothing(api: Api, content: bytes, error: dict[str, Any]) -> None:
    response = post_upload(api, [("file", "orders.csv", content)])
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "The upload has 1 error; nothing was imported."
    assert response.get_json()["errors"] == [{"file": "orders.csv", **error}]
    assert snapshot(api) == []


def bomb(size: int) -> bytes:
    """A ZIP whose one CSV inflates to ``size`` bytes of a repeated row (about 1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive, archive.open("orders.csv", "w") as member:
        member.write(b"OrderReference\r\n")
        chunk = b"SO-1\r\n" * (1024 * 1024 // 6)
        for _ in range(size // len(chunk)):
            member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_dropped_in_storage_is_rejected_in_bounded_time_and_memory() -> None:
    from tests.hardening.test_hostile_zips import drop_into_a_fresh_app

    data = bomb(400 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024
    with tempfile.TemporaryDirectory() as folder:
        measured = run_in_child(drop_into_a_fresh_app, folder, "bomb.zip", data)
    report = measured.result["report"]
    assert report["outcome"] == "rejected" and report["problem"]["status"] == 413
    assert report["problem"]["title"] == problem_body(413, "", "")["title"]  # the title an HTTP 413 has
    assert measured.result["orders"] == 0 and measured.result["archived"]
    assert measured.work_rss < 150 * MIB and measured.cpu_seconds < 30, measured


NOT_AT_TOP_LEVEL = "paths.zip may hold only CSV files at its top level, not '{}'."
PATH_MEMBERS = {  # member name -> the report's detail
    "../orders.csv": NOT_AT_TOP_LEVEL, "/etc/orders.csv": NOT_AT_TOP_LEVEL, "C:/temp/orders.csv": NOT_AT_TOP_LEVEL,
    "a/../../orders.csv": NOT_AT_TOP_LEVEL,
    "..\\..\\orders.csv": "paths.zip must hold one or two CSV files; it holds 0 files.",  # a dotfile by name: ignored
}


@pytest.mark.parametrize("member", sorted(PATH_MEMBERS))
def test_zip_members_with_paths_are_rejected_and_nothing_is_written_anywhere(
    ctx: AppContext, api: Api, tenant: Tenant, tmp_path, member: str
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, ORDERS)
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    report = drop(ctx, tenant.company_id, "paths.zip", buffer.getvalue())
    assert report["outcome"] == "rejected"
    assert (report["problem"]["status"], report["problem"]["detail"]) == (400, PATH_MEMBERS[member].format(member))
    assert snapshot(api) == []
    after = {path.relative_to(tmp_path) for path in tmp_path.rglob("*")} - set(before)
    assert all(path.parts[0] == "blobs" or path.name.startswith("orders.sqlite3") for path in after), after
    assert not any(path.name == "orders.csv" for path in after)
    assert not (tmp_path.parent / "orders.csv").exists() and not Path("/etc/orders.csv").exists()


def test_concurrent_uploads_of_overlapping_files_never_duplicate_a_reference(api: Api) -> None:
    files = [csv_file([["OrderReference", "Site"], *[[f"SO-{n}", f"Site {k}"] for n in range(k, k + 30)]]) for k in (0, 10, 20, 0)]
    barrier = Barrier(len(files))

    def send(content: bytes) -> int:
        barrier.wait()
        return post_upload(api, [("file", "orders.csv", content)]).status_code

    with ThreadPoolExecutor(len(files)) as pool:
        statuses = list(pool.map(send, files))
    assert statuses == [200] * len(files)
    references = [item["orderReference"] for item in api.request("GET").get_json()]
    assert sorted(references) == sorted({f"SO-{n}" for n in range(50)})
    assert all(upload(api, content)["orders"]["created"] == 0 for content in files)
