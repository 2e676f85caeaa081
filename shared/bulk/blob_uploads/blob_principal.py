"""Who a dropped file acts as: the user named in its ``uploadedBy`` metadata when that user belongs to the
company of the blob's path, else the company's system principal ``Blob upload`` (created on first use, in the
import's own transaction, so a failed import leaves nothing behind)."""

from __future__ import annotations

from shared.auth import Principal
from shared.db.database import Row, Transaction
from shared.db.values import guid
from shared.repositories import accounts
from shared.services.principals import require_company, system_principal

SYSTEM_PRINCIPAL_NAME = "Blob upload"


def blob_principal(tx: Transaction, company_id: str, uploaded_by: str | None) -> Principal:
    company_id = require_company(tx, company_id)
    user = _named_user(tx, company_id, uploaded_by)
    if user is None:
        return system_principal(tx, company_id, SYSTEM_PRINCIPAL_NAME)
    return Principal(company_id, guid(user["UserId"]), str(user["DisplayName"]))


def uploader(tx: Transaction, company_id: str, uploaded_by: str | None) -> Principal | None:
    """Who ``blob_principal`` would give, without creating anything: None when that is the system principal
    and it does not exist yet (or there is no such company)."""
    user = _named_user(tx, company_id, uploaded_by) or accounts.system_user(tx, company_id, SYSTEM_PRINCIPAL_NAME)
    return None if user is None else Principal(company_id, guid(user["UserId"]), str(user["DisplayName"]))


def _named_user(tx: Transaction, company_id: str, uploaded_by: str | None) -> Row | None:
    try:
        user_id = guid((uploaded_by or "").strip())
    except ValueError:
        return None
    return accounts.user(tx, company_id, user_id)
