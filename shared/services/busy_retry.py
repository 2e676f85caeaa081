"""A bounded retry of a whole unit of work when the database says it is busy (503), within one waiting budget.

SQLite's busy timeout and SQL Server's lock timeout wait for locks; this covers what they cannot (a SQL Server
deadlock victim, a temporal period conflict, a failover) by running the unit of work again while the request's
waiting budget (``shared.db.waiting``) lasts. The unit of work must be safe to run again, which every transaction
is: a failed attempt rolled back everything it did.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from shared.db.waiting import remaining_seconds, waiting_budget
from shared.errors import ServiceUnavailable

T = TypeVar("T")

ATTEMPTS = 6
BASE_DELAY_SECONDS = 0.05


def retry_when_busy(work: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    with waiting_budget():
        for attempt in range(1, attempts + 1):
            try:
                return work()
            except ServiceUnavailable:
                # Exponential backoff with jitter, so the retrying transactions do not collide again in step.
                delay = BASE_DELAY_SECONDS * 2 ** (attempt - 1) * (1 + random.random())  # noqa: S311 - jitter, not security
                if attempt == attempts or remaining_seconds() <= delay:
                    raise
                time.sleep(delay)
    raise AssertionError("unreachable")
