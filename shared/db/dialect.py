"""The few SQL differences between SQLite and SQL Server, in one place.

Everything else is portable SQL with ``?`` parameters, shared by both databases.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.locking import LockTarget
from shared.db.sqlserver_errors import classify
from shared.db.values import sqlite_timestamp


@dataclass(frozen=True)
class Dialect:
    name: str
    # Table hint that takes and holds an update lock on the rows read, for read-modify-write.
    lock_hint: str

    def first(self, select_sql: str) -> str:
        """Limit an ORDER BY'd SELECT to its first rows (the limit is a bound parameter)."""
        raise NotImplementedError

    def lock_statement(self, target: LockTarget, count: int) -> str | None:
        """The statement that locks ``count`` keys of ``target`` to the end of the transaction (None: no statement
        is needed, the transaction already holds the database's write lock)."""
        return target.statement(self.lock_hint, count) if self.lock_hint else None

    def is_unique_violation(self, exc: BaseException) -> bool:
        raise NotImplementedError

    def is_transient(self, exc: BaseException) -> bool:
        """Busy, locked, deadlocked: worth a retry, never the caller's fault."""
        raise NotImplementedError

    def storage_fault(self, exc: BaseException) -> str | None:
        """The database's storage cannot take writes (full, read-only, failing): a 503 until an operator fixes it."""
        return None

    def permanent_cause(self, exc: BaseException) -> str | None:
        """Why the database refuses us for good (login failed, firewall, driver missing), for one log line."""
        return None

    def timestamp_param(self, value: datetime) -> Any:
        """A timestamp ready to bind: bulk writes convert the transaction time once, not once per row."""
        return value


class SqliteDialect(Dialect):
    def __init__(self) -> None:
        super().__init__(name="sqlite", lock_hint="")

    def first(self, select_sql: str) -> str:
        return f"{select_sql} LIMIT ?"

    def is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE constraint failed" in str(exc)

    def timestamp_param(self, value: datetime) -> Any:
        return sqlite_timestamp(value)

    def is_transient(self, exc: BaseException) -> bool:
        return _sqlite_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)

    def storage_fault(self, exc: BaseException) -> str | None:
        return _STORAGE_FAULTS.get(_sqlite_code(exc) or -1)


# SQLite's primary result codes for storage that cannot take writes.
_STORAGE_FAULTS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the database is read-only",
    sqlite3.SQLITE_IOERR: "the disk failed a read or write",
    sqlite3.SQLITE_CANTOPEN: "the database file cannot be opened",
    sqlite3.SQLITE_PERM: "the database file may not be written",
}


def _sqlite_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if not isinstance(exc, sqlite3.Error) or code is None else int(code) & 0xFF


class SqlServerDialect(Dialect):
    def __init__(self) -> None:
        super().__init__(name="sqlserver", lock_hint="WITH (UPDLOCK, HOLDLOCK)")

    def first(self, select_sql: str) -> str:
        return f"{select_sql} OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY"

    def is_unique_violation(self, exc: BaseException) -> bool:
        return classify(exc).kind == "unique"

    def is_transient(self, exc: BaseException) -> bool:
        return classify(exc).kind == "transient"

    def permanent_cause(self, exc: BaseException) -> str | None:
        found = classify(exc)
        return found.cause if found.kind == "permanent" else None
