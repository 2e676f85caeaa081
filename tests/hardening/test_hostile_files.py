"""Hostile files through the upload and the blob trigger: a clear 4xx (or a rejected report), bounded time and
memory, nothing written."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier

import pytest

from shared.context import AppContext
from tests.api.test_blob_trigger import ORDERS, drop
from tests.bulk_support import csv_file, post_upload, snapshot, upload
from tests.support import Api, Tenant


def test_a_csv_with_a_10_mb_field_is_a_400_naming_the_line(api: Api) -> None:
    content = b"OrderReference,Site\r\nSO-1,Leeds\r\nSO-2," + b"x" * (10 * 1024 * 1024) + b"\r\n"
    started = time.perf_counter()
    response = post_upload(api, [("file", "orders.csv", content)])
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert time.perf_counter() - started < 20
    assert snapshot(api) == []


def test_a_million_row_csv_is_refused_with_413_in_bounded_memory(api: Api) -> None:
    content = b"OrderReference\r\n" + b"".join(b"SO-%07d\r\n" % n for n in range(1_000_000))
    tracemalloc.start()
    try:
        response = post_upload(api, [("file", "orders.csv", content)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 413, response.get_data(as_text=True)[:300]
    assert peak < 250 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    assert snapshot(api) == []


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 64,
        b"OrderReference\r\nSO-\x001\r\n",
        b"\xff\xfe" + "OrderReference\r\nSO-1\r\n".encode("utf-16-le"),
        b'OrderReference\r\n"SO-1\r\n',
        b"OrderReference,OrderReference\r\nSO-1,SO-2\r\n",
        b"OrderReference\r\n=HYPERLINK(\"http://x\")\x07\r\n",
    ],
    ids=["binary", "nul", "utf16", "unterminated-quote", "duplicate-column", "control-char"],
)
def test_undecodable_or_malformed_csv_is_a_400_and_writes_nothing(api: Api, content: bytes) -> None:
    response = post_upload(api, [("file", "orders.csv", content)])
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
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


def test_a_zip_bomb_dropped_in_storage_is_rejected_in_bounded_time_and_memory(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    data = bomb(400 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = drop(ctx, tenant.company_id, "bomb.zip", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report["outcome"] == "rejected" and report["problem"]["status"] == 413
    assert time.perf_counter() - started < 30
    assert peak < 200 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    assert snapshot(api) == []


@pytest.mark.parametrize("member", ["../orders.csv", "/etc/orders.csv", "..\\..\\orders.csv", "C:/temp/orders.csv", "a/../../orders.csv"])
def test_zip_members_with_paths_are_rejected_and_nothing_is_written_anywhere(
    ctx: AppContext, api: Api, tenant: Tenant, tmp_path, member: str
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, ORDERS)
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    report = drop(ctx, tenant.company_id, "paths.zip", buffer.getvalue())
    if report["outcome"] == "imported":  # a backslash is an ordinary character in a ZIP name: still only the name is used
        assert "\\" in member
    else:
        assert report["problem"]["status"] == 400
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
