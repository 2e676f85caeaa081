"""Database and Transaction: the unit of work every service runs in.

``with db.write() as tx: ...; tx.commit()`` is one transaction; leaving the block without ``commit()`` rolls
back. Writes serialise on the database's write lock and share one transaction timestamp (``tx.now``), which
is also what the history tables record, so all rows changed by one request carry the same time.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from shared.clock import Clock
from shared.db import change_marker
from shared.db.dialect import Dialect
from shared.db.locking import LOCK_CHUNK, LockTarget
from shared.errors import AppError, Conflict, DependencyFailed, ServiceUnavailable

Row = dict[str, Any]
Params = Sequence[Any]


def translated(dialect: Dialect, exc: Exception) -> Exception:
    """A driver error as the app's error: unique violations 409, transient faults and full or read-only storage 503,
    what an operator must fix 500 with the cause named (never the driver's message); anything else as it is."""
    if dialect.is_unique_violation(exc):
        return Conflict("The change conflicts with existing data (a unique value is already taken).")
    if dialect.is_transient(exc):
        return ServiceUnavailable("The database is busy; please retry.")
    fault = dialect.storage_fault(exc)
    if fault is not None:
        return StorageFault(fault)
    cause = dialect.permanent_cause(exc)
    if cause is not None:
        return DependencyFailed("database", cause)
    return exc


class StorageFault(ServiceUnavailable):
    """The database's storage cannot take writes now (full disk, read-only file or folder)."""

    def __init__(self, fault: str) -> None:
        super().__init__(f"The database cannot store changes now ({fault}); please retry later.", retry_after_seconds=30)
        self.fault = fault


class Transaction(ABC):
    """One open transaction. Repositories run SQL through it; only services call ``commit``."""

    exemption: str | None  # why this transaction is outside the locking protocol (shared.db.locking)
    changed_orders: dict[str, set[str]]  # company -> orders this transaction changed (change marker)

    def __init__(self, dialect: Dialect, now: datetime) -> None:
        self.dialect = dialect
        self.now = now
        self.committed = False
        self.exemption = None
        self.changed_orders = {}

    def lock(self, target: LockTarget, company_id: str, keys: Iterable[str]) -> None:
        """Lock the company's rows of ``target`` named by ``keys`` (and the gaps where absent ones would go) until
        the transaction ends. Call before reading anything the transaction decides on, in ascending ``rank``.
        Without a lock hint (SQLite: the transaction holds the database's one write lock) the keys need no order,
        and sorting a bulk import's 140,000 of them is skipped."""
        ordered = target.in_lock_order(keys) if self.dialect.lock_hint else target.distinct(keys)
        for start in range(0, len(ordered), LOCK_CHUNK):
            self._lock(target, company_id, ordered[start : start + LOCK_CHUNK])

    def exempt(self, reason: str) -> None:
        """Declare this transaction outside the locking protocol, with the reason (see shared.db.locking)."""
        self.exemption = reason

    def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns the number of rows it changed."""
        with self._translated_errors():
            return self._execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> int:
        """Run one statement per parameter row; returns the rows changed in all, or -1 when the driver cannot tell."""
        with self._translated_errors():
            return self._executemany(sql, rows)

    def expect_changed(self, changed: int, expected: int, what: str) -> None:
        """A guarded write changed fewer rows than it decided on: someone changed them since they were read."""
        if changed != -1 and changed != expected:
            raise Conflict(f"{what} changed while this request was being processed; reload and try again.")

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        with self._translated_errors():
            return self._query(sql, params)

    def query_values(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Rows as tuples in the SELECT's column order: for bulk reads that would only take dicts apart again."""
        with self._translated_errors():
            return self._query_values(sql, params)

    def query_one(self, sql: str, params: Params = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Params = ()) -> Any:
        row = self.query_one(sql, params)
        return None if row is None else next(iter(row.values()))

    def note_changed_orders(self, company_id: str, order_ids: Iterable[str]) -> None:
        """Orders written by this transaction: ``commit`` bumps the company's change marker for them."""
        self.changed_orders.setdefault(company_id, set()).update(str(order_id).lower() for order_id in order_ids)

    def commit(self) -> None:
        for company_id, order_ids in sorted(self.changed_orders.items()):
            change_marker.bump(self, company_id, order_ids)  # last: the marker's lock is held only to the commit
        self.changed_orders = {}
        with self._translated_errors():
            self._commit()
        self.committed = True

    @contextlib.contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except AppError:
            raise
        except Exception as exc:  # driver errors are translated once, here
            app_error = translated(self.dialect, exc)
            if app_error is exc:
                raise
            raise app_error from exc

    @abstractmethod
    def _execute(self, sql: str, params: Params) -> int: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Iterable[Params]) -> int: ...

    def _lock(self, target: LockTarget, company_id: str, keys: list[str]) -> None:
        sql = self.dialect.lock_statement(target, len(keys))
        if sql is not None:
            self.query_values(sql, [company_id, *keys])

    @abstractmethod
    def _query(self, sql: str, params: Params) -> list[Row]: ...

    @abstractmethod
    def _commit(self) -> None: ...

    def _query_values(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        return [tuple(row.values()) for row in self._query(sql, params)]


class Database(ABC):
    dialect: Dialect
    _last_now: datetime | None

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._last_now = None

    @abstractmethod
    def write(self) -> contextlib.AbstractContextManager[Transaction]:
        """A read-write transaction holding the write lock from its first statement."""

    @abstractmethod
    def read(self) -> contextlib.AbstractContextManager[Transaction]:
        """A read-only transaction: one consistent snapshot."""

    @abstractmethod
    def migration_dialect(self) -> str:
        """Folder name of this database's migrations."""

    def ping(self) -> None:
        with self.read() as tx:
            tx.scalar("SELECT 1 AS one")

    @abstractmethod
    def execute_outside_transaction(self, sql: str) -> None:
        """Run one statement on its own, committed at once (for migrations that cannot run in a transaction)."""

    def storage_problem(self) -> str | None:
        """Why the database cannot take writes now, when it can tell (None: no problem known)."""
        return None

    def _transaction_time(self) -> datetime:
        """Strictly increasing within this process, so two transactions never share a timestamp."""
        now = self.clock.now()
        if self._last_now is not None and now <= self._last_now:
            now = self._last_now + timedelta(microseconds=1)
        self._last_now = now
        return now
