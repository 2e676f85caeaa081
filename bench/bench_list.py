"""list_orders as users meet it: over HTTP from devhost, against a raw SELECT + json baseline in the same run.

The baseline is what a bare implementation would do in-process: one SELECT with the customer name joined, rows as
objects, ``json.dumps`` (no HTTP at all). Ours is the whole request: ``GET …/orders`` to ``python -m devhost`` on a
loopback port (auth, filters, the list service, serialisation, waitress, the socket), read to the last byte.
Goals: all 20,000 orders ≤ 1.5× the baseline; the first page of 100 (``?limit=100``) ≤ 2× the raw query of that page.

The client is the load generator's (bench/load_client.py): one keep-alive connection, the request written whole, the
response read to its last byte and framed by its ``Content-Length``, as ``wrk`` or curl do, so that the figure is the
server's and the loopback's time. Python's ``http.client`` spends about 0.25 ms of CPU more per response on its own
header parsing (``email.parser``); the page through it is shown beside, for information.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bulk_data import fresh_context, raw_connection, timed, write_files
from bench.load_client import Connection, Request
from bench.report import Figure
from bench.served import Http, cpu_seconds, devhost
from shared.bulk import import_service
from shared.bulk.reading.files import Limits, UploadedFile
from shared.http.jsonio import dump_bytes
from shared.models.queries import OrderListQuery
from shared.services import admin, order_queries

RUNS = 7
PAGE_RUNS = 51
PAGE = 100
RAW_SQL = (
    "SELECT o.OrderId, o.CompanyId, o.OrderReference, o.Quantity, o.OrderDate, o.DeliveryDate, o.Site, o.Status, o.Active,"
    " o.RelatedOrganisationId, r.Name AS CustomerName, o.CreatedAt, o.UpdatedAt FROM Orders o"
    " LEFT JOIN RelatedOrganisations r ON r.RelatedOrganisationId = o.RelatedOrganisationId"
    " WHERE o.CompanyId = ? AND o.Active = 1 ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"
)


def _median(runs: int, actions: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Median seconds of each action, the actions interleaved so that noise from other processes hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(timed(action)[1])
    return {name: statistics.median(samples) for name, samples in times.items()}


def _cpu(runs: int, action: Callable[[], Any], server_pid: int | None) -> float:
    """Mean CPU seconds of ``action``: this thread's, plus the server process's when given. Unlike wall time it does
    not grow with what else the machine runs (the process switches of a loopback round trip included)."""
    server = cpu_seconds(server_pid) if server_pid else 0.0
    started = time.thread_time()
    for _ in range(runs):
        action()
    return (time.thread_time() - started + ((cpu_seconds(server_pid) - server) if server_pid else 0.0)) / runs


def run() -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        ctx, actor = fresh_context(folder, "list")
        files = [UploadedFile(name, (folder / name).read_bytes()) for name in ("orders.csv", "order-line-items.csv")]
        import_service.import_files(ctx.db, actor, files, Limits(100 * 1024 * 1024, 200_000))
        conn = raw_connection(ctx.settings.sqlite_path)
        key = admin.create_api_key(ctx.db, actor.company_id, "Bench reader")["apiKey"]

        def raw(sql: str) -> Callable[[], str]:
            def query() -> str:
                cursor = conn.execute(sql, (actor.company_id,))
                names = [column[0] for column in cursor.description]
                return json.dumps([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
            return query

        with devhost(ctx.settings) as server:
            client = Connection(server.port, {"Authorization": f"Bearer {key}"}, list)
            library = Http(server.port, {"Authorization": f"Bearer {key}"})
            url = f"/api/companies/{actor.company_id}/orders"

            def http(path: str, via_library: bool = False) -> Callable[[], bytes]:
                def get() -> bytes:
                    status, body = library.get(path) if via_library else client.blocking(Request("list", "GET", path, 200))
                    assert status == 200, (status, body[:300])
                    return body
                return get

            count = len(json.loads(http(url)()))
            assert len(json.loads(http(f"{url}?limit={PAGE}")())) == PAGE
            full = _median(RUNS, {"raw": raw(RAW_SQL), "http": http(url),
                                  "service": lambda: dump_bytes(order_queries.list_page(ctx.db, actor, OrderListQuery()).orders)})
            page = _median(PAGE_RUNS, {"raw": raw(f"{RAW_SQL} LIMIT {PAGE}"), "http": http(f"{url}?limit={PAGE}"),
                                       "http.client": http(f"{url}?limit={PAGE}", via_library=True)})
            cpu = {name: _cpu(runs, action, server.pid if name.endswith("http") else None) for name, runs, action in (
                ("raw", RUNS, raw(RAW_SQL)), ("http", RUNS, http(url)),
                ("page raw", PAGE_RUNS, raw(f"{RAW_SQL} LIMIT {PAGE}")), ("page http", PAGE_RUNS, http(f"{url}?limit={PAGE}")))}
            client.sock.close()
            library.close()
    return [
        f"{count} orders; medians of {RUNS} (all) and {PAGE_RUNS} (page), interleaved",
        Figure("list service + JSON, in-process (info)", full["service"] * 1000, full["raw"] * 1000, unit="ms"),
        Figure(f"GET orders over HTTP, all {count}", full["http"] * 1000, full["raw"] * 1000, goal=1.5, unit="ms"),
        Figure("  same, CPU time of client + devhost vs raw (info)", cpu["http"] * 1000, cpu["raw"] * 1000, unit="ms"),
        Figure(f"GET orders over HTTP, page of {PAGE}", page["http"] * 1000, page["raw"] * 1000, goal=2, unit="ms"),
        Figure("  same, CPU time of client + devhost vs raw (info)", cpu["page http"] * 1000, cpu["page raw"] * 1000, unit="ms"),
        Figure("  same page read with http.client (info)", page["http.client"] * 1000, page["raw"] * 1000, unit="ms"),
    ]
