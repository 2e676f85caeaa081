"""Certificates read and described over the API: metadata, the heat numbers each covers, search."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.order_list import like_pattern
from shared.repositories.sql import chunks, placeholders, set_clause

SELECT_CERTIFICATE = (
    "SELECT c.CertificateId, c.CompanyId, c.FileName, c.ContentType, c.SizeBytes, c.Sha256, c.BlobName, c.CertificateNumber,"
    " c.En10204Type, c.Manufacturer, c.IssuedOn, c.CreatedAt, c.UpdatedAt FROM Certificates c"
)
METADATA = frozenset({"CertificateNumber", "En10204Type", "Manufacturer", "IssuedOn"})


@dataclass(frozen=True)
class CertificateFilter:
    search: str | None = None
    heat_numbers: Sequence[str] | None = None
    en10204_types: Sequence[str] | None = None
    manufacturer: str | None = None


def existing_ids(tx: Transaction, company_id: str, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunks(ids):
        rows = tx.query(
            f"SELECT CertificateId FROM Certificates WHERE CompanyId = ? AND CertificateId IN {placeholders(len(chunk))}",
            [company_id, *chunk],
        )
        found.update(str(row["CertificateId"]).lower() for row in rows)
    return found


def by_id(tx: Transaction, company_id: str, certificate_id: str) -> Row | None:
    return tx.query_one(f"{SELECT_CERTIFICATE} WHERE c.CompanyId = ? AND c.CertificateId = ?", (company_id, certificate_id))


def list_page(tx: Transaction, company_id: str, where: CertificateFilter, after: tuple[str, str] | None, limit: int | None) -> list[Row]:
    conditions: list[str] = ["c.CompanyId = ?"]
    params: list[Any] = [company_id]
    if where.search:
        conditions.append("(c.FileName LIKE ? ESCAPE '\\' OR c.CertificateNumber LIKE ? ESCAPE '\\' OR c.Manufacturer LIKE ? ESCAPE '\\')")
        params += [like_pattern(where.search)] * 3
    if where.manufacturer:
        conditions.append("LOWER(c.Manufacturer) = ?")
        params.append(where.manufacturer.lower())
    if where.en10204_types:
        conditions.append(f"c.En10204Type IN {placeholders(len(where.en10204_types))}")
        params += list(where.en10204_types)
    if where.heat_numbers:
        conditions.append(
            "EXISTS (SELECT 1 FROM CertificateHeatNumbers h WHERE h.CertificateId = c.CertificateId AND h.CompanyId = c.CompanyId"
            f" AND LOWER(h.HeatNumber) IN {placeholders(len(where.heat_numbers))})"
        )
        params += [heat.lower() for heat in where.heat_numbers]
    if after is not None:
        conditions.append("(c.CreatedAt < ? OR (c.CreatedAt = ? AND c.CertificateId > ?))")
        params += [after[0], after[0], after[1]]
    sql = f"{SELECT_CERTIFICATE} WHERE {' AND '.join(conditions)} ORDER BY c.CreatedAt DESC, c.CertificateId"
    if limit is not None:
        sql = tx.dialect.first(sql)
        params.append(limit)
    return tx.query(sql, params)


def heat_numbers(tx: Transaction, company_id: str, certificate_ids: Sequence[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {certificate_id: [] for certificate_id in certificate_ids}
    for chunk in chunks(certificate_ids):
        rows = tx.query(
            "SELECT CertificateId, HeatNumber FROM CertificateHeatNumbers"
            f" WHERE CompanyId = ? AND CertificateId IN {placeholders(len(chunk))} ORDER BY HeatNumber",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["CertificateId"]).lower(), []).append(str(row["HeatNumber"]))
    return found


def update_metadata(tx: Transaction, company_id: str, certificate_id: str, changes: dict[str, Any], now: datetime, actor_id: str) -> None:
    sql = (
        f"UPDATE Certificates SET {set_clause(list(changes), METADATA)}, UpdatedAt = ?, UpdatedById = ?"
        " WHERE CompanyId = ? AND CertificateId = ?"
    )
    tx.execute(sql, [*changes.values(), now, actor_id, company_id, certificate_id])


def replace_heat_numbers(tx: Transaction, company_id: str, certificate_id: str, heats: Sequence[str]) -> None:
    tx.execute("DELETE FROM CertificateHeatNumbers WHERE CompanyId = ? AND CertificateId = ?", (company_id, certificate_id))
    tx.executemany(
        "INSERT INTO CertificateHeatNumbers (CertificateId, CompanyId, HeatNumber) VALUES (?, ?, ?)",
        [(certificate_id, company_id, heat) for heat in heats],
    )


def attach(tx: Transaction, company_id: str, certificate_id: str, inventory_ids: Sequence[str], now: datetime, actor_id: str) -> None:
    for chunk in chunks(inventory_ids):
        tx.execute(
            "UPDATE Inventory SET CertificateId = ?, UpdatedAt = ?, UpdatedById = ?"
            f" WHERE CompanyId = ? AND InventoryId IN {placeholders(len(chunk))}",
            [certificate_id, now, actor_id, company_id, *chunk],
        )


def stock_using(tx: Transaction, company_id: str, certificate_ids: Sequence[str]) -> dict[str, list[str]]:
    """certificate id -> the active stock rows it is attached to."""
    found: dict[str, list[str]] = {}
    for chunk in chunks(certificate_ids):
        rows = tx.query(
            "SELECT CertificateId, InventoryId FROM Inventory"
            f" WHERE CompanyId = ? AND Active = 1 AND CertificateId IN {placeholders(len(chunk))} ORDER BY Name, InventoryId",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["CertificateId"]).lower(), []).append(str(row["InventoryId"]).lower())
    return found


def stock_heats(tx: Transaction, company_id: str) -> list[Row]:
    """(CertificateId, HeatNumber) of the company's stock rows that have a certificate."""
    return tx.query(
        "SELECT DISTINCT CertificateId, HeatNumber FROM Inventory WHERE CompanyId = ? AND CertificateId IS NOT NULL ORDER BY HeatNumber",
        (company_id,),
    )
