"""Rows -> the API's representation of certificates."""

from __future__ import annotations

from typing import Any

from shared.db.database import Row
from shared.representation import wire_date, wire_guid, wire_timestamp


def certificate_view(row: Row, heat_numbers: list[str], inventory_ids: list[str]) -> dict[str, Any]:
    return {
        "certificateId": wire_guid(row["CertificateId"]),
        "companyId": wire_guid(row["CompanyId"]),
        "fileName": row["FileName"],
        "contentType": row["ContentType"],
        "sizeBytes": int(row["SizeBytes"]),
        "sha256": str(row["Sha256"]).strip(),
        "certificateNumber": row["CertificateNumber"],
        "en10204Type": row["En10204Type"],
        "manufacturer": row["Manufacturer"],
        "issuedOn": wire_date(row["IssuedOn"]),
        "heatNumbers": heat_numbers,
        "inventoryIds": inventory_ids,
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"] if row["UpdatedAt"] is not None else row["CreatedAt"]),
    }
