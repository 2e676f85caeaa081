"""Idempotency keys kept a day and purged at most once an hour per company: the edges of both windows, whose keys a
purge deletes, and that a purge the busy database refused is tried again on the next keyed request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import cast

from shared.context import AppContext
from shared.db.database import Database, Transaction
from shared.errors import ServiceUnavailable
from shared.repositories import idempotency as stored_keys
from shared.services import idempotency
from shared.services.idempotency import PURGE_INTERVAL, RETENTION
from tests.support import Tenant

SECOND = timedelta(seconds=1)


def store(ctx: AppContext, company_id: str, key: str, age: timedelta) -> None:
    with ctx.db.write() as tx:
        tx.exempt("test setup: arranges stored data directly")
        stored_keys.insert(tx, company_id, key, "hash", 201, '{"first": true}', tx.now - age)
        tx.commit()


def keys(ctx: AppContext, company_id: str) -> list[str]:
    with ctx.db.read() as tx:
        rows = tx.query("SELECT IdempotencyKey FROM IdempotencyKeys WHERE CompanyId = ? ORDER BY IdempotencyKey", (company_id,))
    return [str(row["IdempotencyKey"]) for row in rows]


def test_a_key_exactly_a_day_old_still_replays_and_an_older_one_runs_again(ctx: AppContext, tenant: Tenant) -> None:
    with ctx.db.write() as tx:
        tx.exempt("test: the keys' ages are relative to this transaction's clock")
        stored_keys.insert(tx, tenant.company_id, "day-old", "hash", 201, '{"first": true}', tx.now - RETENTION)
        stored_keys.insert(tx, tenant.company_id, "older", "hash", 201, '{"first": true}', tx.now - RETENTION - SECOND)
        outcomes = [idempotency.run_once(tx, tenant.company_id, key, "hash", 201, lambda: {"again": True}) for key in ("day-old", "older")]
        tx.commit()
    assert outcomes == [idempotency.Outcome(201, {"first": True}, replayed=True), idempotency.Outcome(201, {"again": True})]


def test_a_purge_deletes_only_this_companys_expired_keys(ctx: AppContext, tenant: Tenant, other_tenant: Tenant) -> None:
    for company_id in (tenant.company_id, other_tenant.company_id):
        store(ctx, company_id, "expired", RETENTION + SECOND)
        store(ctx, company_id, "fresh", RETENTION - timedelta(minutes=1))
    idempotency.purge_expired(ctx.db, tenant.company_id, ctx.clock.now())
    assert (keys(ctx, tenant.company_id), keys(ctx, other_tenant.company_id)) == (["fresh"], ["expired", "fresh"])


def test_a_company_is_purged_at_most_once_an_hour(ctx: AppContext, tenant: Tenant) -> None:
    start = ctx.clock.now()
    idempotency.purge_expired(ctx.db, tenant.company_id, start)
    store(ctx, tenant.company_id, "expired", RETENTION + SECOND)
    idempotency.purge_expired(ctx.db, tenant.company_id, start + PURGE_INTERVAL - SECOND)
    assert keys(ctx, tenant.company_id) == ["expired"]
    idempotency.purge_expired(ctx.db, tenant.company_id, start + PURGE_INTERVAL)
    assert keys(ctx, tenant.company_id) == []


class BusyDatabase:
    def __init__(self, together: threading.Barrier | None = None) -> None:
        self.together, self.entered = together, threading.Event()

    @contextmanager
    def write(self) -> Iterator[Transaction]:
        self.entered.set()
        if self.together is not None:
            self.together.wait(timeout=10)
        raise ServiceUnavailable("busy", retry_after_seconds=1)
        yield  # pragma: no cover


def test_a_purge_refused_by_a_busy_database_is_tried_again_next_time(ctx: AppContext, tenant: Tenant) -> None:
    store(ctx, tenant.company_id, "expired", RETENTION + SECOND)
    start = ctx.clock.now()
    idempotency.purge_expired(cast(Database, BusyDatabase()), tenant.company_id, start)
    idempotency.purge_expired(ctx.db, tenant.company_id, start + SECOND)
    assert keys(ctx, tenant.company_id) == []


def test_two_purges_refused_at_once_both_give_up_quietly(ctx: AppContext, tenant: Tenant) -> None:
    """The second purge starts an interval after the first; both are refused; each forgets the company's last purge."""
    start, busy, failures = ctx.clock.now(), BusyDatabase(threading.Barrier(2)), []

    def purge(now: datetime) -> None:
        try:
            idempotency.purge_expired(cast(Database, busy), tenant.company_id, now)
        except Exception as exc:  # collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=purge, args=(now,)) for now in (start, start + PURGE_INTERVAL)]
    threads[0].start()
    assert busy.entered.wait(timeout=10)  # the first has recorded its purge before the second starts
    threads[1].start()
    for thread in threads:
        thread.join(timeout=20)
    assert failures == []
    store(ctx, tenant.company_id, "expired", RETENTION + SECOND)
    idempotency.purge_expired(ctx.db, tenant.company_id, start + SECOND)
    assert keys(ctx, tenant.company_id) == []
