"""Result column names as SQL Server would give them, checked on SQLite (switched on in tests/support.make_context).

SQLite names a plain result column as its table declares it, whatever the case in the query (``SELECT filename
FROM Certificates`` gives ``FileName``); SQL Server (pyodbc) names it as the query writes it (``filename``), so
``row["FileName"]`` works in the SQLite suite and fails in production. Every ``query``/``query_one`` of the suite is
checked: each named result column (a column or an alias of the first SELECT) must be written in the query exactly as
SQLite reports it. A mismatch is recorded in ``VIOLATIONS`` (an autouse fixture fails the test) and raised at once.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlglot
from sqlglot import exp

from shared.db.database import Database, Params, Row, Transaction

VIOLATIONS: list[str] = []


@cache
def written_names(sql: str) -> tuple[str, ...] | None:
    """The result column names as the query writes them ('' for an unnamed expression); None when not a SELECT with
    a fixed column list (``*``)."""
    tree = sqlglot.parse_one(sql, read="sqlite")
    if not isinstance(tree, exp.Query) or any(isinstance(item, exp.Star) or item.is_star for item in tree.selects):
        return None
    return tuple(tree.named_selects if len(tree.named_selects) == len(tree.selects) else (s.alias_or_name for s in tree.selects))


def mismatches(sql: str, reported: list[str]) -> list[str]:
    """The reported names the query writes in another case (what SQL Server would name differently)."""
    written = written_names(sql)
    if written is None or len(written) != len(reported):
        return []
    return [f"{name!r} is written {as_written!r}" for as_written, name in zip(written, reported, strict=True)
            if as_written != name and as_written.casefold() == name.casefold()]


class ResultNames:
    """Mixin in front of a Transaction class (see ``check``)."""

    def _query(self, sql: str, params: Params) -> list[Row]:
        rows: list[Row] = super()._query(sql, params)  # type: ignore[misc]
        if written_names(sql) is not None:
            found = mismatches(sql, list(rows[0]) if rows else self._names(sql, params))
            if found:
                problem = f"SQL Server would name result columns differently ({', '.join(found)}): {sql[:120]}"
                VIOLATIONS.append(problem)
                raise AssertionError(problem)
        return rows

    def _names(self, sql: str, params: Params) -> list[str]:
        """SQLite: an empty result still has its column names (the SELECT is run again; reads have no effects)."""
        conn: Any = getattr(self, "conn", None)
        return [] if conn is None else [column[0] for column in conn.execute(sql, params).description]


_classes: dict[type, type] = {}


def check_every_sqlite_database() -> None:
    """Switch the check on for every SQLite database the test process opens (tests/conftest.py), also those a test
    builds itself as another process's view of the same file."""
    from shared.db.sqlite import SqliteDatabase

    if not issubclass(SqliteDatabase.transaction_class, ResultNames):
        SqliteDatabase.transaction_class = type("NamedSqliteTransaction", (ResultNames, SqliteDatabase.transaction_class), {})  # type: ignore[assignment]


def check(db: Database) -> Database:
    """Switch the check on for ``db``'s transactions."""
    base: type[Transaction] = db.transaction_class  # type: ignore[attr-defined]
    if not issubclass(base, ResultNames):
        db.transaction_class = _classes.setdefault(base, type(f"Named{base.__name__}", (ResultNames, base), {}))  # type: ignore[attr-defined]
    return db
