"""The composition root: picks the database and blob store from the settings, once per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from shared.blobs.base import BlobStore
from shared.clock import Clock, SystemClock
from shared.config import Settings
from shared.db.database import Database


@dataclass(frozen=True)
class AppContext:
    settings: Settings
    db: Database
    blobs: BlobStore
    clock: Clock


def build_context(settings: Settings, clock: Clock | None = None) -> AppContext:
    clock = clock or SystemClock()
    return AppContext(settings=settings, db=_database(settings, clock), blobs=_blob_store(settings), clock=clock)


def _database(settings: Settings, clock: Clock) -> Database:
    if settings.sql_connection_string:
        from shared.db.sqlserver import SqlServerDatabase

        return SqlServerDatabase(settings.sql_connection_string, clock, settings.azure_client_id)
    from shared.db.sqlite import SqliteDatabase

    return SqliteDatabase(settings.sqlite_path, clock)


def _blob_store(settings: Settings) -> BlobStore:
    if settings.blob_account_url or settings.blob_connection_string:
        from shared.blobs.azure import AzureBlobStore  # imports azure-storage-blob lazily inside

        store: BlobStore = AzureBlobStore.from_settings(settings)
        return store
    from shared.blobs.local import LocalBlobStore

    return LocalBlobStore(settings.blob_local_root)


_lock = threading.Lock()
_current: AppContext | None = None


def current() -> AppContext:
    """The process-wide context, built from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = build_context(Settings.from_env())
        return _current


def use(context: AppContext | None) -> None:
    """Replace the process-wide context (tests, devhost); ``None`` rebuilds it from the environment next time."""
    global _current
    with _lock:
        _current = context
