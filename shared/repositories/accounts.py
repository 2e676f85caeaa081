"""Companies, users (principals) and API keys."""

from __future__ import annotations

from datetime import datetime

from shared.db.database import Row, Transaction


def insert_company(tx: Transaction, company_id: str, name: str, now: datetime) -> None:
    tx.execute("INSERT INTO Companies (CompanyId, Name, CreatedAt) VALUES (?, ?, ?)", (company_id, name, now))
    tx.execute("INSERT INTO ChangeMarkers (CompanyId, Version) VALUES (?, ?)", (company_id, 0))


def company(tx: Transaction, company_id: str) -> Row | None:
    return tx.query_one("SELECT CompanyId, Name, CreatedAt FROM Companies WHERE CompanyId = ?", (company_id,))


def insert_user(tx: Transaction, user_id: str, company_id: str, display_name: str, now: datetime, *, system: bool = False) -> None:
    tx.execute(
        "INSERT INTO Users (UserId, CompanyId, DisplayName, IsSystem, CreatedAt) VALUES (?, ?, ?, ?, ?)",
        (user_id, company_id, display_name, system, now),
    )


def user(tx: Transaction, company_id: str, user_id: str) -> Row | None:
    return tx.query_one(
        "SELECT UserId, CompanyId, DisplayName, IsSystem FROM Users WHERE CompanyId = ? AND UserId = ?",
        (company_id, user_id),
    )


def system_user(tx: Transaction, company_id: str, display_name: str) -> Row | None:
    return tx.query_one(
        "SELECT UserId, CompanyId, DisplayName, IsSystem FROM Users WHERE CompanyId = ? AND IsSystem = 1 AND DisplayName = ?",
        (company_id, display_name),
    )


def insert_api_key(
    tx: Transaction, api_key_id: str, company_id: str, user_id: str, prefix: str, key_hash: str, now: datetime
) -> None:
    tx.execute(
        "INSERT INTO ApiKeys (ApiKeyId, CompanyId, UserId, KeyPrefix, KeyHash, CreatedAt) VALUES (?, ?, ?, ?, ?, ?)",
        (api_key_id, company_id, user_id, prefix, key_hash, now),
    )


def revoke_api_key(tx: Transaction, api_key_id: str, now: datetime) -> Row | None:
    """Revoke (idempotently) and return the key's row; None when no such key."""
    tx.execute("UPDATE ApiKeys SET RevokedAt = ? WHERE ApiKeyId = ? AND RevokedAt IS NULL", (now, api_key_id))
    return tx.query_one("SELECT ApiKeyId, CompanyId, RevokedAt FROM ApiKeys WHERE ApiKeyId = ?", (api_key_id,))
