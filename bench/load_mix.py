"""The load benchmark's data and clients: a company with 400 orders, stock to reserve, a stored certificate pack,
and what each client asks for; a generator process drives its clients' keep-alive connections on one event loop."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bench.load_client import Connection, Record, Request, drive
from shared.auth import Principal
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.demo.certificates import mill_test_certificate_pdf
from shared.models.orders import OrderCreate
from shared.services import admin, order_create
from shared.services.certificate_packs import certificate_pack
from shared.services.inventory_import import import_inventory
from shared.services.reservations import ReserveRequest, reserve

ORDERS = 400
PACK_CERTIFICATES = 3
# kind -> weight; "reserve" is a reserve and an unreserve of the client's own stock row (two requests).
MIX = {"list": 25, "get": 20, "details": 12, "history": 10, "create": 6, "update": 10, "reserve": 7, "pack": 10}


@dataclass(frozen=True)
class Slot:
    """What one client reserves and unreserves: its own stock row on a line of its own order."""

    order_id: str
    line_id: str
    inventory_id: str
    quantity: str


@dataclass(frozen=True)
class World:
    company_id: str
    api_key: str
    order_ids: tuple[str, ...]
    pack_order_id: str
    slots: tuple[Slot, ...]


def build_world(folder: Path, clients: int) -> tuple[World, Settings]:
    settings = Settings(sqlite_path=folder / "load.sqlite3", blob_local_root=folder / "blobs")
    ctx = build_context(settings, SystemClock())
    migrate(ctx.db)
    company_id = admin.create_company(ctx.db, "Load Metals")["companyId"]
    key = admin.create_api_key(ctx.db, company_id, "Load Planner")
    actor = Principal(company_id, key["userId"], "Load Planner")
    created = []
    for batch in range(0, ORDERS, 100):
        bodies = [_order(f"SO-LOAD-{number:05d}", 3) for number in range(batch, batch + 100)]
        created += order_create.create_orders(ctx.db, actor, [OrderCreate.model_validate(body) for body in bodies])
    [pack_order] = order_create.create_orders(ctx.db, actor, [OrderCreate.model_validate(_order("SO-LOAD-PACK", PACK_CERTIFICATES))])
    stock = _stock(ctx, company_id, folder, clients)
    for line, inventory_id in zip(pack_order["lineItems"], stock[clients:], strict=True):
        reserve(ctx.db, actor, ReserveRequest(pack_order["orderId"], line["orderLineItemId"], inventory_id, Decimal(1), False))
    certificate_pack(ctx.db, ctx.blobs, ctx.clock, actor, pack_order["orderId"]).content()  # stored: downloads are cached
    slots = tuple(Slot(order["orderId"], order["lineItems"][0]["orderLineItemId"], inventory_id, "1")
                  for order, inventory_id in zip(created, stock[:clients], strict=False))
    world = World(company_id, key["apiKey"], tuple(order["orderId"] for order in created), pack_order["orderId"], slots)
    return world, settings


def _order(reference: str, lines: int) -> dict[str, object]:
    return {"orderReference": reference, "orderDate": "2026-03-01", "quantity": lines, "status": "Open", "site": "Sheffield",
            "lineItems": [{"quantity": 1, "productCode": f"PL-{n}", "description": "Plate 20mm S355J2+N", "unit": "t"}
                          for n in range(lines)]}


def _stock(ctx: AppContext, company_id: str, folder: Path, clients: int) -> list[str]:
    """``clients`` plain rows of 1 t (one per client: a line's whole quantity), then the pack order's rows with certificates."""
    certificates = folder / "certificates"
    certificates.mkdir()
    rows = ["Name,Quantity,Unit,HeatNumber,MaterialGrade,CertificateFile"]
    rows += [f"Load plate {n},1,t,HL{n:04d},S355J2+N," for n in range(clients)]
    for n in range(PACK_CERTIFICATES):
        heat = f"HP{n:04d}"
        pdf = mill_test_certificate_pdf(heat, "S355J2+N", "Plate", Decimal(1), "t", "Load Mill", seed=n)
        (certificates / f"{heat}.pdf").write_bytes(pdf)
        rows.append(f"Pack plate {n},1,t,{heat},S355J2+N,{heat}.pdf")
    (folder / "stock.csv").write_text("\n".join(rows), encoding="utf-8")
    return import_inventory(ctx.db, ctx.blobs, company_id, folder / "stock.csv", certificates)["inventoryIds"]


def client_loop(world: World, port: int, clients: list[int], start: float, end: float) -> list[Record]:
    """Run in a generator process: the given clients, each on its own keep-alive connection, from ``start`` to
    ``end`` (wall clock) on one event loop (bench/load_client.py); returns every timed request."""
    connections = []
    for number in clients:
        mix = _Client(world, number)
        connection = Connection(port, mix.headers, mix.next_requests)
        connection.blocking(Request("health", "GET", "/api/health", 200))  # connected before the clock starts
        connections.append(connection)
    return drive(connections, start, end)


class _Client:
    """What one client asks for next, drawn from ``MIX`` with its own seeded random stream."""

    def __init__(self, world: World, number: int) -> None:
        self.world, self.number, self.rng = world, number, random.Random(number)
        self.headers = {"Authorization": f"Bearer {world.api_key}", "Content-Type": "application/json"}
        self.orders = f"/api/companies/{world.company_id}/orders"
        self.kinds, self.weights = list(MIX), list(MIX.values())

    def next_requests(self) -> list[Request]:
        """The requests of the next mix item, sent in order on the client's connection."""
        kind = self.rng.choices(self.kinds, self.weights)[0]
        requests: list[Request] = getattr(self, f"_{kind}")()
        return requests

    def _order_id(self) -> str:
        return self.rng.choice(self.world.order_ids)

    def _list(self) -> list[Request]:
        query = self.rng.choice(["?limit=50", "?limit=100", "?limit=50&status=Open", "?limit=20&search=SO-LOAD-001"])
        return [Request("list", "GET", f"{self.orders}{query}", 200)]

    def _get(self) -> list[Request]:
        return [Request("get", "GET", f"{self.orders}/{self._order_id()}", 200)]

    def _details(self) -> list[Request]:
        return [Request("details", "GET", f"{self.orders}/{self._order_id()}/details", 200)]

    def _history(self) -> list[Request]:
        return [Request("history", "GET", f"{self.orders}/{self._order_id()}/history", 200)]

    def _create(self) -> list[Request]:
        body = [_order(f"LOAD-{uuid.uuid4().hex}", 2)]  # unique across phases (the seeded choices repeat)
        return [Request("create", "POST", self.orders, 201, _json(body))]

    def _update(self) -> list[Request]:
        body = [{"orderId": self._order_id(), "quantity": self.rng.randrange(1, 1000), "site": self.rng.choice(["Sheffield", "Leeds"])}]
        return [Request("update", "PUT", self.orders, 200, _json(body))]

    def _reserve(self) -> list[Request]:
        slot = self.world.slots[self.number % len(self.world.slots)]
        line = f"{self.orders}/{slot.order_id}/line-items/{slot.line_id}/reservations"
        reserve = Request("reserve", "POST", f"{line}?inventoryId={slot.inventory_id}&reserveQuantity={slot.quantity}", 201)
        return [reserve, Request("unreserve", "DELETE", f"{line}/{slot.inventory_id}", 200)]

    def _pack(self) -> list[Request]:
        return [Request("pack", "GET", f"{self.orders}/{self.world.pack_order_id}/certificate-pack", 200)]


def _json(body: object) -> bytes:
    return json.dumps(body).encode("utf-8")
