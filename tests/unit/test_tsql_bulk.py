"""Every statement the bulk paths run (uploads, exports, templates, blob imports) parses as T-SQL (sqlglot ``tsql``)."""

from __future__ import annotations

import azure.functions as func
import pytest

from functions.process_order_upload import process_order_upload
from shared.bulk.blob_uploads.blob_import import UPLOADS_CONTAINER
from shared.context import AppContext
from shared.services import admin
from tests.bulk_support import csv_file, upload
from tests.support import Api, Tenant, order
from tests.tsql import capture, unparsable


def run_scenario(api: Api, ctx: AppContext, tenant: Tenant) -> None:
    admin.create_organisation(ctx.db, tenant.company_id, "Customer")
    a, b = api.create([order("SO-A", lines=2), order("SO-B", lines=1)])
    one, two = a["lineItems"]
    orders = csv_file([["OrderId", "OrderReference", "CustomerName", "Site"], [a["orderId"], "SO-B", "Customer", "York"],
                       [b["orderId"], "SO-A", "", ""], ["", "SO-NEW", "", ""]])
    lines = csv_file([["OrderLineItemId", "OrderId", "OrderReference", "LineNumber", "Quantity"],
                      [one["orderLineItemId"], a["orderId"], "", "2", "1.5"], [two["orderLineItemId"], a["orderId"], "", "1", "3"],
                      ["", "", "SO-NEW", "", "4"], ["", "", "SO-A", "", "5"]])
    upload(api, orders, lines, query="validateOnly=true")
    upload(api, orders, lines)
    upload(api, csv_file([["OrderReference", "LineNumber", "Notes"], ["SO-NEW", "", "content match"]]), expect=400)
    api.create(order("00123"))
    upload(api, csv_file([["OrderReference"], ["123"]]), expect=400)  # leading zeros dropped: the zero-padded lookup
    api.request("GET", "/export/csv")
    api.request("GET", "/export/zip")
    api.request("GET", "/export/zip")
    api.request("GET", "/upload/templates")
    data = csv_file([["OrderReference"], ["SO-DROPPED"]])
    for _ in range(2):
        ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/drop.csv", data, metadata={"uploadedBy": "nobody"})
        process_order_upload.build().get_user_function()(
            func.blob.InputStream(data=data, name=f"{UPLOADS_CONTAINER}/{tenant.company_id}/drop.csv"))


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return capture(run_scenario, tmp_path_factory.mktemp("tsql-bulk"))


def test_the_scenario_runs_the_bulk_statements(captured: set[str]) -> None:
    text = "\n".join(captured)
    assert "UPDATE Orders SET OrderReference = ?" in text and "UPDATE OrderLineItems SET LineNumber = ?" in text
    assert "UPDATE Orders SET UpdatedAt = ?, UpdatedById = ? WHERE" in text  # orders touched by line changes
    assert "MAX(UpdatedAt)" in text and "INSERT INTO Users" in text and "IdempotencyKeys" in text


def test_every_captured_bulk_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []
