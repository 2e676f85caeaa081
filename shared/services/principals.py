"""Who acts when no API key does: a company's system principals, and the company check they start from."""

from __future__ import annotations

import uuid

from shared.auth import Principal
from shared.db import locking
from shared.db.database import Transaction
from shared.db.values import guid
from shared.errors import BadRequest, NotFound
from shared.repositories import accounts


def require_company(tx: Transaction, company_id: str) -> str:
    """The company's id, normalised; 400 when it is not a GUID, 404 when there is no such company."""
    try:
        company_id = guid(company_id)
    except ValueError:
        raise BadRequest(f"{company_id!r} is not a GUID.") from None
    if accounts.company(tx, company_id) is None:
        raise NotFound(f"No company {company_id}.")
    return company_id


def system_principal(tx: Transaction, company_id: str, name: str) -> Principal:
    """The company's system user of that name (e.g. ``Blob upload``), created on first use in the caller's
    transaction, so a write that fails leaves no principal behind. Locked by name first (``locking.SYSTEM_USER``)
    and unique per company and name (UX_Users_System), so concurrent first uses create one."""
    tx.lock(locking.SYSTEM_USER, company_id, [name])
    row = accounts.system_user(tx, company_id, name)
    if row is not None:
        return Principal(company_id, guid(row["UserId"]), name)
    user_id = str(uuid.uuid4())
    accounts.insert_user(tx, user_id, company_id, name, tx.now, system=True)
    return Principal(company_id, user_id, name)
