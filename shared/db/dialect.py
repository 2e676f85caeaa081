"""The few SQL differences between SQLite and SQL Server, in one place.

Everything else is portable SQL with ``?`` parameters, shared by both databases.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.locking import LockTarget
from shared.db.values import sqlite_timestamp


@dataclass(frozen=True)
class Dialect:
    name: str
    # Table hint that takes and holds an update lock on the rows read, for read-modify-write.
    lock_hint: str

    def first(self, select_sql: str, limit_param: str = "?") -> str:
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

    def timestamp_param(self, value: datetime) -> Any:
        """A timestamp ready to bind: bulk writes convert the transaction time once, not once per row."""
        return value


class SqliteDialect(Dialect):
    def __init__(self) -> None:
        super().__init__(name="sqlite", lock_hint="")

    def first(self, select_sql: str, limit_param: str = "?") -> str:
        return f"{select_sql} LIMIT {limit_param}"

    def is_unique_violation(self, exc: BaseException) -> bool:
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE constraint failed" in str(exc)

    def timestamp_param(self, value: datetime) -> Any:
        return sqlite_timestamp(value)

    def is_transient(self, exc: BaseException) -> bool:
        message = str(exc)
        return isinstance(exc, sqlite3.OperationalError) and (
            "database is locked" in message or "database is busy" in message
        )


# SQL Server error numbers: 2601/2627 unique index/constraint, 1205 deadlock victim,
# 13535 temporal period conflict (concurrent update of a system-versioned row), 1222 lock timeout.
_SQLSERVER_UNIQUE = ("2601", "2627")
_SQLSERVER_TRANSIENT = ("1205", "13535", "1222", "40501", "40613", "49918", "49919", "49920")


class SqlServerDialect(Dialect):
    def __init__(self) -> None:
        super().__init__(name="sqlserver", lock_hint="WITH (UPDLOCK, HOLDLOCK)")

    def first(self, select_sql: str, limit_param: str = "?") -> str:
        return f"{select_sql} OFFSET 0 ROWS FETCH NEXT {limit_param} ROWS ONLY"

    def is_unique_violation(self, exc: BaseException) -> bool:
        return type(exc).__name__ == "IntegrityError" and any(code in str(exc) for code in _SQLSERVER_UNIQUE)

    def is_transient(self, exc: BaseException) -> bool:
        return any(f"({code})" in str(exc) or f" {code} " in str(exc) for code in _SQLSERVER_TRANSIENT)
