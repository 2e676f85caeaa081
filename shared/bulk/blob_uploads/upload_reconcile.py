"""The safety net under the blob trigger: every file still waiting in ``order-uploads`` some minutes after it was
written is imported by the same ``process_upload`` the trigger runs.

A file leaves ``order-uploads`` once it is imported (it moves to the archive), so one still there was never
delivered: Event Grid dead-lettered its event, the subscription was missing or broken (a rotated key), or the
function crashed mid-way. Importing it again is safe: the import is idempotent per blob name and content.

Two cases are told apart by the report at ``order-uploads-results/{name}.json``:
- no report, or a report of different content (a new file under an old name): import it;
- a report of this very content: the import finished and only the move did not; finish the move, keep the report.

A rejected file is reported like any other; an infrastructure fault (storage, a busy database) stops the run and
fails the invocation, and the next run, five minutes later, starts again from the oldest file.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from shared.blobs.base import BlobNotFound, BlobStore
from shared.bulk.blob_uploads.blob_import import (
    UPLOAD_ARCHIVE_CONTAINER,
    UPLOAD_RESULTS_CONTAINER,
    UPLOADS_CONTAINER,
    process_upload,
)
from shared.context import AppContext

# Event Grid normally delivers within seconds and retries for up to a day; a file this old and still waiting
# is overdue for a look (and importing it twice changes nothing).
DEFAULT_MIN_AGE = timedelta(minutes=5)
# Files handled per run; the timer runs every few minutes, so a backlog drains over a few runs.
DEFAULT_LIMIT = 50
RECONCILED_LOG_PREFIX = "reconciled upload "

log = logging.getLogger("orders_api")


@dataclass
class Reconciliation:
    imported: list[str] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    misplaced: list[str] = field(default_factory=list)  # not at {companyId}/{name}: the trigger never fires for them
    waiting: int = 0  # younger than min_age: the event may still be on its way
    left: int = 0  # over the per-run limit: the next run takes them

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "finished": self.finished, "misplaced": self.misplaced,
                "waiting": self.waiting, "left": self.left}


def reconcile_uploads(ctx: AppContext, *, min_age: timedelta = DEFAULT_MIN_AGE, limit: int = DEFAULT_LIMIT) -> Reconciliation:
    """Import (or finish moving) every upload older than ``min_age``, oldest first, at most ``limit`` of them."""
    result = Reconciliation()
    cutoff = ctx.clock.now() - min_age
    stale = []
    for name, modified in ctx.blobs.last_modified(UPLOADS_CONTAINER).items():
        if "/" not in name.strip("/"):
            result.misplaced.append(name)
        elif modified > cutoff:
            result.waiting += 1
        else:
            stale.append((modified, name))
    stale.sort()
    result.left = max(0, len(stale) - limit)
    for _, name in stale[:limit]:
        _reconcile_one(ctx, name, result)
    return result


def _reconcile_one(ctx: AppContext, name: str, result: Reconciliation) -> None:
    try:
        data = ctx.blobs.get(UPLOADS_CONTAINER, name)
    except BlobNotFound:
        return  # imported by the trigger meanwhile
    if _reported_sha256(ctx.blobs, name) == hashlib.sha256(data).hexdigest():  # as the report's sha256 was taken
        finish_move(ctx.blobs, name, data)
        result.finished.append(name)
        log.warning("%s%s: report existed, finished moving it to the archive", RECONCILED_LOG_PREFIX, name)
        return
    report = process_upload(ctx, f"{UPLOADS_CONTAINER}/{name}", data)
    result.imported.append(name)
    log.warning("%s%s: %s (no event had delivered it)", RECONCILED_LOG_PREFIX, name, report["outcome"])


def _reported_sha256(blobs: BlobStore, name: str) -> object:
    """The report's ``sha256`` (whatever it holds: it is only compared with the file's), None without a report."""
    try:
        report = json.loads(blobs.get(UPLOAD_RESULTS_CONTAINER, f"{name}.json"))
    except (BlobNotFound, ValueError):
        return None
    return report.get("sha256") if isinstance(report, dict) else None


def finish_move(blobs: BlobStore, name: str, data: bytes) -> None:
    """Archive the file and take it out of the upload container, as process_upload's last two steps do."""
    try:
        metadata = blobs.metadata(UPLOADS_CONTAINER, name)
    except BlobNotFound:
        return
    blobs.put(UPLOAD_ARCHIVE_CONTAINER, name, data, metadata=metadata or None)
    blobs.delete(UPLOADS_CONTAINER, name)
