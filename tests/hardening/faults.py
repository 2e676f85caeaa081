"""Fault injection: a SQLite database whose transactions fail at the N-th statement (or at commit)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, ClassVar

from shared import context as app_context
from shared.blobs.local import LocalBlobStore
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext
from shared.db.database import Database, Params, Row, Transaction
from shared.db.migrate import migrate
from shared.db.sqlite import SqliteDatabase, SqliteTransaction


class InjectedFault(RuntimeError):
    pass


class FaultyTransaction(SqliteTransaction):
    """Counts the statements of write transactions; raises at number ``fail_at`` (commit counts as one)."""

    fail_at: ClassVar[int | None] = None
    count: ClassVar[int] = 0
    counted = False  # set on the transactions FaultyDatabase.write opens

    def _step(self) -> None:
        if self.counted:
            type(self).count += 1
            if type(self).count == type(self).fail_at:
                raise InjectedFault(f"injected fault at statement {type(self).count}")

    def _execute(self, sql: str, params: Params) -> int:
        self._step()
        return super()._execute(sql, params)

    def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        self._step()
        return super()._executemany(sql, rows)

    def _query(self, sql: str, params: Params) -> list[Row]:
        self._step()
        return super()._query(sql, params)

    def _query_values(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        self._step()
        return super()._query_values(sql, params)

    def _commit(self) -> None:
        self._step()
        super()._commit()


class FaultyDatabase(SqliteDatabase):
    transaction_class = FaultyTransaction

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        with super().write() as tx:
            assert isinstance(tx, FaultyTransaction)
            tx.counted = True
            yield tx


def faulty_context(tmp: Path) -> AppContext:
    settings = Settings(sqlite_path=tmp / "db.sqlite3", blob_local_root=tmp / "blobs")
    db = FaultyDatabase(settings.sqlite_path, SystemClock())
    migrate(db)
    context = AppContext(settings=settings, db=db, blobs=LocalBlobStore(settings.blob_local_root), clock=SystemClock())
    app_context.use(context)
    return context


TABLES = (
    "Companies", "Users", "ApiKeys", "RelatedOrganisations", "Certificates", "IdempotencyKeys", "Orders", "OrdersHistory",
    "OrderLineItems", "OrderLineItemsHistory", "Inventory", "InventoryHistory", "OrderLineItemInventory",
    "OrderLineItemInventoryHistory", "CertificateHeatNumbers", "RelatedOrganisationNames",
)


def snapshot(db: Database, company_id: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the company in every table, in a stable order: equal snapshots mean nothing was written.

    Scoped to the company, so that a database shared with other tests (SQL Server) cannot make it flaky."""
    FaultyTransaction.fail_at = None
    with db.read() as tx:
        return {
            table: sorted(tuple(row.values()) for row in tx.query(f"SELECT * FROM {table} WHERE CompanyId = ?", (company_id,)))
            for table in TABLES
        }
