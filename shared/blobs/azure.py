"""Blob store on Azure Blob Storage (or Azurite), with azure-storage-blob.

``BLOB_CONNECTION_STRING`` (Azurite, key-based) or ``BLOB_ACCOUNT_URL`` with the app's managed identity
(``ManagedIdentityCredential`` for a user-assigned identity when ``AZURE_CLIENT_ID`` is set, else
``DefaultAzureCredential``). The SDK is imported here, when the store is built, never at app start. A container
is created when a write finds it missing. Transient service faults become ``ServiceUnavailable``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from shared.blobs.base import BlobNotFound
from shared.config import Settings
from shared.errors import ServiceUnavailable

_RETRY_STATUSES = {408, 429, 500, 502, 503, 504}


class AzureBlobStore:
    def __init__(self, service: Any) -> None:
        self.service = service  # azure.storage.blob.BlobServiceClient

    @classmethod
    def from_settings(cls, settings: Settings) -> AzureBlobStore:
        from azure.storage.blob import BlobServiceClient

        # The SDK logs every request at INFO; keep the app's log about the app.
        logging.getLogger("azure.core.pipeline.policies.http_logging_policy").setLevel(logging.WARNING)
        if settings.blob_connection_string:
            return cls(BlobServiceClient.from_connection_string(settings.blob_connection_string))
        return cls(BlobServiceClient(str(settings.blob_account_url), credential=_credential(settings.azure_client_id)))

    def put(
        self, container: str, name: str, data: bytes, *, content_type: str | None = None, metadata: dict[str, str] | None = None,
    ) -> None:
        from azure.core.exceptions import ResourceNotFoundError
        from azure.storage.blob import ContentSettings

        settings = ContentSettings(content_type=content_type) if content_type else None
        client = self.service.get_container_client(container)
        with _translated():
            try:
                client.upload_blob(name, data, overwrite=True, metadata=metadata, content_settings=settings)
            except ResourceNotFoundError:
                self._create_container(container)
                client.upload_blob(name, data, overwrite=True, metadata=metadata, content_settings=settings)

    def create(self, container: str, name: str, data: bytes) -> bool:
        from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError

        client = self.service.get_container_client(container)
        with _translated():
            try:
                try:
                    client.upload_blob(name, data, overwrite=False)
                except ResourceNotFoundError:
                    self._create_container(container)
                    client.upload_blob(name, data, overwrite=False)
            except ResourceExistsError:
                return False
        return True

    def get(self, container: str, name: str) -> bytes:
        with _translated(), _not_found(container, name):
            return bytes(self.service.get_blob_client(container, name).download_blob().readall())

    def metadata(self, container: str, name: str) -> dict[str, str]:
        with _translated(), _not_found(container, name):
            return dict(self.service.get_blob_client(container, name).get_blob_properties().metadata or {})

    def exists(self, container: str, name: str) -> bool:
        with _translated():
            return bool(self.service.get_blob_client(container, name).exists())

    def delete(self, container: str, name: str) -> None:
        from azure.core.exceptions import ResourceNotFoundError

        with _translated(), contextlib.suppress(ResourceNotFoundError):
            self.service.get_blob_client(container, name).delete_blob(delete_snapshots="include")

    def list(self, container: str, prefix: str = "") -> list[str]:
        from azure.core.exceptions import ResourceNotFoundError

        with _translated():
            try:
                return sorted(self.service.get_container_client(container).list_blob_names(name_starts_with=prefix or None))
            except ResourceNotFoundError:
                return []

    def last_modified(self, container: str, prefix: str = "") -> dict[str, datetime]:
        from azure.core.exceptions import ResourceNotFoundError

        with _translated():
            try:
                blobs = self.service.get_container_client(container).list_blobs(name_starts_with=prefix or None)
                return {blob.name: blob.last_modified for blob in blobs}
            except ResourceNotFoundError:
                return {}

    def ping(self) -> None:
        with _translated():
            next(iter(self.service.list_containers(results_per_page=1)), None)

    def _create_container(self, container: str) -> None:
        from azure.core.exceptions import ResourceExistsError

        with contextlib.suppress(ResourceExistsError):  # another writer created it meanwhile
            self.service.create_container(container)


def _credential(client_id: str | None) -> Any:
    from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

    return ManagedIdentityCredential(client_id=client_id) if client_id else DefaultAzureCredential()


@contextlib.contextmanager
def _not_found(container: str, name: str) -> Iterator[None]:
    from azure.core.exceptions import ResourceNotFoundError

    try:
        yield
    except ResourceNotFoundError:
        raise BlobNotFound(f"{container}/{name}") from None


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    """Faults worth a retry (unreachable, throttled, server errors) -> ServiceUnavailable; the rest as they are."""
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    try:
        yield
    except (ServiceRequestError, ServiceResponseError) as exc:
        raise ServiceUnavailable("Blob storage cannot be reached; please retry.", retry_after_seconds=5) from exc
    except HttpResponseError as exc:
        if exc.status_code in _RETRY_STATUSES:
            raise ServiceUnavailable("Blob storage is busy; please retry.", retry_after_seconds=5) from exc
        raise
