"""Schema migrations: numbered ``.sql`` files per dialect, each applied once, in order, in one transaction.

A line ``-- migrate: python NAME`` in a script runs the Python step ``NAME`` (``shared.db.migration_steps``) at
that point, in the same transaction: for data SQL cannot compute (the Unicode case folding of order references).
On SQL Server the line opens a batch (it is a comment there, so the batch still parses)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from shared.db.database import Database, Transaction
from shared.db.locking import MIGRATION
from shared.db.migration_steps import STEPS

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# A script starting with this line runs statement by statement outside a transaction (it is written to be safe
# to run again should recording its version fail).
OUTSIDE_A_TRANSACTION = "-- migrate: outside a transaction"
_GO_LINE = re.compile(r"^\s*GO\s*$", re.IGNORECASE | re.MULTILINE)
_PYTHON_STEP = re.compile(r"^--\s*migrate:\s*python\s+(\w+)\s*$", re.MULTILINE)


def migration_files(dialect: str) -> list[Path]:
    return sorted((MIGRATIONS_DIR / dialect).glob("*.sql"))


def split_statements(sql: str, dialect: str) -> list[str]:
    """SQL Server scripts are split on ``GO`` lines; SQLite scripts on complete statements (triggers included)."""
    if dialect == "sqlserver":
        return [batch.strip() for batch in _GO_LINE.split(sql) if batch.strip()]
    statements: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if _has_code(pending):
                statements.append(pending.strip())
            pending = ""
    if _has_code(pending):
        raise ValueError(f"incomplete SQL statement at the end of the script: {pending.strip()[:80]!r}")
    return statements


def _has_code(sql: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines())


def migrate(db: Database) -> list[str]:
    """Apply every pending migration; returns the versions applied now (empty when up to date)."""
    dialect = db.migration_dialect()
    applied_now: list[str] = []
    for path in migration_files(dialect):
        version, script = path.stem, path.read_text(encoding="utf-8")
        statements = split_statements(script, dialect)
        with db.write() as tx:
            tx.exempt(MIGRATION)
            _ensure_version_table(tx)
            if tx.scalar("SELECT COUNT(*) AS n FROM SchemaMigrations WHERE Version = ?", (version,)):
                continue
            if not script.startswith(OUTSIDE_A_TRANSACTION):
                _run_script(tx, script, dialect)
                _record(tx, version)
                applied_now.append(version)
                continue
        if _PYTHON_STEP.search(script):
            raise ValueError(f"{path.name}: a Python step needs a transaction")
        for statement in statements:  # e.g. ALTER DATABASE, which SQL Server refuses inside a transaction
            db.execute_outside_transaction(statement)
        with db.write() as tx:
            tx.exempt(MIGRATION)
            _record(tx, version)
        applied_now.append(version)
    return applied_now


def _run_script(tx: Transaction, script: str, dialect: str) -> None:
    """The script's statements in order, with its Python steps where their lines stand."""
    parts = _PYTHON_STEP.split(script)  # sql, step name, sql, step name, ..., sql
    for index, part in enumerate(parts):
        if index % 2:
            STEPS[part](tx)
            continue
        for statement in split_statements(part, dialect):
            tx.execute(statement)


def _record(tx: Transaction, version: str) -> None:
    tx.execute("INSERT INTO SchemaMigrations (Version, AppliedAt) VALUES (?, ?)", (version, tx.now))
    tx.commit()


def _ensure_version_table(tx: Transaction) -> None:
    if tx.dialect.name == "sqlserver":
        tx.execute(
            "IF OBJECT_ID(N'dbo.SchemaMigrations', N'U') IS NULL "
            "CREATE TABLE dbo.SchemaMigrations (Version nvarchar(100) NOT NULL PRIMARY KEY, AppliedAt datetime2(7) NOT NULL)"
        )
    else:
        tx.execute("CREATE TABLE IF NOT EXISTS SchemaMigrations (Version TEXT PRIMARY KEY, AppliedAt TEXT NOT NULL)")
