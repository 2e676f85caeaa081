"""The load benchmark's data and clients: a company with 400 orders, stock to reserve, a stored certificate pack,
and the client loop that a generator process runs (one thread and one keep-alive connection per client)."""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from bench.served import Http
from shared.auth import Principal
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.demo_certificates import mill_test_certificate_pdf
from shared.models.orders import OrderCreate
from shared.services import admin, order_create
from shared.services.certificate_packs import certificate_pack
from shared.services.inventory_import import import_inventory
from shared.services.reservations import ReserveRequest, reserve

ORDERS = 400
PACK_CERTIFICATES = 3
# kind -> weight; "reserve" is a reserve and an unreserve of the client's own stock row (two requests).
MIX = {"list": 25, "get": 20, "details": 12, "history": 10, "create": 6, "update": 10, "reserve": 7, "pack": 10}


class Record(NamedTuple):
    kind: str
    status: int
    seconds: float
    ok: bool


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
    """Run in a generator process: one thread per client id until ``end`` (wall clock); every timed request."""
    records: list[Record] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        mine = _Client(world, port, number)
        mine.http.get("/api/health")  # connect before the clock starts
        while time.time() < start:
            time.sleep(0.005)
        found = mine.run_until(end)
        with lock:
            records.extend(found)

    threads = [threading.Thread(target=client, args=(number,)) for number in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return records


class _Client:
    def __init__(self, world: World, port: int, number: int) -> None:
        self.world, self.number, self.rng = world, number, random.Random(number)
        self.http = Http(port, {"Authorization": f"Bearer {world.api_key}", "Content-Type": "application/json"})
        self.orders = f"/api/companies/{world.company_id}/orders"

    def run_until(self, end: float) -> list[Record]:
        records: list[Record] = []
        kinds, weights = list(MIX), list(MIX.values())
        while time.time() < end:
            kind = self.rng.choices(kinds, weights)[0]
            records.extend(getattr(self, f"_{kind}")())
        return records

    def _timed(self, kind: str, method: str, path: str, expected: int, body: object = None) -> Record:
        data = None if body is None else json.dumps(body).encode("utf-8")
        started = time.perf_counter()
        try:
            status, _ = self.http.request(method, path, data)
        except OSError:
            status = 0
        return Record(kind, status, time.perf_counter() - started, status == expected)

    def _order_id(self) -> str:
        return self.rng.choice(self.world.order_ids)

    def _list(self) -> list[Record]:
        query = self.rng.choice(["?limit=50", "?limit=100", "?limit=50&status=Open", "?limit=20&search=SO-LOAD-001"])
        return [self._timed("list", "GET", f"{self.orders}{query}", 200)]

    def _get(self) -> list[Record]:
        return [self._timed("get", "GET", f"{self.orders}/{self._order_id()}", 200)]

    def _details(self) -> list[Record]:
        return [self._timed("details", "GET", f"{self.orders}/{self._order_id()}/details", 200)]

    def _history(self) -> list[Record]:
        return [self._timed("history", "GET", f"{self.orders}/{self._order_id()}/history", 200)]

    def _create(self) -> list[Record]:
        body = [_order(f"LOAD-{uuid.uuid4().hex}", 2)]  # unique across phases (the seeded choices repeat)
        return [self._timed("create", "POST", self.orders, 201, body)]

    def _update(self) -> list[Record]:
        body = [{"orderId": self._order_id(), "quantity": self.rng.randrange(1, 1000), "site": self.rng.choice(["Sheffield", "Leeds"])}]
        return [self._timed("update", "PUT", self.orders, 200, body)]

    def _reserve(self) -> list[Record]:
        slot = self.world.slots[self.number % len(self.world.slots)]
        line = f"{self.orders}/{slot.order_id}/line-items/{slot.line_id}/reservations"
        reserved = self._timed("reserve", "POST", f"{line}?inventoryId={slot.inventory_id}&reserveQuantity={slot.quantity}", 201)
        return [reserved, self._timed("unreserve", "DELETE", f"{line}/{slot.inventory_id}", 200)]

    def _pack(self) -> list[Record]:
        return [self._timed("pack", "GET", f"{self.orders}/{self.world.pack_order_id}/certificate-pack", 200)]
