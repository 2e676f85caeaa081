"""Signing in to Azure SQL as the app's managed identity: when a connection string carries no credentials, an Entra
access token from azure-identity is passed as connection attribute 1256 (SQL_COPT_SS_ACCESS_TOKEN).
azure-identity is imported on the first token, never at app start."""

from __future__ import annotations

import re
import struct
from typing import Any

from shared.errors import DependencyFailed

SQL_COPT_SS_ACCESS_TOKEN = 1256
TOKEN_SCOPE = "https://database.windows.net/.default"  # noqa: S105 - an OAuth scope, not a secret
_CREDENTIAL_KEYS = re.compile(r"(^|;)\s*(uid|pwd|authentication|trusted_connection)\s*=", re.IGNORECASE)


def needs_access_token(connection_string: str) -> bool:
    """No user, password or authentication mode in the string: sign in as the managed identity."""
    return not _CREDENTIAL_KEYS.search(connection_string)


def access_token_attribute(token: str) -> bytes:
    """The token as the ODBC driver wants it: UTF-16-LE bytes behind a 4-byte little-endian length."""
    raw = token.encode("utf-16-le")
    return struct.pack(f"<I{len(raw)}s", len(raw), raw)


def entra_token(credential: Any, client_id: str | None) -> tuple[Any, str, float]:
    """The credential (made on first use), an Entra access token for the database, and when it expires (epoch seconds)."""
    try:
        if credential is None:
            from azure.identity import DefaultAzureCredential, ManagedIdentityCredential

            credential = ManagedIdentityCredential(client_id=client_id) if client_id else DefaultAzureCredential()
        token = credential.get_token(TOKEN_SCOPE)
    except Exception as exc:  # no identity, or the token endpoint refused: only the kind is named
        raise DependencyFailed("database", f"no Entra access token ({type(exc).__name__})") from exc
    return credential, str(token.token), float(token.expires_on)
