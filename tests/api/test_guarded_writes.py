"""The guarded writes that SQLite's single writer would otherwise hide: a competing change between read and write.

SQLite serialises writers, so two real requests never interleave there and a race test cannot see a missing
guard. These tests inject the competitor's change (through the same repository call it would make) into the
transaction right after the service's read, which is exactly what an interleaving writer on Azure SQL does. The
guard (the quantity compare-and-set, the ``Active`` condition on unreserve) must then refuse the stale write.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from shared.context import AppContext
from shared.db.database import Row, Transaction
from shared.db.values import guid, to_decimal
from shared.repositories import inventory, reservation_links
from shared.services.inventory_import import import_inventory
from tests.support import Api, order


@pytest.fixture
def line_and_stock(ctx: AppContext, api: Api, tmp_path: Path) -> tuple[dict[str, Any], str]:
    [created] = api.create([order(lineItems=[{"materialGrade": "S355J2", "quantity": 10, "unit": "t"}])])
    sheet = tmp_path / "stock.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([
            ["Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade"], ["Plate 20mm", "10", "t", "H-CAS-1", "S355J2"],
        ])
    [inventory_id] = import_inventory(ctx.db, ctx.blobs, api.tenant.company_id, sheet)["inventoryIds"]
    return created["lineItems"][0], str(inventory_id)


def reservations_url(line: dict[str, Any]) -> str:
    return f"/{line['orderId']}/line-items/{line['orderLineItemId']}/reservations"


def quantity_of(ctx: AppContext, company_id: str, inventory_id: str) -> Decimal | None:
    with ctx.db.read() as tx:
        return to_decimal(tx.scalar("SELECT Quantity FROM Inventory WHERE CompanyId = ? AND InventoryId = ?", (company_id, inventory_id)))


def test_the_quantity_compare_and_set_refuses_a_stale_expected_quantity(ctx: AppContext, api: Api, line_and_stock: Any) -> None:
    _, inventory_id = line_and_stock
    company_id, user_id = api.tenant.company_id, api.tenant.user_id
    with ctx.db.write() as tx:
        row = inventory.lock_active(tx, company_id, inventory_id)
        assert row is not None
        assert inventory.change_quantity(tx, company_id, inventory_id, row["Quantity"], Decimal("4"), tx.now, user_id) is True
        # the same stale read again: the row holds 4 now, not the 10 that was read
        assert inventory.change_quantity(tx, company_id, inventory_id, row["Quantity"], Decimal("7"), tx.now, user_id) is False
        tx.commit()
    assert quantity_of(ctx, company_id, inventory_id) == Decimal("4")


def test_a_quantity_changed_between_the_read_and_the_split_is_a_409_and_nothing_is_split(
    ctx: AppContext, api: Api, line_and_stock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    line, inventory_id = line_and_stock
    read = inventory.lock_active

    def read_then_a_competitor_reserves_4(tx: Transaction, company_id: str, stock_id: str) -> Row | None:
        row = read(tx, company_id, stock_id)
        assert row is not None
        assert inventory.change_quantity(tx, company_id, stock_id, row["Quantity"], Decimal("6"), tx.now, api.tenant.user_id)
        return row

    monkeypatch.setattr(inventory, "lock_active", read_then_a_competitor_reserves_4)
    response = api.request("POST", reservations_url(line), query_string={"inventoryId": inventory_id, "reserveQuantity": "3", "split": "1"})
    monkeypatch.undo()
    assert response.status_code == 409, response.get_data(as_text=True)
    assert "changed while it was being reserved" in response.get_json()["detail"]
    assert quantity_of(ctx, api.tenant.company_id, inventory_id) == Decimal("10")  # the whole attempt rolled back
    with ctx.db.read() as tx:
        children = tx.scalar(
            "SELECT COUNT(*) AS n FROM Inventory WHERE CompanyId = ? AND ParentInventoryId = ?", (api.tenant.company_id, inventory_id)
        )
    assert children == 0


def test_deactivating_a_link_twice_changes_it_only_once(ctx: AppContext, api: Api, line_and_stock: Any) -> None:
    line, inventory_id = line_and_stock
    response = api.request("POST", reservations_url(line), query_string={"inventoryId": inventory_id, "reserveQuantity": "10"})
    assert response.status_code == 201
    link_id = response.get_json()["linkId"]
    with ctx.db.write() as tx:
        reservation_links.lock_order(tx, api.tenant.company_id, line["orderId"])  # the locking protocol: order, line, then links
        reservation_links.lock_line(tx, api.tenant.company_id, line["orderLineItemId"])
        assert reservation_links.deactivate(tx, api.tenant.company_id, link_id, tx.now, api.tenant.user_id) is True
        assert reservation_links.deactivate(tx, api.tenant.company_id, link_id, tx.now, api.tenant.user_id) is False
        tx.commit()


def test_an_unreserve_that_loses_the_race_to_another_unreserve_is_404_and_records_one_removal(
    ctx: AppContext, api: Api, line_and_stock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    line, inventory_id = line_and_stock
    response = api.request("POST", reservations_url(line), query_string={"inventoryId": inventory_id, "reserveQuantity": "10"})
    assert response.status_code == 201
    read = reservation_links.links_named

    def read_then_a_competitor_unreserves(tx: Transaction, company_id: str, line_id: str, some_id: str) -> list[Row]:
        [link] = read(tx, company_id, line_id, some_id)
        assert reservation_links.deactivate(tx, company_id, guid(link["LinkId"]), tx.now, api.tenant.user_id)
        return [link]

    monkeypatch.setattr(reservation_links, "links_named", read_then_a_competitor_unreserves)
    response = api.request("DELETE", f"{reservations_url(line)}/{inventory_id}")
    monkeypatch.undo()
    assert response.status_code == 404, response.get_data(as_text=True)
    details = api.request("GET", f"/{line['orderId']}/details").get_json()
    assert details["lineItems"][0]["reservedQuantity"] == 10  # the failed request rolled the competitor's change back too
