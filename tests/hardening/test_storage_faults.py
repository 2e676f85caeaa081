"""Storage faults are 503 with Retry-After, health names the failing dependency while they last (issue 12.7), and
a write waiting on a locked database gives up within one waiting budget on every route (issue 12.8)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.context import AppContext
from shared.db import waiting
from shared.db.sqlite import SqliteDatabase
from tests.support import Api, order


def connection(ctx: AppContext) -> sqlite3.Connection:
    """The request thread's connection (the test client serves requests on this thread)."""
    assert isinstance(ctx.db, SqliteDatabase)
    return ctx.db._connection()


def test_a_full_disk_is_503_and_health_says_so_until_a_write_succeeds(ctx: AppContext, api: Api) -> None:
    conn = connection(ctx)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    response = api.request("POST", json=[order(lines=20) for _ in range(200)])
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "full" in response.get_json()["detail"]
    health = api.client.get("/api/health")
    assert health.status_code == 503 and "database" in health.get_json()["detail"] and "full" in health.get_json()["detail"]
    conn.execute("PRAGMA max_page_count = 1073741823")
    api.create([order("SO-AFTER")])
    assert api.client.get("/api/health").status_code == 200


def test_a_read_only_database_is_503_and_unhealthy(ctx: AppContext, api: Api) -> None:
    connection(ctx).execute("PRAGMA query_only = ON")
    try:
        response = api.request("POST", json=[order()])
        assert response.status_code == 503 and response.headers["Retry-After"] == "30"
        health = api.client.get("/api/health")
        assert health.status_code == 503 and "read-only" in health.get_json()["detail"]
    finally:
        connection(ctx).execute("PRAGMA query_only = OFF")
    assert api.client.get("/api/health").status_code == 200


def test_a_blob_folder_that_cannot_be_written_makes_health_name_storage(ctx: AppContext, api: Api, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the blob folder should be")
    ctx.blobs.root = blocked / "blobs"  # type: ignore[attr-defined]
    health = api.client.get("/api/health")
    assert health.status_code == 503 and "storage" in health.get_json()["detail"]
    assert "database" not in health.get_json()["detail"]


@pytest.fixture
def locked_database(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Another process holds the write lock; the waiting budget is half a second; yields the wait granted to each
    write transaction that began."""
    monkeypatch.setattr(waiting, "WAIT_BUDGET_SECONDS", 0.5)
    granted: list[int] = []
    begin = SqliteDatabase._begin

    def spy(self: SqliteDatabase, statement: str) -> sqlite3.Connection:
        if statement != "BEGIN":
            granted.append(waiting.lock_wait_milliseconds())
        return begin(self, statement)

    monkeypatch.setattr(SqliteDatabase, "_begin", spy)
    assert isinstance(ctx.db, SqliteDatabase)
    holder = sqlite3.connect(ctx.db.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield granted
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def routes(api: Api, order_id: str, line_id: str) -> dict[str, tuple[str, str, dict]]:
    reserve = f"/{order_id}/line-items/{line_id}/reservations"
    return {
        "create": ("POST", "", {"json": [order()]}),
        "update": ("PUT", "", {"json": [{"orderId": order_id, "site": "x"}]}),
        "delete": ("DELETE", "", {"json": [order_id]}),
        "restore": ("POST", "/restore", {"json": [order_id]}),
        "reserve": ("POST", reserve, {"query_string": {"inventoryId": order_id, "reserveQuantity": "1"}}),
        "unreserve": ("DELETE", f"{reserve}/{order_id}", {}),
    }


@pytest.mark.parametrize("route", ["create", "update", "delete", "restore", "reserve", "unreserve"])
def test_a_write_on_a_locked_database_waits_one_budget_then_503(api: Api, route: str, request: pytest.FixtureRequest) -> None:
    [created] = api.create([order(lines=1)])
    method, path, options = routes(api, created["orderId"], created["lineItems"][0]["orderLineItemId"])[route]
    granted = request.getfixturevalue("locked_database")
    response = api.request(method, path, **options)
    assert response.status_code == 503 and "Retry-After" in response.headers
    # All the attempts together were granted no more than the one budget (reserve waited 4 x 15 s before).
    assert granted and sum(granted) <= 500 + 10 * len(granted)
