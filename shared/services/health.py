"""Health: the database and the blob store both answer."""

from __future__ import annotations

import logging

from shared.context import AppContext
from shared.errors import ServiceUnavailable

log = logging.getLogger("orders_api")


def check(context: AppContext) -> dict[str, str]:
    failed = []
    for name, probe in (("database", context.db.ping), ("storage", context.blobs.ping)):
        try:
            probe()
        except Exception:  # any failure of a dependency is "unhealthy", logged for the operator
            log.exception("health check: %s did not answer", name)
            failed.append(name)
    if failed:
        raise ServiceUnavailable(f"Not healthy: {', '.join(failed)} did not answer.", retry_after_seconds=10)
    return {"status": "ok"}
