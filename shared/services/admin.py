"""Administration used by the CLI: companies, related organisations, API keys."""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import display_prefix, forget_key, hash_key, new_api_key
from shared.db.database import Database
from shared.db.values import guid, to_datetime
from shared.errors import BadRequest, NotFound
from shared.repositories import accounts, organisations
from shared.representation import api_timestamp
from shared.services.principals import require_company


def _name(value: str, what: str) -> str:
    name = value.strip()
    if not name or len(name) > 200:
        raise BadRequest(f"{what} must be 1-200 characters.")
    return name


def create_company(db: Database, name: str) -> dict[str, Any]:
    company_id = str(uuid.uuid4())
    with db.write() as tx:
        accounts.insert_company(tx, company_id, _name(name, "The company name"), tx.now)
        tx.commit()
    return {"companyId": company_id}


def create_organisation(db: Database, company_id: str, name: str) -> dict[str, Any]:
    organisation_id = str(uuid.uuid4())
    with db.write() as tx:
        company_id = require_company(tx, company_id)
        organisations.insert(tx, organisation_id, company_id, _name(name, "The organisation name"), tx.now)
        tx.commit()
    return {"relatedOrganisationId": organisation_id}


def create_api_key(db: Database, company_id: str, display_name: str) -> dict[str, Any]:
    """A new principal and its key; the key is returned once and stored only as its hash."""
    key, api_key_id, user_id = new_api_key(), str(uuid.uuid4()), str(uuid.uuid4())
    with db.write() as tx:
        company_id = require_company(tx, company_id)
        accounts.insert_user(tx, user_id, company_id, _name(display_name, "The display name"), tx.now)
        accounts.insert_api_key(tx, api_key_id, company_id, user_id, display_prefix(key), hash_key(key), tx.now)
        tx.commit()
    return {"apiKeyId": api_key_id, "apiKey": key, "companyId": company_id, "userId": user_id}


def revoke_api_key(db: Database, api_key_id: str) -> dict[str, Any]:
    try:
        api_key_id = guid(api_key_id)
    except ValueError:
        raise BadRequest(f"{api_key_id!r} is not a GUID.") from None
    with db.write() as tx:
        row = accounts.revoke_api_key(tx, api_key_id, tx.now)
        if row is None:
            raise NotFound(f"No API key {api_key_id}.")
        tx.commit()
    forget_key(db, api_key_id)
    return {"apiKeyId": api_key_id, "revokedAt": api_timestamp(to_datetime(row["RevokedAt"]))}
