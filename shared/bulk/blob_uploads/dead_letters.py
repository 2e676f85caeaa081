"""Replaying upload events Event Grid gave up on.

After its retries (or the event's time to live) Event Grid writes the event into ``upload-events-deadletter``
as a JSON blob (an array of events, each with ``subject``, ``deadLetterReason``, ...), under
``{topic}/{subscription}/{year}/{month}/{day}/{hour}/{id}.json``. Replaying one means importing the blob its
subject names, if it is still waiting in ``order-uploads`` (the reconcile timer may have imported it already),
then moving the record under ``replayed/`` so it is replayed only once. Records are kept, never deleted.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from shared.blobs.base import BlobNotFound
from shared.bulk.blob_uploads.blob_import import UPLOADS_CONTAINER, process_upload
from shared.context import AppContext

DEAD_LETTER_CONTAINER = "upload-events-deadletter"
REPLAYED_PREFIX = "replayed/"
_SUBJECT_PREFIX = f"/blobServices/default/containers/{UPLOADS_CONTAINER}/blobs/"

log = logging.getLogger("orders_api")


@dataclass
class Replay:
    imported: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # no longer waiting: imported meanwhile
    unreadable: list[str] = field(default_factory=list)  # records that are not upload events; left in place

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "alreadyImported": self.gone, "unreadable": self.unreadable}


def replay_dead_letters(ctx: AppContext) -> Replay:
    result = Replay()
    for record in ctx.blobs.list(DEAD_LETTER_CONTAINER):
        if record.startswith(REPLAYED_PREFIX):
            continue
        names = _uploads_named(ctx.blobs.get(DEAD_LETTER_CONTAINER, record))
        if names is None:
            result.unreadable.append(record)
            continue
        for name in names:
            _replay_one(ctx, name, result)
        _mark_replayed(ctx, record)
    return result


def _uploads_named(content: bytes) -> list[str] | None:
    """Blob names (below order-uploads/) of the events in one dead-letter record; None when it is not one."""
    try:
        events = json.loads(content)
    except ValueError:
        return None
    events = events if isinstance(events, list) else [events]
    subjects = [event.get("subject") if isinstance(event, dict) else None for event in events]
    if not subjects or not all(isinstance(subject, str) and subject.startswith(_SUBJECT_PREFIX) for subject in subjects):
        return None
    return [str(subject).removeprefix(_SUBJECT_PREFIX) for subject in subjects]


def _replay_one(ctx: AppContext, name: str, result: Replay) -> None:
    try:
        data = ctx.blobs.get(UPLOADS_CONTAINER, name)
    except BlobNotFound:
        result.gone.append(name)
        return
    report = process_upload(ctx, f"{UPLOADS_CONTAINER}/{name}", data)
    result.imported.append(name)
    log.info("replayed dead-lettered upload %s: %s", name, report["outcome"])


def _mark_replayed(ctx: AppContext, record: str) -> None:
    ctx.blobs.put(DEAD_LETTER_CONTAINER, f"{REPLAYED_PREFIX}{record}", ctx.blobs.get(DEAD_LETTER_CONTAINER, record),
                  content_type="application/json")
    ctx.blobs.delete(DEAD_LETTER_CONTAINER, record)
