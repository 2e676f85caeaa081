"""Configuration, read once from the environment into one frozen object.

No other module reads ``os.environ``: everything configurable is a field here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    sql_connection_string: str | None = None
    sqlite_path: Path = Path(".data/orders.sqlite3")
    blob_account_url: str | None = None
    blob_connection_string: str | None = None
    blob_local_root: Path = Path(".data/blobs")
    max_upload_bytes: int = 50 * MIB
    max_upload_rows: int = 200_000
    # Client id of a user-assigned managed identity; None means system-assigned / developer credential.
    azure_client_id: str | None = None
    # The budget of one certificate pack render (a child process): CPU seconds, address space, wall clock.
    pack_render_cpu_seconds: int = 120
    pack_render_memory_mb: int = 2048
    pack_render_timeout_seconds: int = 180
    pack_max_lines: int = 10_000
    # Who to ask about the API, and its licence, as the OpenAPI document's info.contact/info.license states them.
    # The repository has no LICENSE file and names no owner: neutral defaults, to be set per deployment.
    api_contact_name: str = "Orders API maintainers"
    api_contact_email: str | None = None
    api_contact_url: str | None = None
    api_license_name: str = "Proprietary"
    api_license_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        defaults = cls()
        return cls(
            sql_connection_string=env.get("SQL_CONNECTION_STRING") or None,
            sqlite_path=Path(env.get("SQLITE_PATH") or defaults.sqlite_path),
            blob_account_url=env.get("BLOB_ACCOUNT_URL") or None,
            blob_connection_string=env.get("BLOB_CONNECTION_STRING") or None,
            blob_local_root=Path(env.get("BLOB_LOCAL_ROOT") or defaults.blob_local_root),
            max_upload_bytes=_positive_int(env, "MAX_UPLOAD_BYTES", defaults.max_upload_bytes),
            max_upload_rows=_positive_int(env, "MAX_UPLOAD_ROWS", defaults.max_upload_rows),
            azure_client_id=env.get("AZURE_CLIENT_ID") or None,
            pack_render_cpu_seconds=_positive_int(env, "PACK_RENDER_CPU_SECONDS", defaults.pack_render_cpu_seconds),
            pack_render_memory_mb=_positive_int(env, "PACK_RENDER_MEMORY_MB", defaults.pack_render_memory_mb),
            pack_render_timeout_seconds=_positive_int(env, "PACK_RENDER_TIMEOUT_SECONDS", defaults.pack_render_timeout_seconds),
            pack_max_lines=_positive_int(env, "PACK_MAX_LINES", defaults.pack_max_lines),
            api_contact_name=env.get("API_CONTACT_NAME") or defaults.api_contact_name,
            api_contact_email=env.get("API_CONTACT_EMAIL") or None,
            api_contact_url=env.get("API_CONTACT_URL") or None,
            api_license_name=env.get("API_LICENSE_NAME") or defaults.api_license_name,
            api_license_url=env.get("API_LICENSE_URL") or None,
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value
