"""CompanyProfiles: one row per company with its letterhead and the pack's declaration signatory."""

from __future__ import annotations

from typing import Any

from shared.db.database import Row, Transaction
from shared.db.dialect import Dialect
from shared.repositories.sql import set_clause

COLUMNS = (
    "LetterheadName", "Address", "LogoBlobName", "LogoContentType", "LogoSha256", "LogoSizeBytes", "SignatoryName",
    "SignatoryRole",
)
UPDATABLE = frozenset(COLUMNS)
SELECT_PROFILE = f"SELECT CompanyId, {', '.join(COLUMNS)}, UpdatedAt FROM CompanyProfiles"


def locked_select(dialect: Dialect) -> str:
    hint = f" {dialect.lock_hint}" if dialect.lock_hint else ""
    return f"{SELECT_PROFILE}{hint} WHERE CompanyId = ?"


def lock(tx: Transaction, company_id: str) -> Row | None:
    """The company's profile, locked until the transaction ends (None when it has none yet)."""
    return tx.query_one(locked_select(tx.dialect), (company_id,))


def read(tx: Transaction, company_id: str) -> Row | None:
    return tx.query_one(f"{SELECT_PROFILE} WHERE CompanyId = ?", (company_id,))


def insert(tx: Transaction, company_id: str, values: dict[str, Any], now: Any, actor_id: str | None) -> None:
    row = [values.get(column) for column in COLUMNS]
    marks = ", ".join("?" * (len(COLUMNS) + 3))
    tx.execute(
        f"INSERT INTO CompanyProfiles (CompanyId, {', '.join(COLUMNS)}, UpdatedAt, UpdatedById) VALUES ({marks})",
        [company_id, *row, now, actor_id],
    )


def update(tx: Transaction, company_id: str, changes: dict[str, Any], now: Any, actor_id: str | None) -> bool:
    sql = f"UPDATE CompanyProfiles SET {set_clause(list(changes), UPDATABLE)}, UpdatedAt = ?, UpdatedById = ? WHERE CompanyId = ?"
    return tx.execute(sql, [*changes.values(), now, actor_id, company_id]) == 1
