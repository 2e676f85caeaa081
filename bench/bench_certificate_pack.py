"""Certificate pack: a fresh render of an order with 20 one-page mill certificates (goal ≤ 3 s) against serving the
same pack from storage (goal: cached ≥ 20× faster), through the service as the endpoint calls it."""

from __future__ import annotations

import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from shared.auth import Principal
from shared.blobs.local import LocalBlobStore
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.demo_certificates import mill_test_certificate_pdf
from shared.models.orders import LineItemCreate, OrderCreate
from shared.services import admin, order_create
from shared.services.certificate_packs import CERTIFICATE_PACKS_CONTAINER, certificate_pack
from shared.services.inventory_import import import_inventory
from shared.services.reservations import ReserveRequest, reserve

CERTIFICATES = 20


def _world(root: Path) -> tuple[AppContext, Principal, str]:
    ctx = build_context(Settings(sqlite_path=root / "db.sqlite3", blob_local_root=root / "blobs"), SystemClock())
    migrate(ctx.db)
    company_id = admin.create_company(ctx.db, "Bench Steel")["companyId"]
    key = admin.create_api_key(ctx.db, company_id, "Bench")
    actor = Principal(company_id, key["userId"], "Bench")
    lines = [LineItemCreate(product_code=f"PL-{n}", quantity=Decimal(1), unit="t") for n in range(CERTIFICATES)]
    [created] = order_create.create_orders(ctx.db, actor, [OrderCreate(order_reference="SO-BENCH", line_items=lines)])
    folder = root / "certs"
    folder.mkdir()
    rows = ["Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile"]
    for n in range(CERTIFICATES):
        heat = f"H{50000 + n}"
        (folder / f"{heat}.pdf").write_bytes(mill_test_certificate_pdf(heat, "S355J2+N", "Plate", Decimal(1), "t", "Bench Mill", seed=n))
        rows.append(f"Plate {n},1,t,{heat},S355J2+N,{heat}.pdf")
    (root / "stock.csv").write_text("\n".join(rows), encoding="utf-8")
    stock = import_inventory(ctx.db, ctx.blobs, company_id, root / "stock.csv", folder)["inventoryIds"]
    for line, inventory_id in zip(created["lineItems"], stock, strict=True):
        reserve(ctx.db, actor, ReserveRequest(created["orderId"], line["orderLineItemId"], inventory_id, Decimal(1), False))
    return ctx, actor, created["orderId"]


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        ctx, actor, order_id = _world(Path(tmp))
        store = ctx.blobs
        assert isinstance(store, LocalBlobStore)

        def fresh() -> bytes:
            for name in store.list(CERTIFICATE_PACKS_CONTAINER):
                store.delete(CERTIFICATE_PACKS_CONTAINER, name)
            return certificate_pack(ctx.db, store, ctx.clock, actor, order_id).content()

        def cached() -> bytes:
            return certificate_pack(ctx.db, store, ctx.clock, actor, order_id).content()

        fresh()  # warm up: WeasyPrint import and font discovery happen once per process
        fresh_times = [_timed(fresh) for _ in range(5)]
        cached_times = [_timed(cached) for _ in range(20)]
    fresh_median, cached_median = statistics.median(fresh_times), statistics.median(cached_times)
    return [
        f"fresh render, {CERTIFICATES} one-page certificates: median {fresh_median:.3f} s over 5 (goal ≤ 3 s)",
        f"served from storage: median {cached_median * 1000:.1f} ms over 20",
        f"cached is {fresh_median / cached_median:.0f}× faster than fresh (goal ≥ 20×)",
    ]
