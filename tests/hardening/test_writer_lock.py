"""SQLite writers queue on the database's writer lock across processes (shared/db/sqlite_write_lock.py): a write
waits while another process holds it, goes on as soon as it is released, gives up with 503 and Retry-After within
the request's one waiting budget on every route (issue 12.8), and never leaves the lock behind."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shared.context import AppContext
from shared.db import sqlite, waiting
from shared.db.sqlite import SqliteDatabase
from shared.db.sqlite_write_lock import WriteLock
from tests.hardening.test_storage_faults import routes
from tests.support import Api, order

HOLDER = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the writer lock is SQLite's; SQL Server locks rows (shared.db.locking)


def lock_file(ctx: AppContext) -> Path:
    assert isinstance(ctx.db, SqliteDatabase)
    return ctx.db.path.with_name(f"{ctx.db.path.name}-writer.lock")


@contextlib.contextmanager
def held_by_another_process(path: Path) -> Iterator[None]:
    """Another process holds the writer lock until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.flush()
        holder.wait(timeout=30)


def free_for_another_process(path: Path, within: float = 10.0) -> bool:
    """Whether another process can take the writer lock, trying for up to ``within`` seconds."""
    probe = "import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDWR)\nfcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)"
    deadline = time.monotonic() + within
    while True:
        if subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, check=False).returncode == 0:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.fixture
def granted(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """A waiting budget of half a second; yields the wait granted to each attempt at the writer lock."""
    monkeypatch.setattr(waiting, "WAIT_BUDGET_SECONDS", 0.5)
    waits: list[float] = []
    held = WriteLock.held

    def spy(self: WriteLock, timeout: float) -> Any:
        waits.append(timeout)
        return held(self, timeout)

    monkeypatch.setattr(WriteLock, "held", spy)
    return waits


@pytest.mark.parametrize("route", ["create", "update", "delete", "restore", "reserve", "unreserve"])
def test_a_write_waits_one_budget_for_another_process_holding_the_writer_lock_then_503(
    ctx: AppContext, api: Api, granted: list[float], route: str
) -> None:
    [created] = api.create([order(lines=1)])
    method, path, options = routes(api, created["orderId"], created["lineItems"][0]["orderLineItemId"])[route]
    granted.clear()
    with held_by_another_process(lock_file(ctx)):
        response = api.request(method, path, **options)
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    # All its attempts together were granted no more than the one budget.
    assert granted and sum(granted) <= 0.5 + 0.01 * len(granted)
    assert free_for_another_process(lock_file(ctx)), "the writer lock was left held after giving up"


def test_a_write_waiting_for_the_writer_lock_goes_on_once_it_is_released(ctx: AppContext, api: Api) -> None:
    responses: list[Any] = []
    with held_by_another_process(lock_file(ctx)):
        writer = threading.Thread(target=lambda: responses.append(api.request("POST", json=[order("SO-WAITED")])))
        writer.start()
        writer.join(timeout=0.5)
        assert writer.is_alive(), "the write went ahead while another process held the writer lock"
    writer.join(timeout=30)
    assert [response.status_code for response in responses] == [201]
    assert [found["orderReference"] for found in api.request("GET").get_json()] == ["SO-WAITED"]


def test_a_write_that_fails_inside_its_transaction_releases_the_writer_lock(ctx: AppContext, api: Api) -> None:
    [created] = api.create([order("SO-TAKEN")])
    assert api.create([order("SO-TAKEN")], expect=409)  # refused inside the write transaction
    missing = api.request("PUT", json=[{"orderId": "00000000-0000-0000-0000-000000000000", "site": "x"}])
    assert missing.status_code == 404, missing.get_data(as_text=True)
    assert free_for_another_process(lock_file(ctx), within=0)
    api.request("PUT", json=[{"orderId": created["orderId"], "site": "Leeds"}])
    assert free_for_another_process(lock_file(ctx), within=0)


def test_a_forked_process_waits_for_its_parents_writer_lock_and_then_gets_it(ctx: AppContext, api: Api) -> None:
    """devhost forks its workers from one process: each must queue on the lock file on its own (a forked child
    shares its parent's open files, and a flock belongs to the open file) and must not inherit a held gate."""
    api.create([order("SO-BEFORE-FORK")])  # the parent has opened the lock file
    assert isinstance(ctx.db, SqliteDatabase)
    writers = ctx.db._writers
    read_end, write_end = os.pipe()
    with writers.held(5):
        pid = os.fork()
        if pid == 0:  # the child
            try:
                with writers.held(20):
                    os.write(write_end, f"got it at {time.monotonic()!r}".encode())
            except BaseException as exc:  # reported to the parent by name
                os.write(write_end, type(exc).__name__.encode())
            finally:
                os._exit(0)
        time.sleep(0.3)
        released = time.monotonic()  # the lock is released just after this (monotonic: one clock for both)
    os.waitpid(pid, 0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as result:
        outcome = result.read().decode()
    assert outcome.startswith("got it at "), outcome
    assert float(outcome.removeprefix("got it at ")) > released, "the child got the lock while the parent held it"


def test_a_write_behind_a_stuck_writer_of_its_own_process_waits_one_budget_then_503(
    ctx: AppContext, api: Api, granted: list[float]
) -> None:
    assert isinstance(ctx.db, SqliteDatabase)
    writers, taken, finish = ctx.db._writers, threading.Event(), threading.Event()

    def stuck_writer() -> None:
        with writers.held(5):
            taken.set()
            finish.wait(timeout=5)  # ten budgets: a write still waiting then was not bounded by its budget

    holder = threading.Thread(target=stuck_writer)
    holder.start()
    try:
        assert taken.wait(timeout=10)
        response = api.request("POST", json=[order("SO-BEHIND")])
        finished_while_held = not finish.is_set()
    finally:
        finish.set()
        holder.join(timeout=30)
    assert finished_while_held and response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert api.create([order("SO-AFTER")])[0]["orderReference"] == "SO-AFTER"


def test_wal_checkpoints_run_after_the_writer_lock_is_released(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's own checkpoint runs inside a COMMIT, holding every queued writer for its copy and fsync."""
    monkeypatch.setattr(sqlite, "CHECKPOINT_EVERY_COMMITS", 5)
    lock_free_during: list[bool] = []
    checkpoint = SqliteDatabase._checkpoint

    def spy(self: SqliteDatabase) -> None:
        lock_free_during.append(free_for_another_process(lock_file(ctx), within=0))
        checkpoint(self)

    monkeypatch.setattr(SqliteDatabase, "_checkpoint", spy)
    for number in range(12):
        api.create([order(f"SO-CKPT-{number}")])
    assert len(lock_free_during) >= 2 and all(lock_free_during)
    assert len(api.request("GET", query_string={"limit": 100}).get_json()) == 12
