"""Where a dropped file ends up: its report in ``order-uploads-results/{companyId}/{name}.json`` and the file itself
in ``order-uploads-archive/{companyId}/{name}``, the latest of each name always there.

A file dropped again under the same name must not erase the earlier one: before the new report and file are
written, the earlier report (and the archived file it describes, matched by its SHA-256) are copied beside them
under a name stamped with the earlier ``processedAt``: ``monday/orders.csv`` -> ``monday/orders.20260302T081500123456Z.csv``
and ``monday/orders.20260302T081500123456Z.csv.json``. Copying first and overwriting after makes a retry after a
crash safe: the same stamp gives the same names.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import PurePosixPath
from typing import Any

from shared.blobs.base import BlobNotFound, BlobStore

UPLOADS_CONTAINER = "order-uploads"
UPLOAD_RESULTS_CONTAINER = "order-uploads-results"
UPLOAD_ARCHIVE_CONTAINER = "order-uploads-archive"


def file_away(blobs: BlobStore, blob_name: str, report: dict[str, Any], data: bytes, metadata: dict[str, str]) -> None:
    """Keep the earlier report and file of this name, write the new ones, and remove the dropped file."""
    _keep_earlier(blobs, blob_name)
    blobs.put(UPLOAD_RESULTS_CONTAINER, f"{blob_name}.json", json.dumps(report, indent=2).encode("utf-8"), content_type="application/json")
    blobs.put(UPLOAD_ARCHIVE_CONTAINER, blob_name, data, metadata=metadata or None)
    blobs.delete(UPLOADS_CONTAINER, blob_name)


def stamped(blob_name: str, stamp: str) -> str:
    """``folder/orders.csv`` -> ``folder/orders.{stamp}.csv`` (the extension stays last, so the file still opens)."""
    path = PurePosixPath(blob_name)
    return str(path.with_name(f"{path.stem}.{stamp}{path.suffix}"))  # folder/orders -> folder/orders.{stamp}


def _keep_earlier(blobs: BlobStore, blob_name: str) -> None:
    try:
        earlier = blobs.get(UPLOAD_RESULTS_CONTAINER, f"{blob_name}.json")
    except BlobNotFound:
        return
    report = _parsed(earlier)
    aside = stamped(blob_name, _stamp(report, earlier))
    archived = _archived(blobs, blob_name)
    if archived is not None and hashlib.sha256(archived).hexdigest() == report.get("sha256"):
        blobs.put(UPLOAD_ARCHIVE_CONTAINER, aside, archived, metadata=blobs.metadata(UPLOAD_ARCHIVE_CONTAINER, blob_name) or None)
    blobs.put(UPLOAD_RESULTS_CONTAINER, f"{aside}.json", earlier, content_type="application/json")


def _parsed(report: bytes) -> dict[str, Any]:
    try:
        parsed = json.loads(report)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _stamp(report: dict[str, Any], raw: bytes) -> str:
    """The earlier report's ``processedAt`` as name-safe text (2026-03-02T08:15:00.123456Z -> 20260302T081500123456Z)."""
    processed = re.sub(r"[^0-9TZ]", "", str(report.get("processedAt", "")))
    return processed or hashlib.sha256(raw).hexdigest()[:16]


def _archived(blobs: BlobStore, blob_name: str) -> bytes | None:
    try:
        return blobs.get(UPLOAD_ARCHIVE_CONTAINER, blob_name)
    except BlobNotFound:
        return None
