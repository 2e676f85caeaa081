"""Certificate pack through HTTP on devhost, the path users take.

1. An order with 20 one-page mill certificates: a fresh render (goal ≤ 3 s) against the same pack served from
   storage (goal: cached ≥ 20× faster).
2. Scaling: orders of 20, 1,000 and 5,000 lines, each line with one stock row, the rows sharing 20 certificates
   (many rows of one heat, as in a real yard). Goal: 1,000 lines ≤ 15 s and ≤ 400 MB peak, growing no worse
   than linearly. Peak memory is the devhost process's high-water mark (reset before each request) and, when
   the pack is rendered in a child process, that child's as the service reports it.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

from shared.auth import Principal
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.demo_certificates import mill_test_certificate_pdf
from shared.models.orders import LineItemCreate, OrderCreate
from shared.services import admin, order_create
from shared.services.inventory_import import import_inventory
from shared.services.reservations import ReserveRequest, reserve

CERTIFICATES = 20
SIZES = (20, 1_000, 5_000)
MIB = 1024 * 1024


class Devhost:
    """``python -m devhost`` on a free loopback port, on the bench's own database and blob folder."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "SQLITE_PATH": str(root / "db.sqlite3"), "BLOB_LOCAL_ROOT": str(root / "blobs")}
        command = [sys.executable, "-m", "devhost", "--port", str(self.port), "--no-blob-watch"]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=5).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("devhost did not start")

    def get(self, path: str, key: str) -> bytes:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=900) as response:
            return bytes(response.read())

    def reset_peak(self) -> None:
        with open(f"/proc/{self.process.pid}/clear_refs", "w") as refs:
            refs.write("5")

    def peak_rss(self) -> int:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _certificates(root: Path) -> Path:
    folder = root / "certs"
    folder.mkdir()
    for n in range(CERTIFICATES):
        heat = f"H{50000 + n}"
        pdf = mill_test_certificate_pdf(heat, "S355J2+N", "Plate", Decimal(1), "t", "Bench Mill", seed=n)
        (folder / f"{heat}.pdf").write_bytes(pdf)
    return folder


def _order(ctx: AppContext, actor: Principal, root: Path, lines: int) -> str:
    """An order of ``lines`` lines, each with its own stock row reserved; row n carries certificate n mod 20."""
    items = [
        LineItemCreate(product_code=f"PL-{n}", description=f"Plate S355 {n} mm", material_grade="S355J2+N", quantity=Decimal(1), unit="t")
        for n in range(lines)
    ]
    [created] = order_create.create_orders(ctx.db, actor, [OrderCreate(order_reference=f"SO-BENCH-{lines}", line_items=items)])
    rows = ["Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile"]
    rows += [f"Plate {lines}-{n},1,t,H{50000 + n % CERTIFICATES},S355J2+N,H{50000 + n % CERTIFICATES}.pdf" for n in range(lines)]
    (root / "stock.csv").write_text("\n".join(rows), encoding="utf-8")
    stock = import_inventory(ctx.db, ctx.blobs, actor.company_id, root / "stock.csv", root / "certs")["inventoryIds"]
    for line, inventory_id in zip(created["lineItems"], stock, strict=True):
        reserve(ctx.db, actor, ReserveRequest(created["orderId"], line["orderLineItemId"], inventory_id, Decimal(1), False))
    return str(created["orderId"])


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ctx = build_context(Settings(sqlite_path=root / "db.sqlite3", blob_local_root=root / "blobs"), SystemClock())
        migrate(ctx.db)
        company_id = admin.create_company(ctx.db, "Bench Steel")["companyId"]
        key = admin.create_api_key(ctx.db, company_id, "Bench")
        actor = Principal(company_id, key["userId"], "Bench")
        _certificates(root)
        orders = {size: _order(ctx, actor, root, size) for size in SIZES}
        host = Devhost(root)
        try:
            return _measure(host, root, key["apiKey"], company_id, orders)
        finally:
            host.stop()


def _measure(host: Devhost, root: Path, key: str, company_id: str, orders: dict[int, str]) -> list[str]:
    def path(size: int) -> str:
        return f"/api/companies/{company_id}/orders/{orders[size]}/certificate-pack"

    def fresh(size: int) -> bytes:
        for stored in (root / "blobs" / "certificate-packs").rglob("*.pdf"):
            stored.unlink()
        return host.get(path(size), key)

    fresh(20)  # warm up: imports and font discovery happen once per process
    fresh_times = [_timed(lambda: fresh(20)) for _ in range(5)]
    cached_times = [_timed(lambda: host.get(path(20), key)) for _ in range(20)]
    fresh_median, cached_median = statistics.median(fresh_times), statistics.median(cached_times)
    lines = [
        f"fresh render, {CERTIFICATES} lines with one-page certificates: median {fresh_median:.2f} s over 5 (goal ≤ 3 s)",
        f"served from storage: median {cached_median * 1000:.1f} ms over 20;"
        f" cached is {fresh_median / cached_median:.0f}× faster (goal ≥ 20×)",
    ]
    per_line = {}
    for size in SIZES:
        host.reset_peak()
        started = time.perf_counter()
        pdf = fresh(size)
        elapsed = time.perf_counter() - started
        per_line[size] = elapsed / size
        lines.append(
            f"{size:>5} lines: {elapsed:6.1f} s, {elapsed / size * 1000:5.1f} ms/line, host peak RSS {host.peak_rss() / MIB:4.0f} MB,"
            f" {len(pdf) / MIB:.1f} MB PDF (goal for 1,000: ≤ 15 s, ≤ 400 MB)"
        )
    lines.append(f"growth: ms/line at 5,000 is {per_line[5_000] / per_line[1_000]:.2f}× that at 1,000 (≤ 1 is linear or better)")
    return lines
