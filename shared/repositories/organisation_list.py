"""RelatedOrganisations read and renamed over the API, and their name log (RelatedOrganisationNames)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from shared.db import locking
from shared.db.database import Row, Transaction
from shared.repositories.order_list import like_pattern
from shared.repositories.sql import chunks, placeholders

SELECT_ORGANISATION = "SELECT RelatedOrganisationId, CompanyId, Name, CreatedAt, UpdatedAt FROM RelatedOrganisations"


def list_page(tx: Transaction, company_id: str, search: str | None, after: tuple[str, str] | None, limit: int | None) -> list[Row]:
    conditions: list[str] = ["CompanyId = ?"]
    params: list[Any] = [company_id]
    if search:
        conditions.append("Name LIKE ? ESCAPE '\\'")
        params.append(like_pattern(search))
    if after is not None:
        conditions.append("(Name > ? OR (Name = ? AND RelatedOrganisationId > ?))")
        params += [after[0], after[0], after[1]]
    sql = f"{SELECT_ORGANISATION} WHERE {' AND '.join(conditions)} ORDER BY Name, RelatedOrganisationId"
    if limit is not None:
        sql = tx.dialect.first(sql)
        params.append(limit)
    return tx.query(sql, params)


def by_id(tx: Transaction, company_id: str, organisation_id: str, *, lock: bool = False) -> Row | None:
    """The organisation; with ``lock``, locked first (``locking.ORGANISATIONS``) until the transaction ends."""
    if lock:
        tx.lock(locking.ORGANISATIONS, company_id, [organisation_id])
    return tx.query_one(f"{SELECT_ORGANISATION} WHERE CompanyId = ? AND RelatedOrganisationId = ?", (company_id, organisation_id))


def by_names(tx: Transaction, company_id: str, names: Sequence[str]) -> dict[str, list[str]]:
    """casefolded name -> ids of the company's organisations of that name (compared case-insensitively)."""
    found: dict[str, list[str]] = {}
    lowered = sorted({name.lower() for name in names})
    for chunk in chunks(lowered):
        rows = tx.query(
            "SELECT RelatedOrganisationId, Name FROM RelatedOrganisations"
            f" WHERE CompanyId = ? AND LOWER(Name) IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["Name"]).casefold(), []).append(str(row["RelatedOrganisationId"]).lower())
    return found


def rename(tx: Transaction, company_id: str, organisation_id: str, name: str, now: datetime) -> int:
    return tx.execute(
        "UPDATE RelatedOrganisations SET Name = ?, UpdatedAt = ? WHERE CompanyId = ? AND RelatedOrganisationId = ?",
        (name, now, company_id, organisation_id),
    )


def log_names(tx: Transaction, rows: Sequence[tuple[Any, ...]]) -> None:
    """Rows of (organisation id, company id, name, changed at, changed by id)."""
    tx.executemany(
        "INSERT INTO RelatedOrganisationNames (RelatedOrganisationId, CompanyId, Name, ChangedAt, ChangedById) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def name_history(tx: Transaction, company_id: str, organisation_ids: Sequence[str]) -> dict[str, list[Row]]:
    """organisation id -> its names, oldest first, with who gave each."""
    found: dict[str, list[Row]] = {organisation_id: [] for organisation_id in organisation_ids}
    for chunk in chunks(organisation_ids):
        rows = tx.query(
            "SELECT n.RelatedOrganisationId, n.Name, n.ChangedAt, n.ChangedById, u.DisplayName AS ChangedByName"
            " FROM RelatedOrganisationNames n LEFT JOIN Users u ON u.UserId = n.ChangedById AND u.CompanyId = n.CompanyId"
            f" WHERE n.CompanyId = ? AND n.RelatedOrganisationId IN {placeholders(len(chunk))} ORDER BY n.ChangedAt",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["RelatedOrganisationId"]).lower(), []).append(row)
    return found


def ids_in_use(tx: Transaction, ids: Sequence[str]) -> set[str]:
    """Which of these ids any company's organisation has (ids are global keys; the owner is not read)."""
    found: set[str] = set()
    for chunk in chunks(ids):
        sql = f"SELECT RelatedOrganisationId FROM RelatedOrganisations WHERE RelatedOrganisationId IN {placeholders(len(chunk))}"
        rows = tx.query(sql, chunk)
        found.update(str(row["RelatedOrganisationId"]).lower() for row in rows)
    return found
