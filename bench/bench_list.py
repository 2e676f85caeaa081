"""list_orders of 20,000 orders against a raw SELECT + json baseline in the same run (goal ≤ 1.5×).

The baseline is what a bare implementation would do: one SELECT with the customer name joined, rows as objects,
``json.dumps``. Ours is the list service plus the endpoint's serialisation, and the whole request through devhost.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from pathlib import Path

from werkzeug.test import Client

import function_app
from bench.bulk_data import fresh_context, raw_connection, timed, write_files
from devhost.wsgi import create_app
from shared import context as app_context
from shared.bulk import import_service
from shared.bulk.reading.files import Limits, UploadedFile
from shared.http.jsonio import dumps
from shared.models.queries import OrderListQuery
from shared.services import admin, order_queries

RUNS = 5
RAW_SQL = (
    "SELECT o.OrderId, o.CompanyId, o.OrderReference, o.Quantity, o.OrderDate, o.DeliveryDate, o.Site, o.Status, o.Active,"
    " o.RelatedOrganisationId, r.Name AS CustomerName, o.CreatedAt, o.UpdatedAt FROM Orders o"
    " LEFT JOIN RelatedOrganisations r ON r.RelatedOrganisationId = o.RelatedOrganisationId"
    " WHERE o.CompanyId = ? AND o.Active = 1 ORDER BY o.OrderDate DESC, o.OrderReference, o.OrderId"
)


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder)
        ctx, actor = fresh_context(folder, "list")
        files = [UploadedFile(name, (folder / name).read_bytes()) for name in ("orders.csv", "order-line-items.csv")]
        import_service.import_files(ctx.db, actor, files, Limits(100 * 1024 * 1024, 200_000))
        conn = raw_connection(ctx.settings.sqlite_path)
        key = admin.create_api_key(ctx.db, actor.company_id, "Bench reader")["apiKey"]
        app_context.use(ctx)
        client = Client(create_app(function_app.app))
        url, headers = f"/api/companies/{actor.company_id}/orders", {"Authorization": f"Bearer {key}"}

        def raw() -> str:
            cursor = conn.execute(RAW_SQL, (actor.company_id,))
            names = [column[0] for column in cursor.description]
            return json.dumps([dict(zip(names, row, strict=True)) for row in cursor.fetchall()])

        def service() -> str:
            return dumps(order_queries.list_page(ctx.db, actor, OrderListQuery()).orders)

        def http() -> bytes:
            response = client.get(url, headers=headers)
            assert response.status_code == 200
            return response.data

        times: dict[str, list[float]] = {"raw": [], "service": [], "http": []}
        for _ in range(RUNS):
            for name, action in (("raw", raw), ("service", service), ("http", http)):
                times[name].append(timed(action)[1])
        count = len(json.loads(http()))
        app_context.use(None)
    raw_s, service_s, http_s = (statistics.median(times[name]) for name in ("raw", "service", "http"))
    return [
        f"{count} orders; raw SELECT + json.dumps: {raw_s * 1000:.0f} ms (median of {RUNS})",
        f"list service + serialisation: {service_s * 1000:.0f} ms -> {service_s / raw_s:.2f}x (goal <= 1.5x)",
        f"GET /orders through devhost (auth, WSGI): {http_s * 1000:.0f} ms -> {http_s / raw_s:.2f}x",
    ]
