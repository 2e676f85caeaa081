"""IdempotencyKeys table: the first response to a keyed request, per company."""

from __future__ import annotations

from datetime import datetime

from shared.db.database import Row, Transaction
from shared.db.dialect import Dialect


def locked_select(dialect: Dialect) -> str:
    # HOLDLOCK on SQL Server range-locks a key that is not there yet, so two concurrent first uses of one key
    # run one after the other and the second sees the first's response.
    hint = f" {dialect.lock_hint}" if dialect.lock_hint else ""
    return (
        f"SELECT RequestHash, StatusCode, ResponseBody, CreatedAt FROM IdempotencyKeys{hint}"
        " WHERE CompanyId = ? AND IdempotencyKey = ?"
    )


def find_locked(tx: Transaction, company_id: str, key: str) -> Row | None:
    return tx.query_one(locked_select(tx.dialect), (company_id, key))


def insert(tx: Transaction, company_id: str, key: str, request_hash: str, status: int, body: str, now: datetime) -> None:
    tx.execute(
        "INSERT INTO IdempotencyKeys (CompanyId, IdempotencyKey, RequestHash, StatusCode, ResponseBody, CreatedAt)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (company_id, key, request_hash, status, body, now),
    )


def purge_older_than(tx: Transaction, company_id: str, cutoff: datetime) -> None:
    tx.execute("DELETE FROM IdempotencyKeys WHERE CompanyId = ? AND CreatedAt < ?", (company_id, cutoff))
