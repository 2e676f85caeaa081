"""API keys: random, shown once, stored only as a SHA-256 hash, bound to one company and one principal."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from shared.db.database import Database
from shared.db.values import guid
from shared.errors import Forbidden, Unauthorized

KEY_PREFIX = "ordk_"
# 32 random bytes -> 43 url-safe characters, behind a short readable prefix.
_KEY_PATTERN = re.compile(r"^ordk_[A-Za-z0-9_-]{43}$")
_DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 6


@dataclass(frozen=True)
class Principal:
    """Who is acting: what history reports as changedById / changedByName."""

    company_id: str
    user_id: str
    display_name: str
    api_key_id: str | None = None


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def display_prefix(key: str) -> str:
    """The part of a key that may be shown and logged to recognise it (never enough to use it)."""
    return key[:_DISPLAY_PREFIX_LENGTH]


def bearer_token(authorization: str | None) -> str:
    """The key from an ``Authorization: Bearer <key>`` header value; anything else is 401."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not _KEY_PATTERN.match(token):
        raise Unauthorized("A valid API key is required: send 'Authorization: Bearer <key>'.")
    return token


def authenticate(db: Database, authorization: str | None) -> Principal:
    """The principal of an active key; the same 401 for missing, malformed, unknown and revoked keys."""
    key = bearer_token(authorization)
    key_hash = hash_key(key)
    with db.read() as tx:
        row = tx.query_one(
            "SELECT k.ApiKeyId, k.CompanyId, k.UserId, k.KeyHash, u.DisplayName"
            " FROM ApiKeys k JOIN Users u ON u.UserId = k.UserId AND u.CompanyId = k.CompanyId"
            # char(64) on both sides: an nvarchar parameter would convert the column and scan the key index.
            " WHERE k.KeyHash = CAST(? AS char(64)) AND k.RevokedAt IS NULL",
            (key_hash,),
        )
    if row is None or not hmac.compare_digest(str(row["KeyHash"]).strip(), key_hash):
        raise Unauthorized("A valid API key is required: send 'Authorization: Bearer <key>'.")
    return Principal(
        company_id=guid(row["CompanyId"]),
        user_id=guid(row["UserId"]),
        display_name=str(row["DisplayName"]),
        api_key_id=guid(row["ApiKeyId"]),
    )


def authorize_company(principal: Principal, company_id: str) -> None:
    if principal.company_id != company_id.lower():
        raise Forbidden("This API key does not give access to that company.")
