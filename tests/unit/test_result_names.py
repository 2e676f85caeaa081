"""The SQL Server result-name check of the suite (tests/result_names.py) sees what SQLite hides."""

from __future__ import annotations

import pytest

from tests.result_names import mismatches, written_names


@pytest.mark.parametrize(
    ("sql", "reported", "found"),
    [
        ("SELECT FileName, Id FROM T", ["FileName", "Id"], []),
        ("select filename, Id from T", ["FileName", "Id"], ["'FileName' is written 'filename'"]),
        ("SELECT t.FILENAME FROM T t WHERE t.FileName = ?", ["FileName"], ["'FileName' is written 'FILENAME'"]),
        ("SELECT a.Active AS orderactive FROM T a", ["OrderActive"], ["'OrderActive' is written 'orderactive'"]),
        ("SELECT COUNT(*) AS n FROM T", ["n"], []),
        ("SELECT COUNT(*) FROM T", ["COUNT(*)"], []),
        ("SELECT Name FROM T UNION ALL SELECT name FROM U", ["Name"], []),
        ("select name FROM T UNION ALL SELECT Name FROM U", ["Name"], ["'Name' is written 'name'"]),
        ("SELECT * FROM T", ["Name"], []),
    ],
)
def test_a_column_written_in_another_case_than_sqlite_reports_is_found(sql: str, reported: list[str], found: list[str]) -> None:
    assert mismatches(sql, reported) == found


def test_only_selects_are_checked() -> None:
    assert written_names("UPDATE T SET Name = ? WHERE Id = ?") is None
    assert written_names("SELECT t.* FROM T t") is None
    assert written_names("SELECT Id, COUNT(*) FROM T GROUP BY Id") == ("Id", "")
