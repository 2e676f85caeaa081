"""Azure SQL / SQL Server through pyodbc (ODBC Driver 18).

Without credentials in the connection string the app authenticates as its managed identity: an Entra
access token from azure-identity is passed as connection attribute 1256 (SQL_COPT_SS_ACCESS_TOKEN).
pyodbc and azure-identity are imported here, on first connect, never at app start.
"""

from __future__ import annotations

import contextlib
import re
import struct
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from shared.clock import Clock
from shared.db.database import Database, Params, Row, Transaction
from shared.db.dialect import SqlServerDialect
from shared.db.values import naive_utc
from shared.errors import ServiceUnavailable

SQL_COPT_SS_ACCESS_TOKEN = 1256
TOKEN_SCOPE = "https://database.windows.net/.default"  # noqa: S105 - an OAuth scope, not a secret
_CREDENTIAL_KEYS = re.compile(r"(^|;)\s*(uid|pwd|authentication|trusted_connection)\s*=", re.IGNORECASE)


def _bindable(value: Any) -> Any:
    if isinstance(value, datetime):
        return naive_utc(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _params(params: Params) -> list[Any]:
    return [_bindable(value) for value in params]


def needs_access_token(connection_string: str) -> bool:
    """No user, password or authentication mode in the string: sign in as the managed identity."""
    return not _CREDENTIAL_KEYS.search(connection_string)


def access_token_attribute(token: str) -> bytes:
    """The token as the ODBC driver wants it: UTF-16-LE bytes behind a 4-byte little-endian length."""
    raw = token.encode("utf-16-le")
    return struct.pack(f"<I{len(raw)}s", len(raw), raw)


class SqlServerTransaction(Transaction):
    def __init__(self, conn: Any, dialect: SqlServerDialect, now: datetime, *, writable: bool = False) -> None:
        super().__init__(dialect, now, writable=writable)
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
    dialect = SqlServerDialect()
    transaction_class = SqlServerTransaction

    def __init__(self, connection_string: str, clock: Clock, client_id: str | None = None) -> None:
        super().__init__(clock)
        self.connection_string = connection_string
        self.client_id = client_id
        self._credential: Any = None

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
        conn = self._connect()
        tx = self.transaction_class(conn, self.dialect, self._transaction_time(), writable=writable)
        try:
            yield tx
        finally:
            if not tx.committed:
                conn.rollback()
            conn.close()

    def _connect(self) -> Any:
        import pyodbc

        attrs: dict[int, bytes] = {}
        if needs_access_token(self.connection_string):
            attrs[SQL_COPT_SS_ACCESS_TOKEN] = access_token_attribute(self._token())
        try:
            conn = pyodbc.connect(self.connection_string, attrs_before=attrs, autocommit=False, timeout=30)
        except pyodbc.Error as exc:
            raise ServiceUnavailable("The database cannot be reached; please retry.", retry_after_seconds=5) from exc
        conn.execute("SET XACT_ABORT ON")
        return conn

    def _token(self) -> str:
        if self._credential is None:
            from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

            self._credential = (
                ManagedIdentityCredential(client_id=self.client_id) if self.client_id else DefaultAzureCredential()
            )
        return str(self._credential.get_token(TOKEN_SCOPE).token)
