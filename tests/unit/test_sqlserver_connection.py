"""The SQL Server connection path that cannot run here: token packing and when a token is used."""

from __future__ import annotations

import struct

import pytest

from shared.db.dialect import SqlServerDialect
from shared.db.sqlserver import access_token_attribute, needs_access_token


def test_the_access_token_is_utf16le_behind_a_little_endian_length() -> None:
    packed = access_token_attribute("eyJ0")
    (length,) = struct.unpack("<I", packed[:4])
    assert length == 8
    assert packed[4:].decode("utf-16-le") == "eyJ0"


@pytest.mark.parametrize(
    ("connection_string", "token"),
    [
        ("Driver={ODBC Driver 18 for SQL Server};Server=tcp:x.database.windows.net,1433;Database=orders;Encrypt=yes", True),
        ("Driver={ODBC Driver 18 for SQL Server};Server=localhost;Database=orders;UID=sa;PWD=secret", False),
        ("Driver={ODBC Driver 18 for SQL Server};Server=x;Database=orders;Authentication=ActiveDirectoryMsi", False),
        ("Server=x;Database=orders; uid = sa ;pwd=y", False),
    ],
)
def test_a_managed_identity_token_is_used_only_without_credentials_in_the_string(connection_string: str, token: bool) -> None:
    assert needs_access_token(connection_string) is token


def test_sql_server_errors_are_classified_for_retry_and_conflict() -> None:
    dialect = SqlServerDialect()

    class IntegrityError(Exception):
        pass

    unique = IntegrityError("[23000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Cannot insert duplicate key row (2601)")
    deadlock = Exception("[40001] Transaction (Process ID 52) was deadlocked ... (1205) (SQLExecDirectW)")
    assert dialect.is_unique_violation(unique)
    assert not dialect.is_unique_violation(deadlock)
    assert dialect.is_transient(deadlock)
    assert not dialect.is_transient(unique)
    assert dialect.first("SELECT a FROM t ORDER BY a") == "SELECT a FROM t ORDER BY a OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY"
