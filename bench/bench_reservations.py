"""DESIGN §10: 50 concurrent reservations of one stock row through devhost (SQLite file), splits and whole rows
mixed -> never more reserved than exists, every other request a 409, never a 500 (or 503). Repeated with 200
clients to show the margin."""

from __future__ import annotations

import statistics
import tempfile
from decimal import Decimal
from pathlib import Path

from bench.report import Figure
from tests.reservation_race import RaceResult, race

ROUNDS = 3


def _check(result: RaceResult) -> str:
    linked = [attempt.body["linkedInventoryId"] for attempt in result.successes]
    problems = []
    if set(result.statuses) - {201, 409}:
        problems.append(f"unexpected statuses {dict(result.statuses)}")
    if result.reserved > result.stock or result.family_total != result.stock:
        problems.append(f"stock not conserved: reserved {result.reserved}, rows hold {result.family_total} of {result.stock}")
    if len(linked) != len(set(linked)):
        problems.append("a row was linked twice")
    return "ok" if not problems else "FAILED: " + "; ".join(problems)


def _rounds(clients: int, stock: Decimal) -> list[str | Figure]:
    lines: list[str | Figure] = []
    elapsed, failed = [], 0
    for seed in range(ROUNDS):
        with tempfile.TemporaryDirectory() as folder:
            result = race(Path(folder), clients=clients, stock=stock, seed=seed)
        elapsed.append(result.elapsed)
        verdict = _check(result)
        failed += verdict != "ok"
        lines.append(f"{clients} clients, round {seed + 1}: {result.summary()} -> {verdict}")
    lines.append(f"{clients} clients: median {statistics.median(elapsed):.3f}s, {clients / statistics.median(elapsed):.0f} requests/s")
    lines.append(Figure(f"{clients} racing reservations: rounds not conserving stock or not 201/409", failed, goal=0, unit="rounds"))
    return lines


def run() -> list[str | Figure]:
    return _rounds(50, Decimal(40)) + _rounds(200, Decimal(200))
