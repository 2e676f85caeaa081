"""The statements of migration 0009's Python step (the order reference keys) parse as T-SQL (sqlglot ``tsql``)."""

from __future__ import annotations

import pytest

from shared.db import migration_steps
from shared.db.dialect import SqlServerDialect
from tests.tsql import parse_tsql, sqlite_only

STATEMENTS = {
    "read first": SqlServerDialect().first(migration_steps.READ_FIRST),
    "read after": SqlServerDialect().first(migration_steps.READ_AFTER),
    "write key": migration_steps.WRITE_KEY,
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_the_backfill_statements_parse_as_tsql(name: str) -> None:
    sql = STATEMENTS[name]
    assert sqlite_only(sql) == []
    parse_tsql(sql)
