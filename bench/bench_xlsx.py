"""XLSX export and re-upload of 20,000 orders + 100,000 line items through HTTP on devhost, against the CSV path in
the same run (goal: each within 3x; issue 18).

One devhost (``bench_import``'s) on a fresh database filled by uploading the generated CSV files (not timed). Then,
alternating ``RUNS`` times, timed from sending the request to reading the answer: ``GET export/zip`` (the CSV
files; its blob cache is dropped before each run so it renders) vs ``GET export/xlsx``, and the upload of the
exported CSV files vs the upload of the exported workbook (both must report everything unchanged).
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import httpx

from bench.bench_import import FILES, LINES, _devhost, _json
from bench.bulk_data import ORDERS, fresh_context, timed, write_files
from shared.bulk.exporting.downloads import EXPORTS_CONTAINER
from shared.services import admin

RUNS = 2
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        ctx, actor = fresh_context(folder, "xlsx")
        key = admin.create_api_key(ctx.db, actor.company_id, "Bench Planner")["apiKey"]
        with _devhost(folder, "xlsx") as host, httpx.Client(base_url=f"{host.url}/api/companies/{actor.company_id}/orders",
                                                            headers={"Authorization": f"Bearer {key}"}, timeout=1800) as client:
            _json(client.post("/upload", files=[("file", (n, (folder / n).read_bytes(), "text/csv")) for n in FILES]))
            runs = [_round(client, folder / "xlsx-blobs" / EXPORTS_CONTAINER) for _ in range(RUNS)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key.endswith("seconds")}
    sizes = runs[0]["zip_bytes"], runs[0]["xlsx_bytes"]
    return [
        f"{ORDERS:,} orders + {LINES:,} lines, medians of {RUNS} runs, HTTP on devhost:",
        f"export CSV (ZIP, not cached): {med['zip_seconds']:.2f} s ({sizes[0] / 1e6:.1f} MB); "
        f"export XLSX: {med['xlsx_seconds']:.2f} s ({sizes[1] / 1e6:.1f} MB) "
        f"-> {med['xlsx_seconds'] / med['zip_seconds']:.2f}x (goal <= 3x)",
        f"upload CSV (unchanged): {med['csv_up_seconds']:.2f} s; upload XLSX (unchanged): {med['xlsx_up_seconds']:.2f} s "
        f"-> {med['xlsx_up_seconds'] / med['csv_up_seconds']:.2f}x (goal <= 3x)",
        f"both re-uploads reported everything unchanged: {all(r['unchanged'] for r in runs)}",
    ]


def _round(client: httpx.Client, cache: Path) -> dict[str, Any]:
    shutil.rmtree(cache, ignore_errors=True)  # the ZIP is rendered, not served from the cache
    zipped, zip_seconds, _ = timed(lambda: client.get("/export/zip").raise_for_status().content)
    workbook, xlsx_seconds, _ = timed(lambda: client.get("/export/xlsx").raise_for_status().content)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    csv_up, csv_up_seconds, _ = timed(lambda: _json(client.post("/upload", files=[("file", (n, c, "text/csv")) for n, c in members])))
    xlsx_up, xlsx_up_seconds, _ = timed(lambda: _json(client.post("/upload", files=[("file", ("orders.xlsx", workbook, XLSX))])))
    unchanged = all(s[kind]["created"] == s[kind]["updated"] == 0 for s in (csv_up, xlsx_up) for kind in ("orders", "lineItems"))
    return {"zip_seconds": zip_seconds, "xlsx_seconds": xlsx_seconds, "csv_up_seconds": csv_up_seconds,
            "xlsx_up_seconds": xlsx_up_seconds, "zip_bytes": len(zipped), "xlsx_bytes": len(workbook), "unchanged": unchanged}
