"""API keys: random, shown once, stored only as a SHA-256 hash, bound to one company and one principal.

A verified key is remembered by its hash for ``KEY_CACHE_SECONDS`` per database object (so per process), in a
bounded LRU (``KEY_CACHE_SIZE`` keys): a client's requests within that time skip the key lookup. Only active keys
are remembered, never a refusal, so a new key works at once. Revoking a key forgets it in the process that revoked
it; in other processes (the admin CLI revokes from its own process) a revoked key keeps working for at most
``KEY_CACHE_SECONDS``. The company check (``authorize_company``) runs on every request, cached or not.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from cachetools import TTLCache

from shared.db.database import Database
from shared.db.values import guid
from shared.errors import Forbidden, Unauthorized

KEY_PREFIX = "ordk_"
# 32 random bytes -> 43 url-safe characters, behind a short readable prefix.
_KEY_PATTERN = re.compile(r"^ordk_[A-Za-z0-9_-]{43}$")
_DISPLAY_PREFIX_LENGTH = len(KEY_PREFIX) + 6
KEY_CACHE_SECONDS = 5.0
KEY_CACHE_SIZE = 1024


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


class KeyCache:
    """Principals of verified keys by key hash, each for ``seconds``, at most ``size`` of them (least recently used
    go first). Thread-safe."""

    _entries: TTLCache[str, Principal]

    def __init__(self, seconds: float = KEY_CACHE_SECONDS, size: int = KEY_CACHE_SIZE, timer: Callable[[], float] = time.monotonic) -> None:
        self._entries = TTLCache(size, seconds, timer)
        self._lock = threading.Lock()
        self.generation = 0  # bumped by every forget: a lookup that began before one is not remembered

    def get(self, key_hash: str) -> Principal | None:
        with self._lock:
            return self._entries.get(key_hash)

    def put(self, key_hash: str, principal: Principal, generation: int) -> None:
        with self._lock:
            if generation == self.generation:
                self._entries[key_hash] = principal

    def forget(self, api_key_id: str) -> None:
        with self._lock:
            self.generation += 1
            for key_hash in [h for h, principal in self._entries.items() if principal.api_key_id == api_key_id]:
                del self._entries[key_hash]


_caches: weakref.WeakKeyDictionary[Database, KeyCache] = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def key_cache(db: Database) -> KeyCache:
    """The verified-key cache of ``db`` (one per database object)."""
    with _caches_lock:
        cache = _caches.get(db)
        if cache is None:
            cache = _caches[db] = KeyCache()
        return cache


def use_key_cache(db: Database, cache: KeyCache) -> None:
    """Give ``db`` its own cache (one with a test clock, say)."""
    with _caches_lock:
        _caches[db] = cache


def forget_key(db: Database, api_key_id: str) -> None:
    """A revoked key stops working in this process at once (other processes: within ``KEY_CACHE_SECONDS``)."""
    key_cache(db).forget(api_key_id)


def authenticate(db: Database, authorization: str | None) -> Principal:
    """The principal of an active key; the same 401 for missing, malformed, unknown and revoked keys."""
    key = bearer_token(authorization)
    key_hash = hash_key(key)
    cache = key_cache(db)
    principal = cache.get(key_hash)
    if principal is None:
        generation = cache.generation
        principal = _look_up(db, key_hash)
        cache.put(key_hash, principal, generation)
    return principal


def _look_up(db: Database, key_hash: str) -> Principal:
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
