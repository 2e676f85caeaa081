"""The blob-triggered import: a ``.csv``, or a ``.zip`` of up to two CSVs, dropped at
``order-uploads/{companyId}/{name}`` goes through the same import as the upload endpoint.

The company comes from the blob's path, never from the file. A JSON report is written to
``order-uploads-results/{companyId}/{name}.json`` and the file moves to ``order-uploads-archive`` (earlier ones of
the same name are kept: see ``blob_archive``). Bad content is reported (``rejected``), not raised; only
infrastructure faults (storage, a busy database) raise, so the host retries them. Reading the files is a pure
function of their bytes, so a failure there that is not one of ours is logged and reported as unreadable rather
than retried five times and left in place.
Each import is recorded, in its own transaction, under an idempotency key made of the blob's name and content
hash: processing the same blob again (a redelivered event, a retry after a crash) changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from shared.auth import Principal
from shared.blobs.base import BlobNotFound, BlobStore
from shared.bulk import import_service
from shared.bulk.blob_uploads.blob_archive import UPLOAD_ARCHIVE_CONTAINER, UPLOAD_RESULTS_CONTAINER, UPLOADS_CONTAINER, file_away
from shared.bulk.blob_uploads.blob_principal import SYSTEM_PRINCIPAL_NAME, blob_principal, uploader
from shared.bulk.import_service import ReadUpload
from shared.bulk.reading.files import Limits, UploadedFile
from shared.bulk.reading.zip_upload import read_csv_members
from shared.context import AppContext
from shared.db import locking
from shared.db.values import guid
from shared.errors import AppError, BadRequest, PayloadTooLarge, UnsupportedMediaType
from shared.models.query_values import parse_bool
from shared.representation import api_timestamp
from shared.services.idempotency import lock_key, run_once
from shared.services.principals import require_company

__all__ = ["UPLOADS_CONTAINER", "UPLOAD_ARCHIVE_CONTAINER", "UPLOAD_RESULTS_CONTAINER", "process_upload"]

UPLOADED_BY = "uploadedBy"
ACCEPT_REFORMATTED = "acceptReformatted"

log = logging.getLogger("orders_api")


@dataclass(frozen=True)
class DroppedFile:
    company: str  # the path's first segment, as it is (checked when imported)
    name: str  # the rest of the path
    data: bytes
    metadata: dict[str, str]

    @property
    def blob_name(self) -> str:
        return f"{self.company}/{self.name}"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def uploaded_by(self) -> str | None:
        return self._metadata_value(UPLOADED_BY)

    @property
    def accept_reformatted(self) -> bool:
        """Metadata ``acceptReformatted`` = the upload endpoint's query parameter, by the same convention."""
        value = self._metadata_value(ACCEPT_REFORMATTED)
        try:
            return False if value is None else parse_bool(value)
        except ValueError as exc:
            raise BadRequest(f"The blob's metadata {ACCEPT_REFORMATTED} must be 1, 0, true or false.",
                             [{"field": ACCEPT_REFORMATTED, "message": str(exc)}]) from None

    def _metadata_value(self, name: str) -> str | None:
        # Metadata names are case-insensitive in Azure (they travel as HTTP headers).
        return next((value for key, value in self.metadata.items() if key.lower() == name.lower()), None)


def process_upload(ctx: AppContext, path: str, data: bytes) -> dict[str, Any]:
    """``path`` is the trigger's blob path (``order-uploads/{companyId}/{name}``, the container optional)."""
    company, _, name = path.removeprefix(f"{UPLOADS_CONTAINER}/").partition("/")
    dropped = DroppedFile(company, name, data, _metadata(ctx.blobs, f"{company}/{name}"))
    report = _report(ctx, dropped)
    file_away(ctx.blobs, dropped.blob_name, report, data, dropped.metadata)
    log.info("blob upload %s: %s", dropped.blob_name, report["outcome"])
    return report


def _metadata(blobs: BlobStore, blob_name: str) -> dict[str, str]:
    try:
        return blobs.metadata(UPLOADS_CONTAINER, blob_name)
    except BlobNotFound:
        return {}  # moved already by an earlier run of this same event; the import's receipt covers it


