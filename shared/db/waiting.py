"""One waiting budget per request: how long a write may wait for a locked database, in all its attempts.

``retry_when_busy`` opens the budget around its attempts; each transaction waits for locks at most what is left
of it (SQLite's busy timeout, SQL Server's ``SET LOCK_TIMEOUT``). A write outside any budget gets a whole one.
So every route answers within about ``WAIT_BUDGET_SECONDS`` when the database stays locked (then 503).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

WAIT_BUDGET_SECONDS = 15.0
_deadline: ContextVar[float | None] = ContextVar("database_wait_deadline", default=None)


@contextlib.contextmanager
def waiting_budget() -> Iterator[None]:
    """Open the budget (an enclosing one, if any, stays in force)."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set(time.monotonic() + WAIT_BUDGET_SECONDS)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_seconds() -> float:
    deadline = _deadline.get()
    return WAIT_BUDGET_SECONDS if deadline is None else max(0.0, deadline - time.monotonic())


def lock_wait_milliseconds() -> int:
    """What the next transaction may wait for a lock (at least 1 ms: 0 would mean 'wait forever' to some)."""
    return max(1, int(remaining_seconds() * 1000))
