"""Blob storage behind one small interface: a local folder (embedded default) or Azure Blob Storage."""

from shared.blobs.base import BlobNotFound, BlobStore

__all__ = ["BlobNotFound", "BlobStore"]
