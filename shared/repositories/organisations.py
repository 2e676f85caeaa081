"""RelatedOrganisations table: the customers and suppliers an order can be related to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders


def existing_ids(tx: Transaction, company_id: str, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(ids):
        rows = tx.query(
            "SELECT RelatedOrganisationId FROM RelatedOrganisations"
            f" WHERE CompanyId = ? AND RelatedOrganisationId IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        found.update(str(row["RelatedOrganisationId"]).lower() for row in rows)
    return found


def all_for_company(tx: Transaction, company_id: str) -> list[Row]:
    return tx.query(
        "SELECT RelatedOrganisationId, Name FROM RelatedOrganisations WHERE CompanyId = ? ORDER BY Name", (company_id,)
    )


def insert(tx: Transaction, organisation_id: str, company_id: str, name: str, now: datetime, actor_id: str | None = None) -> None:
    """A new organisation, and the first entry of its name log (``actor_id``: who created it, when known)."""
    tx.execute(
        "INSERT INTO RelatedOrganisations (RelatedOrganisationId, CompanyId, Name, CreatedAt) VALUES (?, ?, ?, ?)",
        (organisation_id, company_id, name, now),
    )
    tx.execute(
        "INSERT INTO RelatedOrganisationNames (RelatedOrganisationId, CompanyId, Name, ChangedAt, ChangedById) VALUES (?, ?, ?, ?, ?)",
        (organisation_id, company_id, name, now, actor_id),
    )
