"""Import of 20,000 orders + 100,000 line items through HTTP multipart on devhost (goal: <= 2x a raw baseline, peak
RSS of the host process <= 400 MB), against a raw ``sqlite3`` baseline of the same rows in the same run.

The path timed is the user's: ``python -m devhost`` serves on a loopback port in its own process, and the two CSV
files go up as one ``multipart/form-data`` request (encoded by httpx beforehand; the clock runs from sending the
request to reading the summary). The worker has served one small upload of another company before, as a warm worker
has (the baseline's process, too, has imported what it uses before its clock starts): the first upload's own cost
after a cold start is bench_import_time's "first upload request after import". The baseline reads the same two CSV
files with ``csv.reader`` and inserts their rows with ``executemany`` into the same schema (fresh database each), in
one transaction, with no checks at all.
Each measurement runs in a fresh process, baseline and HTTP import alternating; the medians are compared. The host's
peak RSS is its ``VmHWM`` after the import (imports and all). Then the ZIP export of the filled database is
downloaded and its two CSVs uploaded back the same way: everything must be reported unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
import sys
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bench.bulk_data import LINES_PER_ORDER, ORDERS, fresh_context, in_child, raw_connection, timed, write_files
from bench.first_request import small_upload
from bench.report import Figure
from bench.served import cpu_seconds, devhost, ok_json, peak_rss_mb, warm_up_tenant
from shared.db.values import sqlite_timestamp
from shared.order_references import reference_key
from shared.services import admin

RUNS = 3
LINES = ORDERS * LINES_PER_ORDER
FILES = ("orders.csv", "order-line-items.csv")


def run() -> list[str | Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        size = sum((folder / name).stat().st_size for name in FILES)
        baseline, http = [], []
        for attempt in range(RUNS):
            baseline.append(in_child("bench.bench_import", "baseline", tmp, f"baseline-{attempt}"))
            http.append(_http_import(folder, f"http-{attempt}"))
    base, ours = statistics.median(r["seconds"] for r in baseline), statistics.median(r["seconds"] for r in http)
    base_cpu, ours_cpu = statistics.median(r["cpu"] for r in baseline), statistics.median(r["cpu"] for r in http)
    unchanged = all(r["reupload"] == _all_unchanged() for r in http)
    peak = max(r["peak_mb"] for r in http)
    return [
        f"raw sqlite3 csv.reader + executemany: {base:.2f} s (cpu {base_cpu:.2f} s), median of {RUNS}",
        f"HTTP multipart upload on devhost ({size / 2**20:.1f} MiB, {ORDERS:,} orders + {LINES:,} lines): {ours:.2f} s "
        f"(host cpu {ours_cpu:.2f} s) -> {ours / base:.2f}x wall, {ours_cpu / base_cpu:.2f}x cpu (goal <= 2x)",
        f"peak RSS of the devhost process (VmHWM): {max(r['peak_mb'] for r in http):.0f} MB (goal <= 400 MB)",
        f"re-upload of the exported ZIP's two CSVs: {statistics.median(r['reupload_seconds'] for r in http):.2f} s, "
        f"everything unchanged: {'yes' if unchanged else 'NO: ' + json.dumps(http[0]['reupload'])}",
        f"first import summary: {json.dumps(http[0]['summary'])}",
        Figure("HTTP import 20k orders + 100k lines vs raw sqlite3 (wall)", ours, base, goal=2, unit="s"),
        Figure("HTTP import vs raw sqlite3 (host CPU vs baseline CPU)", ours_cpu, base_cpu, goal=2, unit="s"),
        Figure("HTTP import: devhost peak RSS", peak, goal=400, unit="MB"),
        Figure("re-upload of the export reports everything unchanged", 1 if unchanged else 0, goal=1, unit="(1 = yes)",
               at_least=True),
    ]


def _all_unchanged() -> dict[str, Any]:
    return {"orders": {"created": 0, "updated": 0, "unchanged": ORDERS},
            "lineItems": {"created": 0, "updated": 0, "unchanged": LINES}, "warnings": [], "changes": [], "changeCount": 0}


def _http_import(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = fresh_context(folder, name)  # migrated, with a company and a user
    key = admin.create_api_key(ctx.db, actor.company_id, "Bench Planner")["apiKey"]
    warm_path, warm_headers = warm_up_tenant(ctx.db)
    files = {file: (folder / file).read_bytes() for file in FILES}
    with devhost(ctx.settings) as host, httpx.Client(base_url=f"{host.base}/api/companies/{actor.company_id}/orders",
                                                     headers={"Authorization": f"Bearer {key}"}, timeout=600) as client:
        warm = small_upload("SO-WARM-1")
        httpx.post(f"{host.base}{warm_path}/orders/upload", content=warm.content, timeout=60,
                   headers={**warm_headers, "Content-Type": warm.headers["Content-Type"]}).raise_for_status()
        request = client.build_request("POST", "/upload", files=[("file", (n, content, "text/csv")) for n, content in files.items()])
        request.read()  # encoded before the clock starts
        cpu_before = cpu_seconds(host.pid)
        response, seconds, _ = timed(lambda: client.send(request))
        cpu, peak = cpu_seconds(host.pid) - cpu_before, peak_rss_mb(host.pid)
        summary = ok_json(response)
        exported = zipfile.ZipFile(io.BytesIO(client.get("/export/zip").raise_for_status().content))
        members = [(info.filename, exported.read(info)) for info in exported.infolist()]
        again, reupload_seconds, _ = timed(lambda: client.post("/upload", files=[("file", (n, c, "text/csv")) for n, c in members]))
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "summary": summary, "reupload": ok_json(again),
            "reupload_seconds": reupload_seconds}


def _baseline(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = fresh_context(folder, name)
    conn = raw_connection(Path(ctx.settings.sqlite_path))
    _, seconds, cpu = timed(lambda: _raw_insert(conn, folder, actor.company_id, actor.user_id))
    return {"seconds": seconds, "cpu": cpu}


def _rows(path: Path) -> Any:
    reader = csv.reader(io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8-sig", newline=""))
    next(reader)
    return reader


def _raw_insert(conn: Any, folder: Path, company: str, user: str) -> None:
    now = sqlite_timestamp(datetime.now(UTC))
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO Orders (OrderId, CompanyId, OrderReference, OrderReferenceKey, Quantity, OrderDate, DeliveryDate, Site,"
        " Status, Active, RelatedOrganisationId, CustomerReference, DeliveryAddress, CreatedAt, CreatedById, UpdatedAt,"
        " UpdatedById) VALUES (?,?,?,?,?,?,?,?,?,1,NULL,?,?,?,?,?,?)",
        ((r[0], company, r[1], reference_key(r[1]), r[4], r[5], r[6], r[7] or None, r[8], r[9] or None, r[10] or None, now, user,
          now, user)
         for r in _rows(folder / "orders.csv")),
    )
    conn.executemany(
        "INSERT INTO OrderLineItems (OrderLineItemId, OrderId, CompanyId, LineNumber, ProductCode, Description, MaterialGrade,"
        " Quantity, Unit, Notes, Active, CreatedAt, CreatedById, UpdatedAt, UpdatedById) VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?,?,?)",
        ((r[0], r[1], company, r[3], r[4], r[5], r[6], r[7], r[8], r[9] or None, now, user, now, user)
         for r in _rows(folder / "order-line-items.csv")),
    )
    conn.execute("COMMIT")


if __name__ == "__main__":
    mode, folder, name = sys.argv[1:4]
    print(json.dumps(_baseline(Path(folder), name)))
