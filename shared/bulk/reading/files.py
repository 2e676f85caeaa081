"""What an import reads: named files of bytes, within the configured limits."""

from __future__ import annotations

from dataclasses import dataclass

from shared.config import Settings


@dataclass(frozen=True)
class UploadedFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    max_bytes: int  # per request (HTTP) or per blob
    max_rows: int  # per file

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(max_bytes=settings.max_upload_bytes, max_rows=settings.max_upload_rows)
