"""The data of the bulk benchmarks: 20,000 orders and 100,000 line items as upload files, and fresh databases.

Deterministic (seeded), shaped like a real order book: every order has an id and five line items with ids (a
migration from another system), texts with commas and quotes, some empty optional cells.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from shared.auth import Principal
from shared.bulk.columns import Kind, template_headers
from shared.bulk.csv_format import csv_bytes
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.services import admin

ORDERS = 20_000
LINES_PER_ORDER = 5
ROOT = Path(__file__).resolve().parent.parent
SITES = ("Sheffield", "Rotherham", "Leeds, West Yorkshire", None)
STATUSES = ("Draft", "Open", "InProgress", "Dispatched", "Completed", "Cancelled")
PRODUCTS = (("PL-S355-20", 'Plate 20mm S355J2+N 2500x1250 "cut to size"', "S355J2+N", "t"),
            ("UB-305-165-40", "Universal beam 305x165x40, S355JR", "S355JR", "m"),
            ("RB-316L-50", "Round bar 50mm 316L", "1.4404", "kg"))


def write_files(folder: Path) -> tuple[Path, Path]:
    rng = random.Random(4)
    orders, lines = [], []
    for number in range(ORDERS):
        order_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        reference, ordered = f"SO-{number:06d}", date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        orders.append([order_id, reference, "", "", f"{rng.randrange(1, 99999) / 100}", ordered.isoformat(),
                       (ordered + timedelta(days=rng.randrange(7, 60))).isoformat(), rng.choice(SITES) or "", rng.choice(STATUSES),
                       f"PO-{number:06d}" if number % 2 else "", "Bay 4, Unit 7, Sheffield S9 1XX" if number % 3 == 0 else ""])
        for line_number in range(1, LINES_PER_ORDER + 1):
            code, description, grade, unit = rng.choice(PRODUCTS)
            lines.append([str(uuid.UUID(int=rng.getrandbits(128), version=4)), order_id, reference, line_number, code, description,
                          grade, f"{rng.randrange(1, 100000) / 1000}", unit, rng.choice(["", "deliver before noon", "mill cert, 3.1"])])
    orders_path, lines_path = folder / "orders.csv", folder / "order-line-items.csv"
    orders_path.write_bytes(csv_bytes(template_headers(Kind.ORDERS), orders))
    lines_path.write_bytes(csv_bytes(template_headers(Kind.LINE_ITEMS), lines))
    return orders_path, lines_path


def fresh_context(folder: Path, name: str) -> tuple[AppContext, Principal]:
    """A migrated SQLite database (and blob folder) of its own, with one company and its user."""
    settings = Settings(sqlite_path=folder / f"{name}.sqlite3", blob_local_root=folder / f"{name}-blobs")
    ctx = build_context(settings, SystemClock())
    migrate(ctx.db)
    company_id = admin.create_company(ctx.db, "Bench Steel")["companyId"]
    key = admin.create_api_key(ctx.db, company_id, "Bench Planner")
    return ctx, Principal(company_id, key["userId"], "Bench Planner")


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up as the app's (WAL, foreign keys, the history clock function)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.create_function("txn_now", 0, lambda: "2026-01-01 00:00:00.000000")
    return conn


def timed(action: Callable[[], Any]) -> tuple[Any, float, float]:
    """``action()``'s result, wall seconds and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def in_child(module: str, *args: str) -> dict[str, Any]:
    """Run ``python -m module args`` (a measurement in a fresh process) and parse the JSON it prints last."""
    import json

    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
