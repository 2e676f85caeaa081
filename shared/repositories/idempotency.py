"""IdempotencyKeys table: the first response to a keyed request, per company.

The key is locked (``locking.IDEMPOTENCY_KEY``; on SQL Server a key-range lock where it is not there yet) before
it is read, so two concurrent first uses of one key run one after the other and the second sees the first's
response.
"""

from __future__ import annotations

from datetime import datetime

from shared.db.database import Row, Transaction


def find(tx: Transaction, company_id: str, key: str) -> Row | None:
    return tx.query_one(
        "SELECT RequestHash, StatusCode, ResponseBody, CreatedAt FROM IdempotencyKeys WHERE CompanyId = ? AND IdempotencyKey = ?",
        (company_id, key),
    )


def insert(tx: Transaction, company_id: str, key: str, request_hash: str, status: int, body: str, now: datetime) -> None:
    tx.execute(
        "INSERT INTO IdempotencyKeys (CompanyId, IdempotencyKey, RequestHash, StatusCode, ResponseBody, CreatedAt)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (company_id, key, request_hash, status, body, now),
    )


def delete(tx: Transaction, company_id: str, key: str) -> None:
    """Forget one (expired, locked) key, so it can be used again."""
    tx.execute("DELETE FROM IdempotencyKeys WHERE CompanyId = ? AND IdempotencyKey = ?", (company_id, key))


def purge_older_than(tx: Transaction, company_id: str, cutoff: datetime) -> None:
    """Served by IX_IdempotencyKeys_Created (CompanyId, CreatedAt)."""
    tx.execute("DELETE FROM IdempotencyKeys WHERE CompanyId = ? AND CreatedAt < ?", (company_id, cutoff))
