"""Against a real SQL Server, when TEST_SQLSERVER_CONNECTION_STRING is set (the API suite also runs there).

The connection string needs credentials (UID/PWD) for an empty database the tests may migrate.
"""

from __future__ import annotations

import os

import pytest

from shared.clock import SystemClock
from shared.db.migrate import migrate
from shared.db.sqlserver import SqlServerDatabase
from tests.support import SQLSERVER_ENV

pytestmark = [
    pytest.mark.sqlserver,
    pytest.mark.skipif(not os.environ.get(SQLSERVER_ENV), reason=f"{SQLSERVER_ENV} is not set"),
]


@pytest.fixture(scope="module")
def db() -> SqlServerDatabase:
    database = SqlServerDatabase(os.environ[SQLSERVER_ENV], SystemClock())
    migrate(database)
    return database


def test_migrating_twice_applies_nothing_the_second_time(db: SqlServerDatabase) -> None:
    assert migrate(db) == []


def test_versioned_tables_are_system_versioned_temporal_tables(db: SqlServerDatabase) -> None:
    with db.read() as tx:
        rows = tx.query(
            "SELECT t.name AS TableName, h.name AS HistoryName FROM sys.tables t"
            " JOIN sys.tables h ON h.object_id = t.history_table_id WHERE t.temporal_type = 2"
        )
    assert {(row["TableName"], row["HistoryName"]) for row in rows} >= {
        ("Orders", "OrdersHistory"),
        ("OrderLineItems", "OrderLineItemsHistory"),
        ("Inventory", "InventoryHistory"),
        ("OrderLineItemInventory", "OrderLineItemInventoryHistory"),
    }


def test_the_filtered_unique_index_allows_a_reference_again_once_the_order_is_inactive(db: SqlServerDatabase) -> None:
    with db.read() as tx:
        definition = tx.scalar(
            "SELECT filter_definition FROM sys.indexes WHERE name = ?", ("UX_Orders_ActiveReferenceKey",)
        )
        replaced = tx.scalar("SELECT COUNT(*) AS n FROM sys.indexes WHERE name = ?", ("UX_Orders_ActiveReference",))
    assert definition is not None and "Active" in definition
    assert replaced == 0  # migration 0009: the reference key is what is unique (issue 12.9)


def test_the_reference_key_compares_binary_in_the_table_and_its_history(db: SqlServerDatabase) -> None:
    """The key is compared exactly as Python folded it, not by the database's case-insensitive collation."""
    with db.read() as tx:
        rows = tx.query(
            "SELECT OBJECT_NAME(object_id) AS TableName, collation_name AS Collation, max_length AS MaxBytes"
            " FROM sys.columns WHERE name = ?",
            ("OrderReferenceKey",),
        )
    assert {(row["TableName"], row["Collation"], row["MaxBytes"]) for row in rows} == {
        ("Orders", "Latin1_General_100_BIN2", 600), ("OrdersHistory", "Latin1_General_100_BIN2", 600),
    }
