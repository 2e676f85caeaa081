"""Certificates table: file metadata and SHA-256; the file itself is a blob in the certificates container."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from shared.db.database import Row, Transaction
from shared.repositories.sql import chunks, placeholders

INSERT_COLUMNS = ("CertificateId", "CompanyId", "FileName", "ContentType", "SizeBytes", "Sha256", "BlobName", "CreatedAt", "CreatedById")
INSERT_CERTIFICATE = f"INSERT INTO Certificates ({', '.join(INSERT_COLUMNS)}) VALUES {placeholders(len(INSERT_COLUMNS))}"


def by_sha256(tx: Transaction, company_id: str, digests: Sequence[str]) -> dict[str, Row]:
    """sha256 -> the company's first stored certificate with that content."""
    found: dict[str, Row] = {}
    for chunk in chunks(digests):
        rows = tx.query(
            "SELECT CertificateId, FileName, ContentType, SizeBytes, Sha256, BlobName FROM Certificates"
            # char(64) parameters, as the column: an nvarchar one would convert the column and scan the index.
            f" WHERE CompanyId = ? AND Sha256 IN ({', '.join(['CAST(? AS char(64))'] * len(chunk))}) ORDER BY CreatedAt, CertificateId",
            [company_id, *chunk],
        )
        for row in rows:
            found.setdefault(str(row["Sha256"]).strip(), row)
    return found


def insert(tx: Transaction, rows: Iterable[Sequence[Any]]) -> None:
    """Rows in ``INSERT_COLUMNS`` order."""
    tx.executemany(INSERT_CERTIFICATE, rows)
