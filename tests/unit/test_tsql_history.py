"""Every statement the order history runs parses as T-SQL (sqlglot ``tsql``), reservations and paging included."""

from __future__ import annotations

import uuid

import pytest

from shared.context import AppContext
from shared.repositories import inventory
from tests.support import Api, Tenant, make_organisation, order
from tests.tsql import capture, unparsable


def add_stock(ctx: AppContext, tenant: Tenant) -> str:
    inventory_id = str(uuid.uuid4())
    with ctx.db.write() as tx:
        tx.exempt("test setup: arranges stored data directly")
        inventory.insert(tx, [(inventory_id, tenant.company_id, "Plate 20mm", "10", "t", None, None, None, None, True,
                               tx.now, tenant.user_id, tx.now, tenant.user_id)])
        tx.commit()
    return inventory_id


def run_scenario(api: Api, ctx: AppContext, tenant: Tenant) -> None:
    org = make_organisation(ctx, tenant, "Customer")
    [created] = api.create([order(lines=2, relatedOrganisationId=org)])
    line = created["lineItems"][0]["orderLineItemId"]
    reservations = f"/{created['orderId']}/line-items/{line}/reservations"
    stock = add_stock(ctx, tenant)
    # Stock without a grade on a 1.5 t S355J2 line: a substitute, and over.
    query = {"inventoryId": stock, "reserveQuantity": "10", "allowSubstitute": "1", "allowOver": "1"}
    assert api.request("POST", reservations, query_string=query).status_code == 201
    api.request("DELETE", f"{reservations}/{stock}")
    api.update([{"orderId": created["orderId"], "site": "York", "relatedOrganisationId": None}])
    api.request("GET", f"/{created['orderId']}/history")
    api.request("GET", f"/{created['orderId']}/history", query_string={"since": "2026-01-01T00:00:00Z", "limit": 1})
    api.request("GET", f"/{uuid.uuid4()}/history")


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return capture(run_scenario, tmp_path_factory.mktemp("tsql_history"))


def test_the_scenario_reads_every_versioned_table_with_its_history(captured: set[str]) -> None:
    reads = [sql for sql in captured if " UNION ALL " in sql]
    for table in ("Orders", "OrderLineItems", "OrderLineItemInventory", "Inventory"):
        assert any(f" FROM {table} " in sql and f" FROM {table}History " in sql for sql in reads), table
    assert any(sql.count("ValidTo > ?") == 1 for sql in reads)  # the since variant
    assert any(" FROM Users " in sql for sql in captured)
    assert any(" FROM RelatedOrganisations " in sql for sql in captured)


def test_every_statement_of_the_history_scenario_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []
