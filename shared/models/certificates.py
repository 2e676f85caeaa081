"""Schemas of certificates (mill test certificates, EN 10204 inspection documents): metadata, queries, public shape."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field

from shared.models.fields import InputModel, IsoDate, PublicModel, Text100, Timestamp
from shared.models.queries import QueryModel
from shared.models.query_values import Texts3, Texts36, Texts100

En10204Type = Literal["2.1", "2.2", "3.1", "3.2"]
MAX_HEATS = 100
HeatNumber = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")]


class CertificateUpdate(InputModel):
    """Metadata to set (absent fields stay, ``null`` clears), and stock rows to attach the certificate to."""

    certificate_number: Text100 = None
    en10204_type: En10204Type | None = None
    manufacturer: Text100 = None
    issued_on: IsoDate | None = None
    heat_numbers: list[HeatNumber] | None = Field(default=None, max_length=MAX_HEATS)
    inventory_ids: list[UUID] | None = Field(default=None, max_length=1000)
    # Read-only fields a client may send back as it read them.
    certificate_id: Any = None
    company_id: Any = None
    file_name: Any = None
    content_type: Any = None
    size_bytes: Any = None
    sha256: Any = None
    created_at: Any = None
    updated_at: Any = None


class CertificateUploadQuery(QueryModel):
    """upload_certificate's metadata, in the query string beside the multipart file."""

    certificate_number: str | None = Field(default=None, max_length=100)
    en10204_type: En10204Type | None = None
    manufacturer: str | None = Field(default=None, max_length=100)
    issued_on: IsoDate | None = None
    heat_numbers: Texts100 = None
    inventory_ids: Texts36 = None


class CertificateListQuery(QueryModel):
    search: str | None = Field(default=None, max_length=200)
    heat_number: Texts100 = None
    en10204_type: Texts3 = None
    manufacturer: str | None = Field(default=None, max_length=100)
    limit: int | None = Field(default=None, ge=1, le=1000)
    cursor: str | None = Field(default=None, max_length=1000)


class Certificate(PublicModel):
    certificate_id: UUID
    company_id: UUID
    file_name: str
    content_type: str
    size_bytes: int
    sha256: str
    certificate_number: str | None
    en10204_type: En10204Type | None
    manufacturer: str | None
    issued_on: date | None
    heat_numbers: list[str]
    inventory_ids: list[UUID]
    created_at: Timestamp
    updated_at: Timestamp
