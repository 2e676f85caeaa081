"""A company's profile: the letterhead of its certificate packs (name, address, logo) and the signatory of their
declaration of conformity. Set through ``PUT companies/{companyId}/profile`` and ``set-company-profile``.

Absent fields stay as they are, ``null`` clears one. The logo (PNG or JPEG judged by its content, up to 1 MiB) is
stored once per content in blob storage, ``company-profiles/{companyId}/logo-{sha256}.{png|jpg}``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from pydantic import ValidationError

from shared.blobs.base import BlobStore, storage_errors
from shared.certificate_pack.certificates import sniff
from shared.db.database import Database, Row
from shared.errors import BadRequest
from shared.models.company_profiles import MAX_LOGO_BYTES, CompanyProfileUpdate
from shared.models.parsing import validation_errors
from shared.repositories import company_profiles
from shared.representation import wire_guid, wire_timestamp
from shared.services.principals import require_company

PROFILES_CONTAINER = "company-profiles"
TEXT_FIELDS = {
    "letterhead_name": "LetterheadName", "address": "Address", "signatory_name": "SignatoryName", "signatory_role": "SignatoryRole",
}
_LOGO_TYPES = {"png": ("image/png", ".png"), "jpeg": ("image/jpeg", ".jpg")}
_NO_LOGO = {"LogoBlobName": None, "LogoContentType": None, "LogoSha256": None, "LogoSizeBytes": None}


def parse_update(data: Any) -> CompanyProfileUpdate:
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    try:
        return CompanyProfileUpdate.model_validate(data)
    except ValidationError as exc:
        raise BadRequest("The profile has invalid fields.", validation_errors(exc)) from None


def set_profile(db: Database, blobs: BlobStore, company_id: str, actor_id: str | None, update: CompanyProfileUpdate) -> dict[str, Any]:
    with db.read() as tx:
        company_id = require_company(tx, company_id)  # the CLI passes the id as typed
    if update.company_id is not None and str(update.company_id) != company_id:
        raise BadRequest("companyId must be the company in the path.", [{"field": "companyId", "message": "must be the path's"}])
    changes = {column: getattr(update, name) for name, column in TEXT_FIELDS.items() if name in update.model_fields_set}
    if "logo" in update.model_fields_set:
        changes.update(_stored_logo(blobs, company_id, update.logo) if update.logo is not None else _NO_LOGO)
    with db.write() as tx:
        if company_profiles.lock(tx, company_id) is None:
            company_profiles.insert(tx, company_id, changes, tx.now, actor_id)
        elif changes:
            company_profiles.update(tx, company_id, changes, tx.now, actor_id)
        stored = company_profiles.read(tx, company_id)
        tx.commit()
    assert stored is not None
    return profile_view(stored)


def profile_view(row: Row) -> dict[str, Any]:
    logo = None
    if row["LogoBlobName"]:
        logo = {"contentType": row["LogoContentType"], "sha256": str(row["LogoSha256"]).strip(), "sizeBytes": int(row["LogoSizeBytes"])}
    return {
        "companyId": wire_guid(row["CompanyId"]),
        "letterheadName": row["LetterheadName"],
        "address": row["Address"],
        "logo": logo,
        "signatoryName": row["SignatoryName"],
        "signatoryRole": row["SignatoryRole"],
        "updatedAt": wire_timestamp(row["UpdatedAt"]),
    }


def load_logo(blobs: BlobStore, row: Row | None) -> bytes | None:
    """The profile's logo file, or None when there is none (or it is gone from storage)."""
    if row is None or not row["LogoBlobName"]:
        return None
    with storage_errors():
        if not blobs.exists(PROFILES_CONTAINER, row["LogoBlobName"]):
            return None
        return blobs.get(PROFILES_CONTAINER, row["LogoBlobName"])


def _stored_logo(blobs: BlobStore, company_id: str, encoded: str) -> dict[str, Any]:
    content = _decoded(encoded)
    kind = sniff(content)
    if kind not in _LOGO_TYPES:
        raise BadRequest("The logo must be a PNG or JPEG image.", [{"field": "logo", "message": "not a PNG or JPEG (judged by content)"}])
    content_type, extension = _LOGO_TYPES[kind]
    sha256 = hashlib.sha256(content).hexdigest()
    name = f"{company_id}/logo-{sha256}{extension}"
    with storage_errors():
        if not blobs.exists(PROFILES_CONTAINER, name):
            blobs.put(PROFILES_CONTAINER, name, content, content_type=content_type)
    return {"LogoBlobName": name, "LogoContentType": content_type, "LogoSha256": sha256, "LogoSizeBytes": len(content)}


def _decoded(encoded: str) -> bytes:
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("The logo must be base64.", [{"field": "logo", "message": "not valid base64"}]) from None
    if len(content) > MAX_LOGO_BYTES:
        raise BadRequest("The logo is too large.", [{"field": "logo", "message": f"larger than {MAX_LOGO_BYTES // 1024} KiB"}])
    return content
