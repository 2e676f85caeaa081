"""ZIP export of 20,000 orders + 100,000 line items over HTTP (goal: <= 1.5x a raw baseline), and the cached download.

The data goes in once, through the upload service (not timed); every measurement runs on its own copy of that
database. Timed, alternating, medians compared:
- ``GET …/orders/export/zip`` to ``python -m devhost`` on a loopback port, read to its last byte, on a cache miss:
  data version and hash, then orders.csv and order-line-items.csv rendered (paged reads, wire formatting, formula
  neutralising) into a ZIP, stored as a blob and sent. The worker has exported another company's (empty) orders
  first, as a warm worker has; the first export's own cost after a cold start is bench_import_time's;
- a raw baseline, in a fresh process: a plain ``sqlite3`` SELECT of the same columns (joined for customer name and
  order reference) written with ``csv.writer`` into the same kind of ZIP (deflate), no formatting, no paging,
  nothing stored, nothing sent;
- the cached download: the same request again, served from the stored blob.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import httpx

from bench.bulk_data import fresh_context, in_child, raw_connection, timed, write_files
from bench.report import Figure
from bench.served import cpu_seconds, devhost, warm_up_tenant
from shared.auth import Principal
from shared.bulk import import_service
from shared.bulk.reading.files import Limits, UploadedFile
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import build_context
from shared.services import admin

RUNS = 5
ORDERS_SQL = (
    "SELECT o.OrderId, o.OrderReference, r.Name, o.RelatedOrganisationId, o.Quantity, o.OrderDate, o.DeliveryDate, o.Site,"
    " o.Status, o.Active, o.CreatedAt, o.UpdatedAt, o.CustomerReference, o.DeliveryAddress FROM Orders o LEFT JOIN RelatedOrganisations r"
    " ON r.RelatedOrganisationId = o.RelatedOrganisationId WHERE o.CompanyId = ? AND o.Active = 1"
    " ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"
)
LINES_SQL = (
    "SELECT l.OrderLineItemId, l.OrderId, o.OrderReference, l.LineNumber, l.ProductCode, l.Description, l.MaterialGrade,"
    " l.Quantity, l.Unit, l.Notes, l.Active, l.CreatedAt, l.UpdatedAt FROM OrderLineItems l JOIN Orders o ON o.OrderId = l.OrderId"
    " WHERE l.CompanyId = ? AND l.Active = 1 AND o.Active = 1 ORDER BY o.OrderDate DESC, o.OrderReference, l.OrderId, l.LineNumber"
)


def run() -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        write_files(Path(tmp))
        in_child("bench.bench_export", "fill", tmp, "filled")
        results: dict[str, list[dict[str, Any]]] = {"baseline": [], "service": []}
        for attempt in range(RUNS):
            results["baseline"].append(in_child("bench.bench_export", "baseline", tmp, f"baseline-{attempt}"))
            results["service"].append(_http_export(Path(tmp), f"http-{attempt}"))
    (base, base_cpu), (ours, ours_cpu) = (
        (statistics.median(r["seconds"] for r in results[mode]), statistics.median(r["cpu"] for r in results[mode]))
        for mode in ("baseline", "service")
    )
    cached = statistics.median(r["cached_seconds"] for r in results["service"])
    sizes = results["service"][0]["bytes"], results["baseline"][0]["bytes"]
    return [
        f"raw sqlite3 SELECT + csv.writer + zip: {base:.2f} s (cpu {base_cpu:.2f} s), median of {RUNS} ({sizes[1] / 1e6:.1f} MB zip)",
        f"GET export/zip over HTTP, not cached:  {ours:.2f} s (host cpu {ours_cpu:.2f} s) -> {ours / base:.2f}x wall, "
        f"{ours_cpu / base_cpu:.2f}x cpu (goal <= 1.5x) ({sizes[0] / 1e6:.1f} MB zip)",
        f"GET export/zip over HTTP, served from the blob: {cached:.3f} s -> {base / cached:.0f}x faster than the baseline",
        Figure("ZIP export of 20,000 orders + 100,000 lines over HTTP (wall)", ours, base, goal=1.5, unit="s"),
        Figure("ZIP export over HTTP (host CPU vs baseline CPU)", ours_cpu, base_cpu, goal=1.5, unit="s"),
    ]


def _fill(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = fresh_context(folder, name)
    files = [UploadedFile(file, (folder / file).read_bytes()) for file in ("orders.csv", "order-line-items.csv")]
    import_service.import_files(ctx.db, actor, files, Limits(100 * 1024 * 1024, 200_000))
    with sqlite3.connect(ctx.settings.sqlite_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file, which is what gets copied
    return {"company_id": actor.company_id, "user_id": actor.user_id}


def _filled(folder: Path, name: str) -> tuple[Any, Principal]:
    shutil.copyfile(folder / "filled.sqlite3", folder / f"{name}.sqlite3")
    ids = json.loads((folder / "filled.json").read_text())
    settings = Settings(sqlite_path=folder / f"{name}.sqlite3", blob_local_root=folder / f"{name}-blobs")
    return build_context(settings, SystemClock()), Principal(ids["company_id"], ids["user_id"], "Bench Planner")


def _http_export(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = _filled(folder, name)
    key = admin.create_api_key(ctx.db, actor.company_id, "Bench reader")["apiKey"]
    warm_path, warm_headers = warm_up_tenant(ctx.db)
    with devhost(ctx.settings) as host:
        httpx.get(f"{host.base}{warm_path}/orders/export/zip", headers=warm_headers, timeout=60).raise_for_status()
        with httpx.Client(base_url=host.base, headers={"Authorization": f"Bearer {key}"}, timeout=600) as client:
            url = f"/api/companies/{actor.company_id}/orders/export/zip"
            cpu_before = cpu_seconds(host.pid)
            content, seconds, _ = timed(lambda: client.get(url).raise_for_status().content)
            cpu = cpu_seconds(host.pid) - cpu_before
            _, cached, _ = timed(lambda: client.get(url).raise_for_status().content)
    return {"seconds": seconds, "cpu": cpu, "cached_seconds": cached, "bytes": len(content)}


def _baseline(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = _filled(folder, name)
    conn = raw_connection(Path(ctx.settings.sqlite_path))
    content, seconds, cpu = timed(lambda: _raw_zip(conn, actor.company_id))
    return {"seconds": seconds, "cpu": cpu, "bytes": len(content)}


def _raw_zip(conn: Any, company_id: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, sql in (("orders.csv", ORDERS_SQL), ("order-line-items.csv", LINES_SQL)):
            with io.TextIOWrapper(archive.open(member, "w"), encoding="utf-8", newline="") as text:
                csv.writer(text).writerows(conn.execute(sql, (company_id,)))
    return buffer.getvalue()


if __name__ == "__main__":
    mode, folder, name = sys.argv[1:4]
    if mode == "fill":
        (Path(folder) / "filled.json").write_text(json.dumps(_fill(Path(folder), name)))
        print("{}")
    else:
        print(json.dumps(_baseline(Path(folder), name)))
