"""Reads of reservation links (OrderLineItemInventory) with the stock and certificate they point at.

``Quantity`` is the link's: what was reserved, in the stock row's ``Unit``.
"""

from __future__ import annotations

from collections.abc import Sequence

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders

SELECT_RESERVATION = (
    "SELECT k.LinkId, k.OrderLineItemId, k.InventoryId, k.Substitute, i.Name AS InventoryName, k.Quantity, i.Unit,"
    " i.HeatNumber, i.MaterialGrade, i.CertificateId, c.FileName AS CertificateFileName, c.Sha256 AS CertificateSha256,"
    " c.ContentType AS CertificateContentType, c.BlobName AS CertificateBlobName, c.CertificateNumber, c.En10204Type,"
    " c.Manufacturer"
    " FROM OrderLineItemInventory k"
    " JOIN Inventory i ON i.InventoryId = k.InventoryId AND i.CompanyId = k.CompanyId"
    " LEFT JOIN Certificates c ON c.CertificateId = i.CertificateId AND c.CompanyId = i.CompanyId"
)


def active_for_lines(tx: Transaction, company_id: str, line_ids: Sequence[str]) -> dict[str, list[Row]]:
    """line id -> its active reservations, oldest first (every requested id present)."""
    found: dict[str, list[Row]] = {line_id: [] for line_id in line_ids}
    for chunk in chunks(line_ids):
        rows = tx.query(
            f"{SELECT_RESERVATION} WHERE k.CompanyId = ? AND k.Active = 1"
            f" AND k.OrderLineItemId IN {placeholders(len(chunk))} ORDER BY k.CreatedAt, k.LinkId",
            [company_id, *chunk],
        )
        for row in rows:
            found[str(row["OrderLineItemId"]).lower()].append(row)
    return found


def ancestors(tx: Transaction, company_id: str, inventory_ids: Sequence[str]) -> dict[str, Row]:
    """id -> (Name, ParentInventoryId) of these stock rows and every row they were split from, up the chain."""
    found: dict[str, Row] = {}
    wanted = list(dict.fromkeys(inventory_ids))
    while wanted:
        for chunk in chunks(wanted):
            rows = tx.query(
                "SELECT InventoryId, Name, ParentInventoryId FROM Inventory"
                f" WHERE CompanyId = ? AND InventoryId IN {placeholders(len(chunk))}",
                [company_id, *chunk],
            )
            found.update({str(row["InventoryId"]).lower(): row for row in rows})
        parents = {str(row["ParentInventoryId"]).lower() for row in found.values() if row["ParentInventoryId"] is not None}
        wanted = sorted(parents - found.keys())
    return found
