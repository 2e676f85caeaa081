"""A failure at any step of a multi-step write leaves the database exactly as it was (history included).

Each operation is first run to count its steps (statements of its write transaction, and the commit); then, from the
same starting state, it is run once per step with a fault injected at that step.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import azure.functions as func
import pytest

from shared import context as app_context
from shared.bulk.blob_uploads.blob_import import UPLOADS_CONTAINER
from shared.services.inventory_import import import_inventory
from tests.api.test_blob_trigger import trigger, zipped
from tests.bulk_support import csv_file, post_upload
from tests.hardening.faults import FaultyTransaction, faulty_context, snapshot
from tests.support import Api, http_client, make_tenant, order

Operation = Callable[[Api, dict[str, Any]], Any]


def _create(api: Api, state: dict[str, Any]) -> Any:
    return api.request("POST", json=[order("SO-NEW", lines=3), order("SO-NEW-2", lines=1)])


def _update(api: Api, state: dict[str, Any]) -> Any:
    edited = dict(state["a"])
    edited["site"] = "Changed"
    lines = [dict(line) for line in edited["lineItems"]]
    lines[0]["lineNumber"], lines[1]["lineNumber"] = lines[1]["lineNumber"], lines[0]["lineNumber"]
    edited["lineItems"] = [*lines[:2], {"quantity": 9}]
    return api.request("PUT", json=[edited, {**state["b"], "orderReference": "SO-B2"}])


def _delete(api: Api, state: dict[str, Any]) -> Any:
    return api.request("DELETE", json=[state["a"]["orderId"], state["b"]["orderId"]])


def _restore(api: Api, state: dict[str, Any]) -> Any:
    return api.request("POST", "/restore", json=[state["deleted"]["orderId"]])


def _reserve_with_split(api: Api, state: dict[str, Any]) -> Any:
    line_id = state["a"]["lineItems"][0]["orderLineItemId"]
    query = {"inventoryId": state["stock"], "reserveQuantity": "1.5", "split": "1"}  # line 1 of SO-A: 1.5 t of S355J2
    return api.request("POST", f"/{state['a']['orderId']}/line-items/{line_id}/reservations", query_string=query)


UPLOAD_ORDERS = csv_file([["OrderReference", "Site"], ["SO-A", "Upload site"], ["SO-UP-1", "Leeds"], ["SO-UP-2", "York"]])
UPLOAD_LINES = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-A", "1", "7"], ["SO-UP-1", "", "2"], ["SO-UP-2", "", "3"]])


def _upload(api: Api, state: dict[str, Any]) -> Any:
    return post_upload(api, [("orders", "orders.csv", UPLOAD_ORDERS), ("lines", "lines.csv", UPLOAD_LINES)])


def _blob_import(api: Api, state: dict[str, Any]) -> Any:
    """The blob trigger: a fault is an infrastructure failure, so it must raise (the host retries)."""
    data = zipped(**{"orders.csv": UPLOAD_ORDERS, "lines.csv": UPLOAD_LINES})
    name = f"{UPLOADS_CONTAINER}/{api.tenant.company_id}/batch-{uuid.uuid4().hex}.zip"
    context = app_context.current()
    context.blobs.put(UPLOADS_CONTAINER, name.split("/", 1)[1], data)
    try:
        trigger()(func.blob.InputStream(data=data, name=name, length=len(data)))
    except Exception as exc:  # the host sees the exception; we report it as a 500 to share the checks below
        raised = type(exc).__name__
        return SimpleNamespace(status_code=500, get_data=lambda as_text=True: raised)
    return SimpleNamespace(status_code=200, get_data=lambda as_text=True: "")


OPERATIONS: dict[str, Operation] = {
    "create": _create, "update": _update, "delete": _delete, "restore": _restore, "reserve_with_split": _reserve_with_split,
    "upload": _upload, "blob_import": _blob_import,
}


@pytest.fixture
def world(tmp_path: Path) -> Any:
    ctx = faulty_context(tmp_path)
    tenant = make_tenant(ctx)
    api = Api(http_client(), tenant)
    a, b, deleted = api.create([order("SO-A", lines=3), order("SO-B", lines=1), order("SO-D", lines=2)])
    api.request("DELETE", json=[deleted["orderId"]])
    (tmp_path / "stock.csv").write_text("Name,Quantity,Unit,MaterialGrade,HeatNumber\nPlate,10,t,S355J2,H1\n", encoding="utf-8")
    [stock] = import_inventory(ctx.db, ctx.blobs, tenant.company_id, tmp_path / "stock.csv")["inventoryIds"]
    yield ctx, api, {"a": a, "b": b, "deleted": deleted, "stock": stock}
    app_context.use(None)


@pytest.mark.parametrize("name", OPERATIONS)
def test_a_fault_at_any_step_leaves_the_database_unchanged(world: Any, name: str) -> None:
    ctx, api, state = world
    before = snapshot(ctx.db, api.tenant.company_id)
    FaultyTransaction.count, FaultyTransaction.fail_at = 0, 10**9
    with rewound(ctx):  # count the steps with one successful run
        response = OPERATIONS[name](api, state)
        assert response.status_code < 300, response.get_data(as_text=True)
        steps = FaultyTransaction.count
    assert steps >= 2
    print(f"{name}: fault injected at each of {steps} steps")
    assert snapshot(ctx.db, api.tenant.company_id) == before
    for fail_at in range(1, steps + 1):
        FaultyTransaction.count, FaultyTransaction.fail_at = 0, fail_at
        response = OPERATIONS[name](api, state)
        assert response.status_code == 500, (fail_at, response.get_data(as_text=True))
        assert "injected" not in response.get_data(as_text=True)
        assert snapshot(ctx.db, api.tenant.company_id) == before, f"{name}: partial write after a fault at step {fail_at} of {steps}"


@contextmanager
def rewound(ctx: Any) -> Iterator[None]:
    """Run the block, then put the database file back as it was (SQLite's backup API, both ways)."""
    saved = sqlite3.connect(":memory:")
    live = sqlite3.connect(ctx.settings.sqlite_path)
    live.backup(saved)
    try:
        yield
    finally:
        ctx.db.close()
        saved.backup(live)
        live.close()
