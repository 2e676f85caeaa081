"""``Idempotency-Key``: a retried request gets the first response back instead of doing the work again.

Keys are per company and kept at least ``RETENTION`` (older ones are purged whenever a key is used). A key is
bound to the request it first came with, by a fingerprint of the operation and its parsed parameters: the same
key with a different request is a 409, never a silent replay of something else. Only successful responses are
stored; a request that failed changed nothing, so its retry simply runs again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from shared.db.database import Transaction
from shared.errors import BadRequest, Conflict
from shared.repositories import idempotency

RETENTION = timedelta(hours=24)
# Printable ASCII, as the header's value; 200 is the column's width.
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool = False


def checked_key(value: str | None) -> str | None:
    if value is None:
        return None
    if not _KEY.match(value):
        problem = [{"field": "Idempotency-Key", "message": "must be 1-200 visible ASCII characters"}]
        raise BadRequest("The Idempotency-Key header is not valid.", problem)
    return value


def fingerprint(operation: str, *parameters: object) -> str:
    """What makes two requests 'the same': the operation and its parsed parameters (so ``5`` and ``5.0`` match)."""
    return hashlib.sha256(json.dumps([operation, *map(str, parameters)]).encode("utf-8")).hexdigest()


def run_once(
    tx: Transaction, company_id: str, key: str | None, request_hash: str, status: int, action: Callable[[], dict[str, Any]]
) -> Outcome:
    """``action()`` in ``tx``, unless ``key`` was already used for this request: then its first response.

    The caller commits ``tx`` either way (the purge of expired keys is worth keeping).
    """
    if key is None:
        return Outcome(status, action())
    idempotency.purge_older_than(tx, company_id, tx.now - RETENTION)
    stored = idempotency.find_locked(tx, company_id, key)
    if stored is not None:
        if str(stored["RequestHash"]).strip() != request_hash:
            problem = [{"field": "Idempotency-Key", "message": "already used for a different request"}]
            raise Conflict("This Idempotency-Key was already used for a different request.", problem)
        return Outcome(int(stored["StatusCode"]), json.loads(stored["ResponseBody"]), replayed=True)
    body = action()
    idempotency.insert(tx, company_id, key, request_hash, status, json.dumps(body), tx.now)
    return Outcome(status, body)
