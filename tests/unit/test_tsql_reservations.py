"""Every statement of inventory import, reserve (whole, split, idempotent replay) and unreserve parses as T-SQL,
including the SQL Server forms of the locked reads that SQLite runs without a hint."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlglot import exp

from shared.context import AppContext
from shared.db.dialect import SqliteDialect, SqlServerDialect
from shared.repositories import idempotency, inventory, reservation_links
from shared.services.inventory_import import import_inventory
from tests.support import Api, Tenant, order
from tests.tsql import capture, parse_tsql, unparsable

LOCKED_READS = (
    inventory.locked_select, idempotency.locked_select, reservation_links.locked_order_select, reservation_links.locked_line_select,
    reservation_links.locked_links_select,
)


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
    for locked_select in LOCKED_READS:
        assert locked_select(SqliteDialect()) in captured


def test_every_captured_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []


@pytest.mark.parametrize("locked_select", LOCKED_READS, ids=lambda function: function.__module__.rsplit(".", 1)[-1])
def test_the_sql_server_locked_reads_parse_with_their_updlock_holdlock_hint(locked_select) -> None:
    tree = parse_tsql(locked_select(SqlServerDialect()))
    hints = [hint.sql(dialect="tsql").upper() for hint in tree.find_all(exp.WithTableHint)]
    assert hints and "UPDLOCK" in hints[0] and "HOLDLOCK" in hints[0]
