"""The blob store interface the services use. Containers are created on first use."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Protocol

from shared.errors import ServiceUnavailable


class BlobNotFound(LookupError):
    """The named blob does not exist."""


@contextlib.contextmanager
def storage_errors() -> Iterator[None]:
    """Translate any failure of the blob store (other than a missing blob) into a clean 503."""
    try:
        yield
    except BlobNotFound:
        raise
    except Exception as exc:
        raise ServiceUnavailable("Blob storage is not available; please retry.", retry_after_seconds=5) from exc


class BlobStore(Protocol):
    def put(
        self,
        container: str,
        name: str,
        data: bytes,
        *,
        content_type: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        """Write (or overwrite) a blob atomically: readers see the old or the new content, never a mix."""

    def create(self, container: str, name: str, data: bytes) -> bool:
        """Write the blob only if no blob of that name exists, atomically; False when one does (no change)."""

    def get(self, container: str, name: str) -> bytes:
        """The blob's content; raises BlobNotFound."""

    def metadata(self, container: str, name: str) -> dict[str, str]:
        """The blob's metadata; raises BlobNotFound."""

    def exists(self, container: str, name: str) -> bool: ...

    def delete(self, container: str, name: str) -> None:
        """Remove the blob; no error when it is already gone."""

    def list(self, container: str, prefix: str = "") -> list[str]:
        """Names of the container's blobs that start with ``prefix``, sorted."""

    def last_modified(self, container: str, prefix: str = "") -> dict[str, datetime]:
        """Name -> time of the last write (timezone-aware, UTC) of the container's blobs that start with ``prefix``."""

    def ping(self) -> None:
        """Raise when the store cannot be reached."""
