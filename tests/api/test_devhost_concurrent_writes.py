"""Writes from many clients at once through ``python -m devhost --workers 2``: two processes share one SQLite file
and queue their writers on its writer lock. No write is lost or doubled, and none fails."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reservation_race import cli, devhost, environment
from tests.support import order

pytestmark = pytest.mark.slow
CLIENTS = 8
CREATES = 5  # per client
UPDATES = 5  # per client, all of one shared order


def test_concurrent_creates_and_updates_over_two_workers_are_each_applied_once(tmp_path: Path) -> None:
    env = environment(tmp_path)
    cli(env, "migrate")
    company_id = cli(env, "create-company", "--name", "Concurrent Metals")["companyId"]
    api_key = cli(env, "create-api-key", "--company", company_id, "--name", "Writer")["apiKey"]
    with devhost(env, tmp_path / "devhost.log", "--workers", "2", "--no-blob-watch") as base:
        url = f"{base}/companies/{company_id}/orders"
        with httpx.Client(headers={"Authorization": f"Bearer {api_key}"}, timeout=60) as shared:
            [target] = _expect(shared.post(url, json=[order("SO-SHARED", quantity=1)]), 201)
            with ThreadPoolExecutor(CLIENTS) as pool:
                sent = list(pool.map(lambda number: _client(api_key, url, target["orderId"], number), range(CLIENTS)))
            listed = _expect(shared.get(url, params={"limit": 1000}), 200)
            events = _expect(shared.get(f"{url}/{target['orderId']}/history"), 200)
            final = _expect(shared.get(f"{url}/{target['orderId']}"), 200)
    created = [reference for references, _ in sent for reference in references]
    assert Counter(found["orderReference"] for found in listed) == Counter([*created, "SO-SHARED"])  # each exactly once
    # Every update is in the order's history once, each starting from the value the one before it left.
    updates = [event["changes"] for event in events if event["entityType"] == "Order" and event["changeType"] == "Updated"]
    assert all(len(changes) == 1 and changes[0]["field"] == "quantity" for changes in updates)
    chain = [(float(changes[0]["oldValue"]), float(changes[0]["newValue"])) for changes in updates]
    assert sorted(new for _, new in chain) == sorted(quantity for _, quantities in sent for quantity in quantities)
    assert [old for old, _ in chain] == [1.0] + [new for _, new in chain[:-1]]
    assert float(final["quantity"]) == chain[-1][1]


def _client(api_key: str, url: str, order_id: str, number: int) -> tuple[list[str], list[float]]:
    """Creates its own orders and updates the shared one in turn; every response must be the success it expects."""
    references, quantities = [], []
    with httpx.Client(headers={"Authorization": f"Bearer {api_key}"}, timeout=60) as http:
        for step in range(max(CREATES, UPDATES)):
            if step < CREATES:
                reference = f"SO-C{number:02d}-{step:02d}"
                _expect(http.post(url, json=[order(reference, lines=2)]), 201)
                references.append(reference)
            if step < UPDATES:
                quantity = float(100 + number * UPDATES + step)  # distinct: every update changes the order
                _expect(http.put(url, json=[{"orderId": order_id, "quantity": quantity}]), 200)
                quantities.append(quantity)
    return references, quantities


def _expect(response: httpx.Response, status: int) -> Any:
    assert response.status_code == status, response.text
    return response.json()

