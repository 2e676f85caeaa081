"""Schemas of a company's profile: letterhead and declaration signatory (``PUT companies/{companyId}/profile``)."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from shared.models.fields import InputModel, PublicModel, Text100, Text500, Timestamp

# A logo is a small image: 1 MiB, sent base64-encoded in the JSON body (4/3 of that, plus slack).
MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_BASE64 = MAX_LOGO_BYTES * 4 // 3 + 8


class CompanyProfileUpdate(InputModel):
    """Absent fields stay as they are; ``null`` clears one."""

    letterhead_name: Text100 = None
    address: Text500 = None
    logo: str | None = Field(default=None, max_length=MAX_LOGO_BASE64, description="PNG or JPEG, base64; null removes it.")
    signatory_name: Text100 = None
    signatory_role: Text100 = None
    # Read-only fields a client may send back as it read them.
    company_id: UUID | None = None
    updated_at: str | None = None


class ProfileLogo(PublicModel):
    content_type: str
    sha256: str
    size_bytes: int


class CompanyProfile(PublicModel):
    company_id: UUID
    letterhead_name: str | None
    address: str | None
    logo: ProfileLogo | None
    signatory_name: str | None
    signatory_role: str | None
    updated_at: Timestamp
