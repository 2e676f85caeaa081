"""Capturing the SQL the app runs (on SQLite) and checking it parses as T-SQL (sqlglot ``tsql``).

A scenario drives the public surface (HTTP, CLI, services); every statement it runs is recorded, rendered for SQL
Server where the dialect module differs, and parsed. Each area of the app has its own scenario test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import sqlglot
from sqlglot import exp

from shared import context as app_context
from shared.blobs.local import LocalBlobStore
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext
from shared.db.database import Params, Row
from shared.db.dialect import SqliteDialect, SqlServerDialect
from shared.db.locking import LockTarget
from shared.db.migrate import migrate
from shared.db.sqlite import SqliteDatabase, SqliteTransaction
from tests.support import Api, Tenant, http_client, make_tenant

Scenario = Callable[[Api, AppContext, Tenant], None]


class RecordingTransaction(SqliteTransaction):
    captured: ClassVar[set[str]] = set()

    def _execute(self, sql: str, params: Params) -> int:
        self.captured.add(sql)
        return super()._execute(sql, params)

    def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        self.captured.add(sql)
        return super()._executemany(sql, rows)

    def _lock(self, target: LockTarget, company_id: str, keys: list[str]) -> None:
        # SQLite needs no lock statement; SQL Server's is what must parse.
        self.captured.add(str(SqlServerDialect().lock_statement(target, len(keys))))
        super()._lock(target, company_id, keys)

    def _query(self, sql: str, params: Params) -> list[Row]:
        self.captured.add(sql)
        return super()._query(sql, params)

    def _query_values(self, sql: str, params: Params) -> list[tuple[Any, ...]]:
        self.captured.add(sql)
        return super()._query_values(sql, params)


FIRST_MARK = " /* dialect.first */"


class MarkingDialect(SqliteDialect):
    """SQLite's dialect, with its ``first()`` marked: only that LIMIT is rendered for SQL Server, a hand-written one is caught."""

    def first(self, select_sql: str) -> str:
        return super().first(select_sql) + FIRST_MARK


class RecordingDatabase(SqliteDatabase):
    transaction_class = RecordingTransaction
    dialect = MarkingDialect()


def capture(scenario: Scenario, tmp: Path) -> set[str]:
    """Run ``scenario`` against a recording SQLite database; returns the distinct statements it ran."""
    db = RecordingDatabase(tmp / "db.sqlite3", SystemClock())
    settings = Settings(sqlite_path=tmp / "db.sqlite3", blob_local_root=tmp / "blobs")
    context = AppContext(settings=settings, db=db, blobs=LocalBlobStore(settings.blob_local_root), clock=SystemClock())
    migrate(db)
    app_context.use(context)
    try:
        tenant = make_tenant(context)
        RecordingTransaction.captured = set()
        scenario(Api(http_client(), tenant), context, tenant)
        return set(RecordingTransaction.captured)
    finally:
        app_context.use(None)


def as_tsql(sql: str) -> str:
    """Render the SQLite dialect's parts of a statement as the SQL Server dialect renders them."""
    if sql.endswith(" LIMIT ?" + FIRST_MARK):
        return SqlServerDialect().first(sql.removesuffix(" LIMIT ?" + FIRST_MARK))
    return sql


def parse_tsql(sql: str) -> exp.Expr:
    [tree] = sqlglot.parse(sql, read="tsql")
    assert tree is not None
    assert not isinstance(tree, exp.Command), f"sqlglot did not understand (fell back to Command): {sql[:120]}"
    return tree


# SQLite-only constructs that sqlglot's lenient tsql reader accepts anyway (it parses LIMIT, ON CONFLICT, ||, ...):
# none may reach SQL Server. Matched case-insensitively outside string literals.
SQLITE_ONLY = {
    "LIMIT": r"\bLIMIT\b",
    "ON CONFLICT": r"\bON\s+CONFLICT\b",
    "INSERT OR IGNORE/REPLACE/...": r"\bINSERT\s+OR\s+\w+",
    "REPLACE INTO": r"\bREPLACE\s+INTO\b",
    "|| concatenation": r"\|\|",
    "julianday()": r"\bjulianday\s*\(",
    "group_concat()": r"\bgroup_concat\s*\(",
    "datetime()/date()/time()/strftime() (e.g. datetime('now'))": r"\b(?:datetime|date|time|strftime|unixepoch)\s*\(",
    "ifnull()": r"\bifnull\s*\(",
    "substr()/instr()/length()/printf()": r"\b(?:substr|instr|length|printf|glob|total)\s*\(",
    "AUTOINCREMENT": r"\bAUTOINCREMENT\b",
    "RETURNING": r"\bRETURNING\b",
    "GLOB": r"\bGLOB\b",
    "COLLATE NOCASE": r"\bNOCASE\b",
    "TRUE/FALSE literals": r"\b(?:TRUE|FALSE)\b",
    "NULLS FIRST/LAST": r"\bNULLS\s+(?:FIRST|LAST)\b",
    "rowid / last_insert_rowid() / changes()": r"\b(?:rowid|_rowid_|oid|last_insert_rowid|changes)\b",
    "WITHOUT ROWID / STRICT tables": r"\bWITHOUT\s+ROWID\b|\)\s*STRICT\b",
    "PRAGMA / ATTACH / VACUUM": r"^\s*(?:PRAGMA|ATTACH|DETACH|VACUUM)\b",
    "BEGIN IMMEDIATE/EXCLUSIVE/DEFERRED": r"\bBEGIN\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED)\b",
}
_DENYLIST = [(name, re.compile(pattern, re.IGNORECASE | re.MULTILINE)) for name, pattern in SQLITE_ONLY.items()]
_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
_LINE_COMMENT = re.compile(r"--[^\n]*")


def sqlite_only(sql: str) -> list[str]:
    """The SQLite-only constructs in one statement (string literals and comments are not looked into)."""
    code = _LINE_COMMENT.sub(" ", _STRING_LITERAL.sub("''", sql))
    return [name for name, pattern in _DENYLIST if pattern.search(code)]


# Statements only the SQLite transaction machinery runs (never the SQL Server path).
_SQLITE_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA")


def unparsable(statements: Iterable[str]) -> list[str]:
    """The statements (rendered for SQL Server) that do not parse as T-SQL or use SQLite-only SQL, with the reason."""
    failures = []
    for sql in sorted(statements):
        if sql.startswith(_SQLITE_TRANSACTION_CONTROL):
            continue
        rendered = as_tsql(sql)
        constructs = sqlite_only(rendered)
        if constructs:
            failures.append(f"{sql[:100]}: SQLite-only {', '.join(constructs)}")
        try:
            parse_tsql(rendered)
        except (sqlglot.errors.ParseError, AssertionError) as exc:
            failures.append(f"{sql[:100]}: {str(exc)[:200]}")
    return failures
