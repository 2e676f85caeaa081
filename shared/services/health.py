"""Health: the database and the blob store both answer."""

from __future__ import annotations

import logging
from collections.abc import Callable

from shared.context import AppContext
from shared.errors import AppError, DependencyFailed, ServiceUnavailable

log = logging.getLogger("orders_api")


def check(context: AppContext) -> dict[str, str]:
    """503 naming each failing dependency: one that does not answer, or a database that cannot take writes."""
    failed = []
    for name, probe in (("database", _database(context)), ("storage", context.blobs.ping)):
        try:
            probe()
        except Exception as exc:  # any failure of a dependency is "unhealthy", logged for the operator
            log.warning("health check: %s is not healthy (%s)", name, _why(exc), exc_info=not isinstance(exc, AppError))
            failed.append(f"{name} ({_why(exc)})")
    if failed:
        raise ServiceUnavailable(f"Not healthy: {'; '.join(failed)}.", retry_after_seconds=10)
    return {"status": "ok"}


def _database(context: AppContext) -> Callable[[], None]:
    def probe() -> None:
        context.db.ping()
        problem = context.db.storage_problem()
        if problem is not None:
            raise ServiceUnavailable(f"cannot store changes: {problem}")

    return probe


def _why(exc: Exception) -> str:
    """A short reason that names no secret: our own errors' detail, else only the kind of failure."""
    if isinstance(exc, DependencyFailed):
        return "refuses the service"
    if isinstance(exc, AppError):
        return exc.detail
    return "did not answer"
