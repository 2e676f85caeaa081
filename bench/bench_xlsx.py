"""XLSX export and re-upload of 20,000 orders + 100,000 line items through HTTP on devhost, against the CSV path in
the same run (goal: each within 3x; issue 18).

One devhost (``bench.served``) on a fresh database filled by uploading the generated CSV files (not timed). Then,
alternating ``RUNS`` times, timed from sending the request to reading the answer: ``GET export/zip`` (the CSV
files; its blob cache is dropped before each run so it renders) vs ``GET export/xlsx``, and the upload of the
exported CSV files vs the upload of the exported workbook (both must report everything unchanged). CPU time is the
devhost process tree's (the workbook reader's child process included), beside the wall time.
"""

from __future__ import annotations

import io
import shutil
import statistics
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.bench_import import FILES, LINES
from bench.bulk_data import ORDERS, fresh_context, timed, write_files
from bench.report import Figure
from bench.served import Server, devhost, ok_json, tree_cpu_seconds
from shared.bulk.exporting.downloads import EXPORTS_CONTAINER
from shared.services import admin

RUNS = 2
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run() -> list[str | Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        ctx, actor = fresh_context(folder, "xlsx")
        key = admin.create_api_key(ctx.db, actor.company_id, "Bench Planner")["apiKey"]
        with devhost(ctx.settings) as host, httpx.Client(base_url=f"{host.base}/api/companies/{actor.company_id}/orders",
                                                         headers={"Authorization": f"Bearer {key}"}, timeout=1800) as client:
            ok_json(client.post("/upload", files=[("file", (n, (folder / n).read_bytes(), "text/csv")) for n in FILES]))
            runs = [_round(client, host, folder / "xlsx-blobs" / EXPORTS_CONTAINER) for _ in range(RUNS)]
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0] if key.endswith(("seconds", "cpu"))}
    sizes = runs[0]["zip_bytes"], runs[0]["xlsx_bytes"]
    return [
        f"{ORDERS:,} orders + {LINES:,} lines, medians of {RUNS} runs, HTTP on devhost:",
        f"export CSV (ZIP, not cached): {med['zip_seconds']:.2f} s, cpu {med['zip_cpu']:.2f} s ({sizes[0] / 1e6:.1f} MB); "
        f"export XLSX: {med['xlsx_seconds']:.2f} s, cpu {med['xlsx_cpu']:.2f} s ({sizes[1] / 1e6:.1f} MB) "
        f"-> {med['xlsx_seconds'] / med['zip_seconds']:.2f}x wall, {med['xlsx_cpu'] / med['zip_cpu']:.2f}x cpu (goal <= 3x)",
        f"upload CSV (unchanged): {med['csv_up_seconds']:.2f} s, cpu {med['csv_up_cpu']:.2f} s; upload XLSX (unchanged): "
        f"{med['xlsx_up_seconds']:.2f} s, cpu {med['xlsx_up_cpu']:.2f} s -> {med['xlsx_up_seconds'] / med['csv_up_seconds']:.2f}x "
        f"wall, {med['xlsx_up_cpu'] / med['csv_up_cpu']:.2f}x cpu (goal <= 3x)",
        f"both re-uploads reported everything unchanged: {all(r['unchanged'] for r in runs)}",
        Figure("XLSX export vs CSV ZIP export, 20k + 100k, HTTP (wall)", med["xlsx_seconds"], med["zip_seconds"], goal=3, unit="s"),
        Figure("XLSX export vs CSV ZIP export (host CPU)", med["xlsx_cpu"], med["zip_cpu"], goal=3, unit="s"),
        Figure("XLSX upload vs CSV upload, unchanged, HTTP (wall)", med["xlsx_up_seconds"], med["csv_up_seconds"], goal=3, unit="s"),
        Figure("XLSX upload vs CSV upload (host CPU, reader child included)", med["xlsx_up_cpu"], med["csv_up_cpu"], goal=3,
               unit="s"),
        Figure("XLSX and CSV re-uploads report everything unchanged", 1 if all(r["unchanged"] for r in runs) else 0, goal=1,
               unit="(1 = yes)", at_least=True),
    ]


def _round(client: httpx.Client, host: Server, cache: Path) -> dict[str, Any]:
    shutil.rmtree(cache, ignore_errors=True)  # the ZIP is rendered, not served from the cache
    result: dict[str, Any] = {}

    def measured(key: str, work: Callable[[], Any]) -> Any:
        before = tree_cpu_seconds(host.pid)
        value, result[f"{key}_seconds"], _ = timed(work)
        result[f"{key}_cpu"] = tree_cpu_seconds(host.pid) - before
        return value

    zipped = measured("zip", lambda: client.get("/export/zip").raise_for_status().content)
    workbook = measured("xlsx", lambda: client.get("/export/xlsx").raise_for_status().content)
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    csv_up = measured("csv_up", lambda: ok_json(client.post("/upload", files=[("file", (n, c, "text/csv")) for n, c in members])))
    xlsx_up = measured("xlsx_up", lambda: ok_json(client.post("/upload", files=[("file", ("orders.xlsx", workbook, XLSX))])))
    unchanged = all(s[kind]["created"] == s[kind]["updated"] == 0 for s in (csv_up, xlsx_up) for kind in ("orders", "lineItems"))
    return {**result, "zip_bytes": len(zipped), "xlsx_bytes": len(workbook), "unchanged": unchanged}
