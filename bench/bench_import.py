"""Import of 20,000 orders + 100,000 line items through the upload service (goal: <= 2x a raw baseline, peak memory
<= 300 MB), against a raw ``sqlite3`` baseline of the same rows in the same run.

The baseline reads the same two CSV files with ``csv.reader`` and inserts their rows with ``executemany`` into the
same schema (fresh database each), in one transaction, with no checks at all. The service parses, validates every
cell, looks up what exists, plans the upsert and writes through the repositories, in one transaction. Each
measurement runs in a fresh process (so ``ru_maxrss`` is that run's peak), baseline and service alternating; the
medians are compared. A second service run re-uploads the same files into the filled database (all unchanged).
"""

from __future__ import annotations

import csv
import io
import json
import resource
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.bulk_data import fresh_context, in_child, raw_connection, timed, write_files
from shared.bulk import import_service
from shared.bulk.files import Limits, UploadedFile
from shared.db.values import sqlite_timestamp

RUNS = 5
LIMITS = Limits(max_bytes=100 * 1024 * 1024, max_rows=200_000)


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        results: dict[str, list[dict[str, Any]]] = {"baseline": [], "service": []}
        for attempt in range(RUNS):
            for mode in results:
                results[mode].append(in_child("bench.bench_import", mode, tmp, f"{mode}-{attempt}"))
    base, ours = (statistics.median(r["seconds"] for r in results[mode]) for mode in ("baseline", "service"))
    base_cpu, ours_cpu = (statistics.median(r["cpu"] for r in results[mode]) for mode in ("baseline", "service"))
    peak = max(r["peak_mb"] for r in results["service"])
    again = statistics.median(r["reupload_seconds"] for r in results["service"])
    return [
        f"raw sqlite3 csv.reader + executemany: {base:.2f} s (cpu {base_cpu:.2f} s), median of {RUNS}",
        f"upload service, fresh database:       {ours:.2f} s (cpu {ours_cpu:.2f} s) -> {ours / base:.2f}x wall, "
        f"{ours_cpu / base_cpu:.2f}x cpu (goal <= 2x)",
        f"peak memory of an import process (ru_maxrss): {peak:.0f} MB (goal <= 300 MB)",
        f"re-upload of the same files (all unchanged): {again:.2f} s",
        f"summary: {json.dumps(results['service'][0]['summary'])}",
    ]


def _files(folder: Path) -> list[UploadedFile]:
    return [UploadedFile(name, (folder / name).read_bytes()) for name in ("orders.csv", "order-line-items.csv")]


def _service(folder: Path, name: str) -> dict[str, Any]:
    ctx, actor = fresh_context(folder, name)
    summary, seconds, cpu = timed(lambda: import_service.import_files(ctx.db, actor, _files(folder), LIMITS))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _, again, _ = timed(lambda: import_service.import_files(ctx.db, actor, _files(folder), LIMITS))
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak, "summary": summary, "reupload_seconds": again}


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
        "INSERT INTO Orders (OrderId, CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status, Active,"
        " RelatedOrganisationId, CreatedAt, CreatedById, UpdatedAt, UpdatedById) VALUES (?,?,?,?,?,?,?,?,1,NULL,?,?,?,?)",
        ((r[0], company, r[1], r[4], r[5], r[6], r[7] or None, r[8], now, user, now, user) for r in _rows(folder / "orders.csv")),
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
    print(json.dumps((_service if mode == "service" else _baseline)(Path(folder), name)))
