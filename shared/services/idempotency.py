"""``Idempotency-Key``: a retried request gets the first response back instead of doing the work again.

Keys are per company and kept ``RETENTION``: an older key counts as unused, and expired keys are purged off the
request's transaction, at most once per ``PURGE_INTERVAL`` per company and process (``purge_expired``). A key is
bound to the request it first came with, by a fingerprint of the operation and its parsed parameters: the same
key with a different request is a 409, never a silent replay of something else. Only successful responses are
stored; a request that failed changed nothing, so its retry simply runs again.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.db import locking
from shared.db.database import Database, Transaction
from shared.db.values import to_datetime
from shared.errors import BadRequest, Conflict, ServiceUnavailable
from shared.repositories import idempotency

RETENTION = timedelta(hours=24)
PURGE_INTERVAL = timedelta(hours=1)
_last_purge: dict[str, datetime] = {}
_purge_lock = threading.Lock()
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


def lock_key(tx: Transaction, company_id: str, key: str | None) -> None:
    """The first lock of a keyed request (``locking.IDEMPOTENCY_KEY``): before anything else is locked or read."""
    if key is not None:
        tx.lock(locking.IDEMPOTENCY_KEY, company_id, [key])


def run_once(
    tx: Transaction, company_id: str, key: str | None, request_hash: str, status: int, action: Callable[[], dict[str, Any]]
) -> Outcome:
    """``action()`` in ``tx``, unless ``key`` was already used for this request: then its first response.

    The caller has locked the key (``lock_key``) and commits ``tx`` either way.
    """
    if key is None:
        return Outcome(status, action())
    stored = idempotency.find(tx, company_id, key)
    if stored is not None and _expired(tx, stored["CreatedAt"]):
        idempotency.delete(tx, company_id, key)
        stored = None
    if stored is not None:
        if str(stored["RequestHash"]).strip() != request_hash:
            problem = [{"field": "Idempotency-Key", "message": "already used for a different request"}]
            raise Conflict("This Idempotency-Key was already used for a different request.", problem)
        return Outcome(int(stored["StatusCode"]), json.loads(stored["ResponseBody"]), replayed=True)
    body = action()
    idempotency.insert(tx, company_id, key, request_hash, status, json.dumps(body), tx.now)
    return Outcome(status, body)


def _expired(tx: Transaction, created_at: Any) -> bool:
    moment = to_datetime(created_at)
    return moment is not None and moment < tx.now - RETENTION


def purge_expired(db: Database, company_id: str, now: datetime) -> None:
    """Delete the company's expired keys in a transaction of their own, at most once per ``PURGE_INTERVAL`` here."""
    with _purge_lock:
        last = _last_purge.get(company_id)
        if last is not None and now - last < PURGE_INTERVAL:
            return
        _last_purge[company_id] = now
    try:
        with db.write() as tx:
            tx.exempt(locking.UNLOCKED_PURGE)
            idempotency.purge_older_than(tx, company_id, tx.now - RETENTION)
            tx.commit()
    except ServiceUnavailable:
        with _purge_lock:
            _last_purge.pop(company_id, None)  # busy now: the next keyed request tries again
