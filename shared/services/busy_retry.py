"""A bounded retry of a whole unit of work when the database says it is busy (503), before giving up.

SQLite's busy timeout already waits for the write lock; this covers what it cannot (a lock that outlasts it,
a SQL Server deadlock victim or temporal period conflict). The unit of work must be safe to run again, which
every transaction is: a failed attempt rolled back everything it did.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from shared.errors import ServiceUnavailable

T = TypeVar("T")

ATTEMPTS = 4
BASE_DELAY_SECONDS = 0.05


def retry_when_busy(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except ServiceUnavailable:
            if attempt == attempts:
                raise
            # Exponential backoff with jitter, so the retrying transactions do not collide again in step.
            time.sleep(BASE_DELAY_SECONDS * 2 ** (attempt - 1) * (1 + random.random()))  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")
