"""Azure SQL / SQL Server through pyodbc (ODBC Driver 18).

Without credentials in the connection string the app authenticates as its managed identity
(``sqlserver_identity``). pyodbc and azure-identity are imported on first connect, never at app start.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from shared.clock import Clock
from shared.db.database import Database, Params, Row, Transaction, translated
from shared.db.dialect import SqlServerDialect
from shared.db.sqlserver_errors import classify
from shared.db.sqlserver_identity import SQL_COPT_SS_ACCESS_TOKEN, access_token_attribute, entra_token, needs_access_token
from shared.db.sqlserver_pool import MAX_LIFETIME_SECONDS, TOKEN_MARGIN_SECONDS, ConnectionPool, Pooled
from shared.db.values import naive_utc
from shared.db.waiting import lock_wait_milliseconds
from shared.errors import AppError, ServiceUnavailable

# ODBC Driver for SQL Server: SQL_COPT_SS_TXN_ISOLATION and its values (msodbcsql.h).
SQL_COPT_SS_TXN_ISOLATION = 1227
SQL_TXN_READ_COMMITTED = 2
SQL_TXN_SS_SNAPSHOT = 32
LOGIN_TIMEOUT_SECONDS = 30
# Longest a statement may run: well under the 230 s the Azure front end gives an HTTP request.
QUERY_TIMEOUT_SECONDS = 120
SNAPSHOT_STATE = "SELECT snapshot_isolation_state FROM sys.databases WHERE database_id = DB_ID()"
log = logging.getLogger("orders_api")
__all__ = ["SqlServerDatabase", "access_token_attribute", "needs_access_token"]


def _bindable(value: Any) -> Any:
    if isinstance(value, datetime):
        return naive_utc(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _params(params: Params) -> list[Any]:
    return [_bindable(value) for value in params]


class SqlServerTransaction(Transaction):
    def __init__(self, conn: Any, dialect: SqlServerDialect, now: datetime) -> None:
        super().__init__(dialect, now)
        self.conn = conn

    def _execute(self, sql: str, params: Params) -> int:
        cursor = self.conn.cursor()
        cursor.execute(sql, _params(params))
        return int(cursor.rowcount)

    def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        cursor = self.conn.cursor()
        cursor.fast_executemany = True
        batch = [_params(row) for row in rows]
        changed = 0
        # Chunked: fast_executemany builds the whole parameter array in memory.
        for start in range(0, len(batch), 5000):
            cursor.executemany(sql, batch[start : start + 5000])
            changed = -1 if changed == -1 or cursor.rowcount < 0 else changed + int(cursor.rowcount)
        return changed

    def _query(self, sql: str, params: Params) -> list[Row]:
        cursor = self.conn.cursor()
        cursor.execute(sql, _params(params))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def _commit(self) -> None:
        self.conn.commit()


class SqlServerDatabase(Database):
    """Connections come from a small per-process pool. Every connection has ``XACT_ABORT`` on and a query timeout;
    every transaction waits for locks at most what is left of its waiting budget (``SET LOCK_TIMEOUT``). Writes run
    under READ COMMITTED (with the database's row versioning, a locking read after the locks the protocol takes);
    reads run under SNAPSHOT, so a read that spans statements sees one state (when the database allows it)."""

    dialect = SqlServerDialect()
    transaction_class = SqlServerTransaction
    _credential: Any
    _snapshot: bool | None

    def __init__(self, connection_string: str, clock: Clock, client_id: str | None = None) -> None:
        super().__init__(clock)
        self.connection_string = connection_string
        self.client_id = client_id
        self._credential = None
        self._snapshot = None
        self.pool = ConnectionPool(self._connect)

    def migration_dialect(self) -> str:
        return "sqlserver"

    @contextlib.contextmanager
    def write(self) -> Iterator[Transaction]:
        with self._transaction(writable=True) as tx:
            yield tx

    @contextlib.contextmanager
    def read(self) -> Iterator[Transaction]:
        with self._transaction(writable=False) as tx:
            yield tx

    @contextlib.contextmanager
    def _transaction(self, *, writable: bool) -> Iterator[Transaction]:
        pooled = self.pool.acquire()
        reusable = False
        try:
            self._begin(pooled.conn, writable)
            tx = self.transaction_class(pooled.conn, self.dialect, self._transaction_time())
            try:
                yield tx
            finally:
                reusable = tx.committed or _rolled_back(pooled.conn)
        finally:
            self.pool.release(pooled, reusable=reusable)

    def execute_outside_transaction(self, sql: str) -> None:
        pooled = self.pool.acquire()
        try:
            with self._driver_errors():
                pooled.conn.autocommit = True
                pooled.conn.cursor().execute(sql)
        finally:
            pooled.conn.autocommit = False
            self.pool.release(pooled, reusable=True)

    def _begin(self, conn: Any, writable: bool) -> None:
        isolation = SQL_TXN_READ_COMMITTED if writable or not self._snapshot_allowed(conn) else SQL_TXN_SS_SNAPSHOT
        with self._driver_errors():
            # The isolation level as a connection attribute, between transactions (the driver's documented way).
            conn.set_attr(SQL_COPT_SS_TXN_ISOLATION, isolation)
            conn.cursor().execute(f"SET LOCK_TIMEOUT {lock_wait_milliseconds()}")

    def _snapshot_allowed(self, conn: Any) -> bool:
        if self._snapshot is None:
            with self._driver_errors():
                row = conn.cursor().execute(SNAPSHOT_STATE).fetchone()
            self._snapshot = bool(row and row[0] == 1)
            if not self._snapshot:
                log.warning("SQL Server: snapshot isolation is off in this database; reads use READ COMMITTED (migration 0005 turns it on)")
        return self._snapshot

    def _connect(self) -> Pooled:
        import pyodbc

        attrs: dict[int, bytes] = {}
        retire_at = time.time() + MAX_LIFETIME_SECONDS
        if needs_access_token(self.connection_string):
            token, expires_on = self._token()
            attrs[SQL_COPT_SS_ACCESS_TOKEN] = access_token_attribute(token)
            retire_at = min(retire_at, expires_on - TOKEN_MARGIN_SECONDS)
        with self._driver_errors(connecting=True):
            conn = pyodbc.connect(self.connection_string, attrs_before=attrs, autocommit=False, timeout=LOGIN_TIMEOUT_SECONDS)
            conn.timeout = QUERY_TIMEOUT_SECONDS
            conn.execute("SET XACT_ABORT ON")
        return Pooled(conn, retire_at)

    @contextlib.contextmanager
    def _driver_errors(self, *, connecting: bool = False) -> Iterator[None]:
        """Driver errors outside a statement (connecting, session settings) translated as a statement's are; a
        connect failure of no known kind is a 503 with its numbers logged."""
        try:
            yield
        except AppError:
            raise
        except Exception as exc:
            error = translated(self.dialect, exc)
            if error is exc and not connecting:
                raise
            if error is exc:
                log.warning("SQL Server: cannot connect: %s", classify(exc).cause)
                error = ServiceUnavailable("The database cannot be reached; please retry.", retry_after_seconds=5)
            raise error from exc

    def _token(self) -> tuple[str, float]:
        """An Entra access token for the database and when it expires (epoch seconds)."""
        self._credential, token, expires_on = entra_token(self._credential, self.client_id)
        return token, expires_on


def _rolled_back(conn: Any) -> bool:
    """Roll back; False when that failed (the connection is then closed). The error that led here stays the one
    raised: a failed rollback is only logged."""
    try:
        conn.rollback()
    except Exception:
        log.warning("SQL Server rollback failed; the connection is closed", exc_info=True)
        return False
    return True
