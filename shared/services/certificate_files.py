"""Certificate files (mill test certificates): PDF, PNG or JPEG, stored once per content in blob storage.

The blob is named by the company and the SHA-256 of its content (``{companyId}/{sha256}.pdf``), so storing
the same file twice writes nothing new, and a blob written by an import that then failed is simply reused by
the next one. The ``Certificates`` row carries the file name, type, size and hash; identical content within a
company is one certificate (the first file name is kept).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from shared.auth import Principal
from shared.blobs.base import BlobStore
from shared.certificate_pack.certificates import sniff
from shared.db.database import Transaction
from shared.db.values import guid
from shared.repositories import certificates

CERTIFICATES_CONTAINER = "certificates"
MAX_CERTIFICATE_BYTES = 20 * 1024 * 1024
MAX_FILE_NAME = 260
_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
_EXTENSIONS = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}


@dataclass(frozen=True)
class CertificateFile:
    file_name: str
    kind: str
    size: int
    sha256: str

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self.kind]

    def blob_name(self, company_id: str) -> str:
        return f"{company_id}/{self.sha256}{_EXTENSIONS[self.kind]}"


def describe(file_name: str, content: bytes) -> CertificateFile:
    """What the bytes are, judged by their content, never by the name; ValueError when not acceptable."""
    if len(content) > MAX_CERTIFICATE_BYTES:
        raise ValueError(f"is larger than {MAX_CERTIFICATE_BYTES // 2**20} MiB")
    kind = sniff(content)
    if kind is None:
        raise ValueError("is not a PDF, PNG or JPEG file (judged by its content)")
    name = file_name[-MAX_FILE_NAME:]
    return CertificateFile(name, kind, len(content), hashlib.sha256(content).hexdigest())


def upload(blobs: BlobStore, company_id: str, certificate: CertificateFile, content: bytes) -> None:
    if hashlib.sha256(content).hexdigest() != certificate.sha256:
        raise ValueError(f"{certificate.file_name} changed while it was being imported")
    name = certificate.blob_name(company_id)
    if not blobs.exists(CERTIFICATES_CONTAINER, name):
        blobs.put(CERTIFICATES_CONTAINER, name, content, content_type=certificate.content_type)


def register(tx: Transaction, actor: Principal, files: Sequence[CertificateFile]) -> dict[str, str]:
    """sha256 -> certificate id for every file, inserting rows for content the company does not have yet."""
    stored = certificates.by_sha256(tx, actor.company_id, [file.sha256 for file in files])
    known = {sha: guid(row["CertificateId"]) for sha, row in stored.items()}
    new: dict[str, CertificateFile] = {}
    for file in files:
        if file.sha256 not in known:
            new.setdefault(file.sha256, file)
    ids = {sha: str(uuid.uuid4()) for sha in new}
    certificates.insert(tx, [
        (ids[sha], actor.company_id, f.file_name, f.content_type, f.size, sha, f.blob_name(actor.company_id), tx.now, actor.user_id)
        for sha, f in new.items()
    ])
    return {**known, **ids}
