"""A small per-process pool of SQL Server connections: one connection serves a request's transactions (taken
last-in first-out, so a request's auth read and its write find the same one), and none outlives its sign-in.

A connection signed in with an Entra access token is retired ``TOKEN_MARGIN_SECONDS`` before the token expires
(the server would drop it then); any connection after ``MAX_LIFETIME_SECONDS``; a connection whose rollback failed
is closed, never reused.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

POOL_SIZE = 4
MAX_LIFETIME_SECONDS = 30 * 60
TOKEN_MARGIN_SECONDS = 5 * 60


@dataclass
class Pooled:
    conn: Any
    retire_at: float  # epoch seconds


class ConnectionPool:
    _idle: list[Pooled]

    def __init__(self, connect: Callable[[], Pooled], size: int = POOL_SIZE, now: Callable[[], float] = time.time) -> None:
        self._connect, self._size, self._now = connect, size, now
        self._idle = []
        self._lock = threading.Lock()

    def acquire(self) -> Pooled:
        with self._lock:
            while self._idle:
                pooled = self._idle.pop()
                if pooled.retire_at > self._now():
                    return pooled
                _close(pooled)
        return self._connect()

    def release(self, pooled: Pooled, *, reusable: bool) -> None:
        if reusable and pooled.retire_at > self._now():
            with self._lock:
                if len(self._idle) < self._size:
                    self._idle.append(pooled)
                    return
        _close(pooled)

    def idle(self) -> int:
        return len(self._idle)


def _close(pooled: Pooled) -> None:
    with contextlib.suppress(Exception):  # closing a dead connection may fail; it is gone either way
        pooled.conn.close()
