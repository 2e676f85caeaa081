"""trace_heat of a heat spread over 500 orders (50 customers), over loopback HTTP to ``python -m devhost``, against a
raw SQL join of the same rows + json in the same run. Goals: <= 200 ms, and within 5x the raw join. The client is
the load generator's keep-alive connection, as in bench_list and bench_history.

The company also holds a second heat with as many reservations, so the company filter and the heat filter both
have rows to skip. Reservations are made through the reservation service (split=1), as users make them.
"""

from __future__ import annotations

import json
import statistics
import tempfile
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from bench.bulk_data import fresh_context, raw_connection, timed
from bench.load_client import Connection, Request
from bench.report import Figure
from bench.served import devhost
from shared.auth import Principal
from shared.context import AppContext
from shared.models.inventory import InventoryCreate
from shared.models.orders import LineItemCreate, OrderCreate
from shared.repositories.traceability import CERTIFICATES_OF_HEAT, LINKS_OF_HEAT, STOCK_OF_HEAT
from shared.services import admin, inventory_write, order_create
from shared.services.reservations import ReserveRequest, reserve

ORDERS_PER_HEAT = 500
CUSTOMERS = 50
RUNS = 9


def _seed(ctx: AppContext, actor: Principal, heat: str, prefix: str, customers: list[str]) -> None:
    [stock] = inventory_write.create(ctx.db, actor, [InventoryCreate(name=f"Plate {heat}", quantity=Decimal(ORDERS_PER_HEAT * 2),
                                                                     unit="t", heat_number=heat, material_grade="S355J2+N")])
    batch = [
        OrderCreate(order_reference=f"{prefix}-{n:04d}", related_organisation_id=UUID(customers[n % len(customers)]),
                    line_items=[LineItemCreate(product_code="PL", description="Plate", quantity=Decimal(1), unit="t")])
        for n in range(ORDERS_PER_HEAT)
    ]
    for order in order_create.create_orders(ctx.db, actor, batch):
        request = ReserveRequest(order["orderId"], order["lineItems"][0]["orderLineItemId"], stock["inventoryId"], Decimal(1), True)
        reserve(ctx.db, actor, request)


def run() -> list[str | Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        ctx, actor = fresh_context(Path(tmp), "trace")
        customers = [admin.create_organisation(ctx.db, actor.company_id, f"Customer {n:02d}")["relatedOrganisationId"]
                     for n in range(CUSTOMERS)]
        _seed(ctx, actor, "N41902", "SO", customers)
        _seed(ctx, actor, "K7781", "SX", customers)
        key = admin.create_api_key(ctx.db, actor.company_id, "Bench reader")["apiKey"]
        conn = raw_connection(ctx.settings.sqlite_path)
        request = Request("trace", "GET", f"/api/companies/{actor.company_id}/traceability/heats/N41902", 200)

        def raw() -> str:
            parts = {}
            for name, sql, params in (("stock", STOCK_OF_HEAT, (actor.company_id, "n41902")),
                                      ("links", LINKS_OF_HEAT, (actor.company_id, "n41902")),
                                      ("certificates", CERTIFICATES_OF_HEAT, (actor.company_id, actor.company_id, "n41902",
                                                                             actor.company_id, "n41902"))):
                cursor = conn.execute(sql, params)
                names = [column[0] for column in cursor.description]
                parts[name] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            return json.dumps(parts)

        with devhost(ctx.settings) as server:
            client = Connection(server.port, {"Authorization": f"Bearer {key}"}, list)

            def http() -> bytes:
                status, body = client.blocking(request)
                assert status == 200, body[:300]
                return body

            try:
                trace = json.loads(http())  # the worker's first request of the kind is not timed (bench_import_time is)
                times: dict[str, list[float]] = {"raw": [], "http": []}
                for _ in range(RUNS):
                    for name, action in (("raw", raw), ("http", http)):
                        times[name].append(timed(action)[1])
            finally:
                client.sock.close()
    raw_s, http_s = statistics.median(times["raw"]), statistics.median(times["http"])
    return [
        f"heat in {len(trace['orders'])} orders of {len(trace['customers'])} customers, {len(trace['stock'])} stock rows, "
        f"{len(trace['reservations'])} reservations (a second heat of the same size beside it)",
        f"raw SQL join + json.dumps: {raw_s * 1000:.1f} ms (median of {RUNS})",
        Figure("GET traceability of one heat (500 orders) over HTTP vs raw join", http_s * 1000, raw_s * 1000, goal=5),
        Figure("GET traceability of one heat (500 orders) over HTTP", http_s * 1000, goal=200),
    ]
