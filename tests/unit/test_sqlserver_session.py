"""The SQL Server session path, which cannot run here, against a recording stand-in for pyodbc's connection: pooled
connections retired before their token expires, session settings, isolation per transaction, error classes, and
a failed rollback that never hides the error that led to it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pyodbc
import pytest

from shared.clock import SystemClock
from shared.db import sqlserver
from shared.db.sqlserver import SQL_COPT_SS_TXN_ISOLATION, SQL_TXN_READ_COMMITTED, SQL_TXN_SS_SNAPSHOT, SqlServerDatabase
from shared.db.sqlserver_errors import classify
from shared.db.sqlserver_pool import TOKEN_MARGIN_SECONDS
from shared.db.waiting import WAIT_BUDGET_SECONDS
from shared.errors import Conflict, DependencyFailed, ServiceUnavailable
from tests.tsql import parse_tsql

CONNECTION_STRING = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:x,1433;Database=orders;UID=app;PWD=s3cret-Pa55"


class FakeCursor:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn, self.rowcount, self.description = conn, 0, [("one",)]

    def execute(self, sql: str, params: Any = ()) -> FakeCursor:
        self.conn.statements.append(sql)
        return self

    def fetchone(self) -> tuple[int]:
        return (self.conn.snapshot_state,)

    def fetchall(self) -> list[tuple[int]]:
        return [(1,)]


class FakeConnection:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.attributes: list[tuple[int, int]] = []
        self.timeout, self.autocommit, self.closed, self.snapshot_state = 0, False, False, 1
        self.fail_rollback = False

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def execute(self, sql: str) -> FakeCursor:
        return self.cursor().execute(sql)

    def set_attr(self, attribute: int, value: int) -> None:
        self.attributes.append((attribute, value))

    def commit(self) -> None:
        self.statements.append("COMMIT")

    def rollback(self) -> None:
        if self.fail_rollback:
            raise pyodbc.OperationalError("08S01", "[08S01] Communication link failure (10054) (SQLEndTran)")
        self.statements.append("ROLLBACK")

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FakeConnection]]:
    made: list[FakeConnection] = []

    def connect(connection_string: str, **options: Any) -> FakeConnection:
        assert options["timeout"] == sqlserver.LOGIN_TIMEOUT_SECONDS and options["autocommit"] is False
        made.append(FakeConnection())
        return made[-1]

    monkeypatch.setattr(pyodbc, "connect", connect)
    yield made


def database() -> SqlServerDatabase:
    return SqlServerDatabase(CONNECTION_STRING, SystemClock())


def test_every_connection_gets_xact_abort_and_a_query_timeout(connections: list[FakeConnection]) -> None:
    with database().write() as tx:
        tx.execute("UPDATE Orders SET Site = ? WHERE OrderId = ?", ("x", "y"))
        tx.commit()
    [conn] = connections
    assert conn.statements[0] == "SET XACT_ABORT ON"
    assert 0 < conn.timeout == sqlserver.QUERY_TIMEOUT_SECONDS < 230


def test_each_transaction_waits_for_locks_at_most_its_budget_and_the_settings_parse(connections: list[FakeConnection]) -> None:
    with database().write() as tx:
        tx.commit()
    [lock_timeout] = [sql for sql in connections[0].statements if sql.startswith("SET LOCK_TIMEOUT")]
    assert 0 < int(lock_timeout.split()[-1]) <= WAIT_BUDGET_SECONDS * 1000
    for sql in connections[0].statements:
        if sql != "COMMIT":
            parse_tsql(sql)


def test_reads_run_under_snapshot_and_writes_under_read_committed(connections: list[FakeConnection]) -> None:
    db = database()
    with db.read() as tx:
        tx.scalar("SELECT 1 AS one")
    with db.write() as tx:
        tx.commit()
    isolation = [value for attribute, value in connections[0].attributes if attribute == SQL_COPT_SS_TXN_ISOLATION]
    assert isolation == [SQL_TXN_SS_SNAPSHOT, SQL_TXN_READ_COMMITTED]


def test_without_snapshot_allowed_reads_fall_back_to_read_committed(connections: list[FakeConnection]) -> None:
    db = database()
    db._snapshot = False
    with db.read() as tx:
        tx.scalar("SELECT 1 AS one")
    assert connections[0].attributes == [(SQL_COPT_SS_TXN_ISOLATION, SQL_TXN_READ_COMMITTED)]


def test_a_request_reuses_one_pooled_connection(connections: list[FakeConnection]) -> None:
    db = database()
    for _ in range(3):
        with db.read() as tx:
            tx.scalar("SELECT 1 AS one")
        with db.write() as tx:
            tx.commit()
    assert len(connections) == 1 and not connections[0].closed


def test_a_connection_is_retired_before_its_entra_token_expires(connections: list[FakeConnection], monkeypatch) -> None:
    db = SqlServerDatabase("Driver={ODBC Driver 18 for SQL Server};Server=tcp:x,1433;Database=orders", SystemClock())
    clock = {"now": 1_000_000.0}
    token = SimpleNamespace(token="eyJ0", expires_on=clock["now"] + TOKEN_MARGIN_SECONDS + 60)
    db._credential = SimpleNamespace(get_token=lambda scope: token)
    monkeypatch.setattr(sqlserver, "time", SimpleNamespace(time=lambda: clock["now"]))
    db.pool._now = lambda: clock["now"]
    with db.read() as tx:
        tx.scalar("SELECT 1 AS one")
    clock["now"] += 61  # within the margin before the token expires
    with db.read() as tx:
        tx.scalar("SELECT 1 AS one")
    assert len(connections) == 2 and connections[0].closed


def test_a_failed_rollback_never_hides_the_error_and_drops_the_connection(connections: list[FakeConnection], caplog) -> None:
    db = database()
    with pytest.raises(Conflict), db.write():
        connections[0].fail_rollback = True
        raise Conflict("the error that matters")
    assert connections[0].closed and db.pool.idle() == 0
    assert "rollback failed" in caplog.text


@pytest.mark.parametrize("number", [1205, 13535, 1222, 40197, 40501, 40613, 10928, 10929, 4221, 40143, 233, 10053, 10054])
def test_transient_error_numbers_are_503(number: int) -> None:
    error = pyodbc.OperationalError("42000", f"[42000] [Microsoft][SQL Server]Something ({number}) (SQLExecDirectW)")
    assert classify(error).kind == "transient"


@pytest.mark.parametrize("state", ["08S01", "08001", "HYT00"])
def test_transient_sqlstates_are_503(state: str) -> None:
    assert classify(pyodbc.OperationalError(state, f"[{state}] [Microsoft][ODBC Driver 18 for SQL Server]Link failure")).kind == "transient"


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (pyodbc.InterfaceError("28000", "[28000] Login failed for user 'app'. (18456) (SQLDriverConnect)"), "login failed (18456)"),
        (pyodbc.ProgrammingError("42000", "Cannot open server 'x' requested by the login. Client 1.2.3.4 (40615)"), "firewall"),
        (pyodbc.InterfaceError("IM002", "[IM002] [unixODBC][Driver Manager]Data source name not found"), "ODBC driver not installed"),
    ],
)
def test_permanent_connect_failures_are_500_with_one_log_line_naming_the_cause(
    error: Exception, cause: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(connection_string: str, **options: Any) -> None:
        raise error

    monkeypatch.setattr(pyodbc, "connect", refuse)
    with pytest.raises(DependencyFailed) as raised, database().read():
        pass
    assert cause in raised.value.log_detail and "s3cret" not in raised.value.log_detail
    assert "s3cret" not in raised.value.detail and "18456" not in raised.value.detail


def test_an_unknown_connect_failure_is_503_with_its_numbers_logged(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    def refuse(connection_string: str, **options: Any) -> None:
        raise pyodbc.OperationalError("HY000", "[HY000] Something odd (99999) PWD=s3cret-Pa55")

    monkeypatch.setattr(pyodbc, "connect", refuse)
    with caplog.at_level(logging.WARNING), pytest.raises(ServiceUnavailable), database().read():
        pass
    assert "99999" in caplog.text and "s3cret" not in caplog.text