def _report(ctx: AppContext, dropped: DroppedFile) -> dict[str, Any]:
    report: dict[str, Any] = {"blob": f"{UPLOADS_CONTAINER}/{dropped.blob_name}", "sha256": dropped.sha256,
                              "processedAt": api_timestamp(ctx.clock.now())}
    try:
        actor, summary = _import(ctx, dropped)
        return {**report, "uploadedBy": _described(actor), "outcome": "imported", "summary": summary}
    except AppError as exc:
        if exc.status >= 500:
            raise  # the database is busy or unreachable: let the host retry
        problem = {"status": exc.status, "title": exc.title, "detail": exc.detail, "errors": exc.errors}
    return {**report, "uploadedBy": _described(_uploader(ctx, dropped)), "outcome": "rejected", "problem": problem}


def _import(ctx: AppContext, dropped: DroppedFile) -> tuple[Principal, dict[str, Any]]:
    company_id, upload = _company_id(dropped.company), _read(dropped, Limits.from_settings(ctx.settings))
    key = "blob-upload:" + hashlib.sha256(f"{dropped.blob_name}\n{dropped.sha256}".encode()).hexdigest()
    with ctx.db.write() as tx:
        # The locking protocol (shared.db.locking): the key, the system principal's name, the rows the files name;
        # then the principal (created on first use) and the import, which find their locks held already.
        company_id = require_company(tx, company_id)
        lock_key(tx, company_id, key)
        tx.lock(locking.SYSTEM_USER, company_id, [SYSTEM_PRINCIPAL_NAME])
        import_service.lock_named_rows(tx, company_id, list(upload.tables.values()))
        actor = blob_principal(tx, company_id, dropped.uploaded_by)
        outcome = run_once(tx, actor.company_id, key, dropped.sha256, 200, lambda: import_service.import_in(tx, actor, upload))
        tx.commit()
    return actor, _repeated(outcome.body) if outcome.replayed else outcome.body


def _read(dropped: DroppedFile, limits: Limits) -> ReadUpload:
    try:
        return import_service.read_upload(_files(dropped, limits), limits, accept_reformatted=dropped.accept_reformatted)
    except (AppError, MemoryError):
        raise
    except Exception:  # no I/O happens here: retrying the same bytes cannot help
        log.exception("blob upload %s could not be read", dropped.blob_name)
        raise BadRequest(f"{PurePosixPath(dropped.name).name} could not be read.") from None


def _files(dropped: DroppedFile, limits: Limits) -> list[UploadedFile]:
    if len(dropped.data) > limits.max_bytes:
        raise PayloadTooLarge(f"The file is {len(dropped.data)} bytes; at most {limits.max_bytes} are accepted.")
    file_name = PurePosixPath(dropped.name).name
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix in (".csv", ".xlsx"):  # a workbook is read as the CSV files of its sheets (import_service)
        return [UploadedFile(file_name, dropped.data)]
    if suffix == ".zip":
        return read_csv_members(file_name, dropped.data, limits.max_bytes)
    raise UnsupportedMediaType(f"Only .csv files, .xlsx workbooks and .zip files of CSVs are imported, not '{file_name}'.")


def _company_id(segment: str) -> str:
    try:
        return guid(segment)
    except ValueError:
        raise BadRequest(f"The folder '{segment}' is not a company id; drop files at order-uploads/{{companyId}}/{{name}}.") from None


def _uploader(ctx: AppContext, dropped: DroppedFile) -> Principal | None:
    """Who a rejected file would have acted as (nothing is created for it)."""
    try:
        company_id = guid(dropped.company)
    except ValueError:
        return None
    with ctx.db.read() as tx:
        return uploader(tx, company_id, dropped.uploaded_by)


def _described(actor: Principal | None) -> dict[str, str | None]:
    if actor is None:
        return {"userId": None, "displayName": SYSTEM_PRINCIPAL_NAME}
    return {"userId": actor.user_id, "displayName": actor.display_name}


def _repeated(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary of a file imported before: everything in it is unchanged now."""
    counts = {kind: {"created": 0, "updated": 0, "unchanged": sum(summary[kind].values())} for kind in ("orders", "lineItems")}
    return {**counts, "warnings": ["This file was imported before; nothing was changed this time."], "changes": [], "changeCount": 0}
