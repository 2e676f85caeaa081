"""Who a dropped file acts as: the user named in its ``uploadedBy`` metadata when that user belongs to the
company of the blob's path, else the company's system principal ``Blob upload`` (created on first use, in the
import's own transaction, so a failed import leaves nothing behind)."""

from __future__ import annotations

import uuid

from shared.auth import Principal
from shared.db.database import Row, Transaction
from shared.db.values import guid
from shared.errors import NotFound
from shared.repositories import accounts

SYSTEM_PRINCIPAL_NAME = "Blob upload"


def blob_principal(tx: Transaction, company_id: str, uploaded_by: str | None) -> Principal:
    if accounts.company(tx, company_id) is None:
        raise NotFound(f"No company {company_id}.")
    user = _named_user(tx, company_id, uploaded_by) or accounts.system_user(tx, company_id, SYSTEM_PRINCIPAL_NAME)
    if user is None:
        user_id = str(uuid.uuid4())
        accounts.insert_user(tx, user_id, company_id, SYSTEM_PRINCIPAL_NAME, tx.now, system=True)
        return Principal(company_id, user_id, SYSTEM_PRINCIPAL_NAME)
    return Principal(company_id, guid(user["UserId"]), str(user["DisplayName"]))


def _named_user(tx: Transaction, company_id: str, uploaded_by: str | None) -> Row | None:
    try:
        user_id = guid((uploaded_by or "").strip())
    except ValueError:
        return None
    return accounts.user(tx, company_id, user_id)
