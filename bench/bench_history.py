"""Order history of an order with 1,000 versions over HTTP (goal: ≤ 3× a raw SELECT of the version rows).

The order is built through the service layer (not HTTP, to be quick): created with two line items, then 1,000
updates each changing the order's quantity and one line's quantity, so the order has 1,001 versions, its lines
1,002, and the timeline 2,003 events, a minute apart. Timed, interleaved: ``GET …/history`` to ``python -m devhost``
on a loopback port (auth, the service, JSON, HTTP, read to the last byte), the history service in-process, the
service asked only for what is new (``since``), and a raw baseline: the plain ``sqlite3`` SELECT of the same version
rows, in the same run. The client is the load generator's keep-alive connection, as in bench_list (which says why).
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.load_client import Connection, Request
from bench.report import Figure
from bench.served import cpu_seconds, devhost
from shared.auth import Principal
from shared.config import Settings
from shared.context import build_context
from shared.db.database import Database
from shared.db.migrate import migrate
from shared.models.history import HistoryQuery
from shared.models.orders import OrderCreate, OrderUpdate
from shared.services import admin, order_create, order_history, order_update

UPDATES = 1_000
RUNS = 15

# Every column the history table keeps, from the current table and its history (the current table may have more:
# Orders.OrderReferenceKey is derived, so OrdersHistory does not keep it).
RAW_TABLES = ("Orders", "OrderLineItems")


class MinuteClock:
    """A minute passes between transactions, as in a real order's life (and so ``since`` can skip old versions)."""

    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def now(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current


def _medians(actions: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Median seconds of each action over RUNS, interleaved so that noise from other processes hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(RUNS):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(times) for name, times in samples.items()}


def _build(db: Database, actor: Principal) -> str:
    body = {"orderReference": "SO-BENCH", "orderDate": "2026-03-01", "quantity": 1,
            "lineItems": [{"quantity": 1, "productCode": "PL-1"}, {"quantity": 1, "productCode": "PL-2"}]}
    [created] = order_create.create_orders(db, actor, [OrderCreate.model_validate(body)])
    line_ids = [line["orderLineItemId"] for line in created["lineItems"]]
    for version in range(2, UPDATES + 2):
        line = {"orderLineItemId": line_ids[version % 2], "quantity": version}
        update = {"orderId": created["orderId"], "quantity": version, "lineItems": [line, {"orderLineItemId": line_ids[(version + 1) % 2]}]}
        order_update.update_orders(db, actor, [OrderUpdate.model_validate(update)])
    return str(created["orderId"])


def _cpu(action: Callable[[], Any], server_pid: int | None = None) -> float:
    """Mean CPU seconds of ``action`` over RUNS: this thread's, plus the server process's when given. Unlike wall time
    it does not grow with what else the machine runs (the process switches of a loopback round trip included)."""
    server = cpu_seconds(server_pid) if server_pid else 0.0
    started = time.thread_time()
    for _ in range(RUNS):
        action()
    return (time.thread_time() - started + ((cpu_seconds(server_pid) - server) if server_pid else 0.0)) / RUNS


def _raw_sql(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        columns = {table: ", ".join(row[1] for row in conn.execute(f"PRAGMA table_info({table}History)")) for table in RAW_TABLES}
    return [f"SELECT {columns[table]} FROM {table} WHERE OrderId = ? UNION ALL SELECT {columns[table]} FROM {table}History"
            " WHERE OrderId = ?" for table in RAW_TABLES]


def _raw(path: Path, order_id: str, raw_sql: list[str] | None = None) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return [row for sql in raw_sql or _raw_sql(path) for row in conn.execute(sql, (order_id, order_id)).fetchall()]


def run() -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(sqlite_path=Path(tmp) / "bench.sqlite3", blob_local_root=Path(tmp) / "blobs")
        ctx = build_context(settings, MinuteClock())
        migrate(ctx.db)
        company_id = admin.create_company(ctx.db, "Bench Steel")["companyId"]
        key = admin.create_api_key(ctx.db, company_id, "Bench User")
        actor = Principal(company_id, key["userId"], "Bench User")
        started = time.perf_counter()
        order_id = _build(ctx.db, actor)
        built = time.perf_counter() - started
        with devhost(settings) as server:
            client = Connection(server.port, {"Authorization": f"Bearer {key['apiKey']}"}, list)
            try:
                return _measure(ctx.db, settings.sqlite_path, actor, (client, server.pid), order_id, built)
            finally:
                client.sock.close()


def _measure(db: Database, path: Path, actor: Principal, served: tuple[Connection, int], order_id: str, built: float) -> list[Any]:
    client, server_pid = served
    query = HistoryQuery()
    events = order_history.get_history(db, actor, order_id, query).events
    request = Request("history", "GET", f"/api/companies/{actor.company_id}/orders/{order_id}/history", 200)
    status, body = client.blocking(request)
    assert status == 200 and len(json.loads(body)) == len(events)
    raw_sql = _raw_sql(path)
    rows = len(_raw(path, order_id, raw_sql))
    recent = HistoryQuery.model_validate({"since": events[-3]["changedAt"]})  # each update is two events
    assert len(order_history.get_history(db, actor, order_id, recent).events) == 2
    times = _medians({
        "raw": lambda: _raw(path, order_id, raw_sql),
        "service": lambda: order_history.get_history(db, actor, order_id, query),
        "http": lambda: client.blocking(request),
        "polling": lambda: order_history.get_history(db, actor, order_id, recent),
    })
    raw, service, http, polling = (times[name] for name in ("raw", "service", "http", "polling"))
    raw_cpu, http_cpu = _cpu(lambda: _raw(path, order_id, raw_sql)), _cpu(lambda: client.blocking(request), server_pid)
    return [
        f"built {UPDATES} updates through the service in {built:.1f} s: {rows} version rows, {len(events)} events, "
        f"{len(body)} bytes of JSON",
        f"raw SELECT of the version rows: {raw * 1000:.1f} ms (median of {RUNS})",
        f"history service: {service * 1000:.1f} ms ({service / raw:.1f}x raw)",
        f"history over HTTP from devhost: {http * 1000:.1f} ms ({http / raw:.1f}x raw)",
        f"history service with since = the change before the last (polling, 2 events): {polling * 1000:.1f} ms",
        Figure(f"GET history over HTTP, {len(events)} events", http * 1000, raw * 1000, goal=3, unit="ms"),
        Figure("  same, CPU time of client + devhost vs raw (info)", http_cpu * 1000, raw_cpu * 1000, unit="ms"),
    ]
