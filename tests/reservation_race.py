"""A reservation race over real HTTP: devhost serving a SQLite file, many clients reserving from one stock row.

Shared by tests/api/test_reservation_concurrency.py and bench/bench_reservations.py. Everything goes through the
public surface: the admin CLI sets the company, key and stock up, HTTP creates the order and reserves, and
only the final accounting reads the SQLite file (read-only, after the server has stopped).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
WHOLE_ROW_DELAY_SECONDS = 0.02
_FOREIGN_STORAGE = ("SQL_CONNECTION_STRING", "BLOB_ACCOUNT_URL", "BLOB_CONNECTION_STRING")


@dataclass(frozen=True)
class Attempt:
    quantity: Decimal
    split: bool
    status: int
    body: dict[str, Any]


@dataclass
class RaceResult:
    stock: Decimal
    attempts: list[Attempt]
    elapsed: float
    log: Path
    remaining_on_original: Decimal = Decimal(0)
    family_total: Decimal = Decimal(0)  # original row + every row split off it, after the race
    active_links: list[tuple[str, Decimal]] = field(default_factory=list)  # (inventory id, quantity)

    @property
    def statuses(self) -> Counter[int]:
        return Counter(attempt.status for attempt in self.attempts)

    @property
    def successes(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.status == 201]

    @property
    def reserved(self) -> Decimal:
        return sum((attempt.quantity for attempt in self.successes), Decimal(0))

    def summary(self) -> str:
        return (
            f"requests={len(self.attempts)} successes={len(self.successes)} conflicts={self.statuses[409]} "
            f"other={dict((s, n) for s, n in self.statuses.items() if s not in (201, 409))} "
            f"reserved={self.reserved}/{self.stock} elapsed={self.elapsed:.3f}s"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(data: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if name not in _FOREIGN_STORAGE}
    env.update(SQLITE_PATH=str(data / "orders.sqlite3"), BLOB_LOCAL_ROOT=str(data / "blobs"), PYTHONPATH=str(ROOT))
    return env


def cli(env: dict[str, str], *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-m", "shared.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@contextlib.contextmanager
def devhost(env: dict[str, str], log: Path, *options: str) -> Iterator[str]:
    """``python -m devhost [options]`` on a free port; yields its base URL once it answers and stops it afterwards."""
    port = free_port()
    with log.open("wb") as output:
        command = [sys.executable, "-m", "devhost", "--port", str(port), *options]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            base = f"http://127.0.0.1:{port}/api"
            _wait_until_up(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"devhost exited with {server.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError("devhost did not answer /api/health within 30 s")


def setup(data: Path, stock: Decimal) -> tuple[dict[str, str], str, str, str]:
    """Schema, company, key and one stock row, through the CLI: (env, company id, API key, inventory id)."""
    env = environment(data)
    cli(env, "migrate")
    company_id = cli(env, "create-company", "--name", "Race Metals")["companyId"]
    api_key = cli(env, "create-api-key", "--company", company_id, "--name", "Racer")["apiKey"]
    sheet = data / "stock.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Name", "Quantity", "Unit", "HeatNumber"], ["Plate 20mm S355J2+N", str(stock), "t", "H-RACE-1"]])
    [inventory_id] = cli(env, "import-inventory", "--company", company_id, str(sheet))["inventoryIds"]
    return env, company_id, api_key, inventory_id


def plan(clients: int, stock: Decimal, seed: int) -> list[tuple[Decimal, bool]]:
    """Every fifth client asks for the whole row (split=0), the others for a small split (1-3)."""
    rng = random.Random(seed)
    return [(stock, False) if n % 5 == 4 else (Decimal(rng.choice((1, 1, 2, 3))), True) for n in range(clients)]


def race(data: Path, clients: int = 50, stock: Decimal = Decimal(40), seed: int = 7) -> RaceResult:
    env, company_id, api_key, inventory_id = setup(data, stock)
    with devhost(env, data / "devhost.log") as base:
        headers = {"Authorization": f"Bearer {api_key}"}
        orders_url = f"{base}/companies/{company_id}/orders"
        # Each line takes up to the whole row, so only the stock is contended (not the lines' quantities).
        lines = [{"quantity": float(stock), "unit": "t"} for _ in range(clients)]
        created = httpx.post(orders_url, json=[{"orderReference": "SO-RACE", "orderDate": "2026-03-01", "lineItems": lines}],
                             headers=headers, timeout=30)
        assert created.status_code == 201, created.text
        order = created.json()[0]
        urls = [f"{orders_url}/{order['orderId']}/line-items/{line['orderLineItemId']}/reservations" for line in order["lineItems"]]
        attempts, elapsed = _run_clients(urls, plan(clients, stock, seed), inventory_id, headers)
    result = RaceResult(stock, attempts, elapsed, data / "devhost.log")
    _account(result, data / "orders.sqlite3", inventory_id)
    return result


def _run_clients(
    urls: list[str], wanted: list[tuple[Decimal, bool]], inventory_id: str, headers: dict[str, str]
) -> tuple[list[Attempt], float]:
    """One thread and one connection per client, released together; returns the attempts and the elapsed time."""
    attempts: list[Attempt | None] = [None] * len(urls)
    start = threading.Barrier(len(urls) + 1)
    tls = ssl.create_default_context()  # plain HTTP, but httpx builds a context per client unless given one

    def client(n: int) -> None:
        quantity, split = wanted[n]
        params = {"inventoryId": inventory_id, "reserveQuantity": str(quantity), "split": "1" if split else "0"}
        with httpx.Client(headers=headers, timeout=60, verify=tls) as http:
            start.wait()
            if not split:
                # A whole-row request arriving first would leave nothing for the splits to race for; a head
                # start of a few milliseconds makes every run exercise splits under contention.
                time.sleep(WHOLE_ROW_DELAY_SECONDS)
            response = http.post(urls[n], params=params)
        attempts[n] = Attempt(quantity, split, response.status_code, response.json())

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(urls))]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    assert all(attempt is not None for attempt in attempts), "a client thread failed"
    return [attempt for attempt in attempts if attempt is not None], elapsed


def _account(result: RaceResult, database: Path, inventory_id: str) -> None:
    """What the database holds after the race: the original row, its split-off rows, the active links."""
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        original = conn.execute("SELECT Quantity FROM Inventory WHERE InventoryId = ?", (inventory_id,)).fetchone()[0]
        family = conn.execute(
            "SELECT InventoryId, Quantity FROM Inventory WHERE InventoryId = ? OR ParentInventoryId = ?", (inventory_id, inventory_id)
        ).fetchall()
        links = conn.execute(
            "SELECT k.InventoryId, k.Quantity FROM OrderLineItemInventory k JOIN Inventory i ON i.InventoryId = k.InventoryId"
            " WHERE k.Active = 1 AND (i.InventoryId = ? OR i.ParentInventoryId = ?)", (inventory_id, inventory_id)
        ).fetchall()
    result.remaining_on_original = Decimal(original)
    result.family_total = sum((Decimal(quantity) for _, quantity in family), Decimal(0))
    result.active_links = [(str(stock_id), Decimal(quantity)) for stock_id, quantity in links]
