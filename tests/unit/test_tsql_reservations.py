"""Every statement of inventory import, reserve (whole, split, idempotent replay) and unreserve parses as T-SQL,
including the SQL Server forms of the lock statements that SQLite does without (it holds the write lock)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlglot import exp

from shared.context import AppContext
from shared.db import locking
from shared.db.dialect import SqliteDialect, SqlServerDialect
from shared.services.inventory_import import import_inventory
from tests.support import Api, Tenant, order
from tests.tsql import capture, parse_tsql, unparsable

LOCKS_OF_RESERVING = (locking.IDEMPOTENCY_KEY, locking.ORDERS, locking.LINES, locking.STOCK)


def run_scenario(api: Api, ctx: AppContext, tenant: Tenant, folder: Path) -> None:
    (folder / "mtc.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    sheet = folder / "stock.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["Name", "Quantity", "Unit", "MaterialGrade", "HeatNumber", "CertificateFile"],
             ["Plate", "10", "t", "S355J2", "H1", "mtc.pdf"], ["Bar", "3", "kg", "S355J2", "H2", ""]]
        )
    plate, bar = import_inventory(ctx.db, ctx.blobs, tenant.company_id, sheet, folder)["inventoryIds"]
    [created, cancelled] = api.create([order("SO-T", lines=1), order("SO-X", lines=1)])
    line = created["lineItems"][0]
    path = f"/{created['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    split = {"inventoryId": plate, "reserveQuantity": "4", "split": "1", "allowOver": "1"}
    for _ in range(2):  # the second is an idempotent replay
        assert api.request("POST", path, query_string=split, headers={"Idempotency-Key": "k"}).status_code == 201
    assert api.request("POST", path, query_string={"inventoryId": bar, "reserveQuantity": "3", "allowOver": "1"}).status_code == 201
    assert api.request("GET", f"/{created['orderId']}/details").status_code == 200
    assert api.request("DELETE", f"{path}/{bar}").status_code == 200
    assert api.request("DELETE", f"{path}/{plate}").status_code == 200  # by the row it was split from
    assert api.request("POST", path, query_string={"inventoryId": bar, "reserveQuantity": "3", "allowOver": "1"}).status_code == 201
    api.update([{"orderId": created["orderId"], "lineItems": []}])  # removing the line releases the bar
    other = cancelled["lineItems"][0]
    other_path = f"/{cancelled['orderId']}/line-items/{other['orderLineItemId']}/reservations"
    assert api.request("POST", other_path, query_string={"inventoryId": bar, "reserveQuantity": "3", "allowOver": "1"}).status_code == 201
    api.update([{"orderId": cancelled["orderId"], "status": "Cancelled"}])  # cancelling releases it again


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    folder = tmp_path_factory.mktemp("tsql-reservations")
    return capture(lambda api, ctx, tenant: run_scenario(api, ctx, tenant, folder), folder)


def test_the_scenario_runs_the_statements_of_every_reservation_repository(captured: set[str]) -> None:
    for start in ("INSERT INTO Inventory", "UPDATE Inventory", "INSERT INTO Certificates", "INSERT INTO OrderLineItemInventory",
                  "UPDATE OrderLineItemInventory", "INSERT INTO IdempotencyKeys", "DELETE FROM IdempotencyKeys"):
        assert any(sql.startswith(start) for sql in captured), start
    for target in LOCKS_OF_RESERVING:
        assert SqlServerDialect().lock_statement(target, 1) in captured, target.table


def test_sqlite_takes_no_lock_statement_it_holds_the_write_lock_already() -> None:
    assert all(SqliteDialect().lock_statement(target, 3) is None for target in locking.TARGETS)


def test_every_captured_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []


@pytest.mark.parametrize("target", locking.TARGETS, ids=lambda target: f"{target.table}.{target.column}")
def test_the_sql_server_lock_statements_parse_with_their_updlock_holdlock_hint(target: locking.LockTarget) -> None:
    tree = parse_tsql(str(SqlServerDialect().lock_statement(target, 3)))
    hints = [hint.sql(dialect="tsql").upper() for hint in tree.find_all(exp.WithTableHint)]
    assert hints and "UPDLOCK" in hints[0] and "HOLDLOCK" in hints[0]
