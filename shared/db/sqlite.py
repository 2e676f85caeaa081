"""SQLite, the embedded default: WAL, a busy timeout, ``BEGIN IMMEDIATE`` for writes.

History tables are kept by triggers that call ``txn_now()``, a function this module registers on every
connection and that returns the current transaction's timestamp, so a transaction's rows share one time.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from shared.clock import Clock
from shared.db.database import Database, Params, Row, StorageFault, Transaction, translated
from shared.db.dialect import SqliteDialect
from shared.db.sqlite_write_lock import WriteLock, WriteLockTimeout
from shared.db.values import plain_decimal, sqlite_timestamp
from shared.db.waiting import lock_wait_milliseconds, remaining_seconds
from shared.errors import ServiceUnavailable

sqlite3.register_adapter(Decimal, plain_decimal)
sqlite3.register_adapter(datetime, sqlite_timestamp)
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(uuid.UUID, lambda value: str(value))

BUSY_TIMEOUT_SECONDS = 15.0  # for a connection's own statements; each transaction sets what is left of its budget
# WAL checkpoints run after every CHECKPOINT_EVERY_COMMITS-th write of a process, outside the write lock
# (``_checkpoint``); SQLite's own checkpoint inside a COMMIT stays as a backstop for a WAL past AUTOCHECKPOINT_PAGES.
CHECKPOINT_EVERY_COMMITS = 50
AUTOCHECKPOINT_PAGES = 4_000  # 16 MB of 4 KiB pages; SQLite's default is 1,000
MIN_FREE_BYTES = 16 * 1024 * 1024  # below this, health reports the disk as full before SQLite does
log = logging.getLogger("orders_api")


class SqliteTransaction(Transaction):
    def __init__(self, conn: sqlite3.Connection, dialect: SqliteDialect, now: datetime) -> None:
        super().__init__(dialect, now)
        self.conn = conn
        self.now_text = sqlite_timestamp(now)

    def _execute(self, sql: str, params: Params) -> int:
        return self.conn.execute(sql, params).rowcount

    def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        return self.conn.executemany(sql, rows).rowcount

    def _query(self, sql: str, params: Params) -> list[Row]:
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def _query_values(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def _commit(self) -> None:
        self.conn.execute("COMMIT")


class SqliteDatabase(Database):
    dialect = SqliteDialect()
    transaction_class = SqliteTransaction

    def __init__(self, path: Path, clock: Clock) -> None:
        super().__init__(clock)
        self.path = path
        self._local = threading.local()
        self._writers = WriteLock(path)
        self._commits = itertools.count(1)

    def migration_dialect(self) -> str:
        return "sqlite"

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        # Writers queue on the database's write lock (shared.db.sqlite_write_lock), in this process and across
        # processes, rather than polling in SQLite's busy handler; the wait is bounded by the request's budget.
        with contextlib.ExitStack() as held:
            try:
                held.enter_context(self._writers.held(remaining_seconds()))
            except WriteLockTimeout:
                raise ServiceUnavailable("The database is busy; please retry.", retry_after_seconds=2) from None
            except OSError as exc:  # the lock file cannot be created or opened
                raise StorageFault(exc.strerror or "the database folder cannot be written") from exc
            with self._transaction("BEGIN IMMEDIATE") as tx:
                yield tx
        if tx.committed and next(self._commits) % CHECKPOINT_EVERY_COMMITS == 0:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL's committed pages into the database file (and fsync it), after the write lock is released:
        SQLite's own checkpoint runs inside the COMMIT that crosses its threshold, so every writer queued behind
        that one waited for the copy and the fsync too (tens to hundreds of ms on a busy disk). A passive
        checkpoint never waits for anyone, and writers go on appending to the WAL meanwhile."""
        try:
            self._connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            log.warning("SQLite WAL checkpoint failed; a later one will catch up", exc_info=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Transaction]:
        with self._transaction("BEGIN") as tx:
            yield tx

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[SqliteTransaction]:
        conn = self._begin(begin)
        tx = self.transaction_class(conn, self.dialect, self._transaction_time())
        self._local.tx = tx
        try:
            yield tx
        finally:
            self._local.tx = None
            self._end(conn)

    def _begin(self, begin: str) -> sqlite3.Connection:
        """A connection in a new transaction, waiting for the write lock at most what is left of the budget."""
        try:
            conn = self._connection()
            conn.execute(f"PRAGMA busy_timeout = {lock_wait_milliseconds()}")
            conn.execute(begin)
        except OSError as exc:  # the folder cannot be created or written
            raise StorageFault(exc.strerror or "the database folder cannot be written") from exc
        except sqlite3.Error as exc:
            error = translated(self.dialect, exc)
            if error is exc:
                raise
            raise error from exc
        return conn

    def _end(self, conn: sqlite3.Connection) -> None:
        """Roll back what was not committed; a rollback that fails never hides the error that led to it."""
        if not conn.in_transaction:
            return
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            log.warning("SQLite rollback failed; the connection is dropped", exc_info=True)
            self.close()

    def execute_outside_transaction(self, sql: str) -> None:
        self._connection().execute(sql)

    def storage_problem(self) -> str | None:
        """Why the database cannot take writes now (None: it can): a nearly full disk, or a probe that writes 64 KiB
        (new pages, as a real write needs) and rolls back."""
        if shutil.disk_usage(self.path.parent).free < MIN_FREE_BYTES:
            return "the disk is full"
        try:
            with self.write() as tx:
                tx.exempt("health probe: writes one row of its own table and rolls it back")
                tx.execute("INSERT INTO HealthProbe (Payload) VALUES (randomblob(65536))")
        except ServiceUnavailable as exc:
            return str(getattr(exc, "fault", exc.detail))
        return None

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.create_function("txn_now", 0, self._txn_now)
        return conn

    def _txn_now(self) -> str:
        tx: SqliteTransaction | None = getattr(self._local, "tx", None)
        return tx.now_text if tx is not None else sqlite_timestamp(self.clock.now())

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
