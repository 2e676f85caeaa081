"""Issue 14 item 3: walk every write path of the orders API and check after each step that no stock is orphaned.

The invariant: no active reservation on an inactive line of an active order, nor on a cancelled active order. (A
deleted order keeps its reservations on purpose: a restore brings it back whole.) The walk must cover every writing
function under ``companies/{companyId}/orders`` and the upload blob trigger; stock routes write stock rows, never
lines or orders, so they cannot break it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import function_app
from devhost.blob_watcher import blob_triggers
from devhost.discovery import http_routes
from shared.context import AppContext
from tests.api.test_blob_trigger import drop
from tests.bulk_support import csv_file, upload
from tests.reservation_support import Stock, order_with_lines, reserved, unreserve
from tests.support import Api, Tenant

ORPHANS = (
    "SELECT COUNT(*) AS n FROM OrderLineItemInventory k"
    " JOIN OrderLineItems l ON l.OrderLineItemId = k.OrderLineItemId"
    " JOIN Orders o ON o.OrderId = l.OrderId"
    " WHERE k.CompanyId = ? AND k.Active = 1 AND o.Active = 1 AND (l.Active = 0 OR o.Status = 'Cancelled')"
)


def write_functions() -> set[str]:
    http = {name for name, methods, route in http_routes(function_app.app)
            if set(methods) - {"GET"} and route.startswith("companies/{companyId:guid}/orders")}
    return http | {trigger.name for trigger in blob_triggers(function_app.app)}


def orphans(ctx: AppContext, tenant: Tenant) -> int:
    with ctx.db.read() as tx:
        return int(tx.scalar(ORPHANS, (tenant.company_id,)))


class Walk:
    """The steps, each named by the function it goes through, checked one by one."""

    def __init__(self, ctx: AppContext, api: Api, stock: Stock) -> None:
        self.ctx, self.api, self.stock = ctx, api, stock
        self.walked: set[str] = set()
        self.orders: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, Any]] = {}

    def step(self, function: str, action: Callable[[], Any]) -> None:
        action()
        self.walked.add(function)
        assert orphans(self.ctx, self.api.tenant) == 0, f"orphaned stock after {function}"

    def line(self, reference: str, index: int) -> dict[str, Any]:
        return dict(self.orders[reference]["lineItems"][index])

    def create(self, references: list[str], lines: int) -> None:
        for reference in references:
            self.orders[reference] = order_with_lines(self.api, *[("6", "m", "S355JR")] * lines, reference=reference)

    def reserve(self, targets: list[tuple[str, int, dict[str, str]]]) -> None:
        """6 m for each (order, line index, flags): a substitute grade with allowSubstitute, split off 10 m with split."""
        for reference, index, flags in targets:
            grade = "S355J0" if flags.get("allowSubstitute") else "S355JR"
            row = self.stock.add("10" if "split" in flags else "6", "m", grade)
            self.links[f"{reference}/{index}"] = reserved(self.api, self.line(reference, index), row, "6", **flags)

    def put(self, reference: str, **fields: Any) -> None:
        current = self.api.get(self.orders[reference]["orderId"])
        self.api.update([{**current, **fields}])


def test_no_write_path_leaves_an_active_reservation_on_an_inactive_line_of_an_active_order(
    ctx: AppContext, api: Api, tenant: Tenant, tmp_path: Path
) -> None:
    walk = Walk(ctx, api, Stock(ctx, tenant.company_id, tmp_path / "stock"))
    walk.step("create_orders", lambda: walk.create(["SO-WA", "SO-WB", "SO-WC"], 3))
    walk.step("reserve_inventory", lambda: walk.reserve([
        ("SO-WA", 0, {}), ("SO-WA", 1, {"split": "1"}), ("SO-WA", 2, {"allowSubstitute": "1"}),
        ("SO-WB", 0, {}), ("SO-WB", 1, {}), ("SO-WC", 0, {}), ("SO-WC", 1, {}),
    ]))
    walk.step("update_orders", lambda: walk.put("SO-WA", lineItems=[walk.line("SO-WA", 0), walk.line("SO-WA", 2)]))
    walk.step("update_orders", lambda: walk.put("SO-WB", status="Cancelled"))
    walk.step("update_orders", lambda: walk.put("SO-WB", status="Open"))
    walk.step("unreserve_inventory", lambda: unreserve(api, walk.line("SO-WA", 0), walk.links["SO-WA/0"]["linkId"]))
    walk.step("delete_orders", lambda: api.request("DELETE", json=[walk.orders["SO-WC"]["orderId"]]))
    walk.step("unreserve_inventory", lambda: unreserve(api, walk.line("SO-WC", 1), walk.links["SO-WC/1"]["linkedInventoryId"]))
    walk.step("restore_orders", lambda: api.request("POST", "/restore", json=[walk.orders["SO-WC"]["orderId"]]))
    walk.step("upload_orders", lambda: upload(api, csv_file([["OrderReference", "Status"], ["SO-WA", "Cancelled"]])))
    walk.step("process_order_upload", lambda: drop(
        ctx, tenant.company_id, "cancel.csv", csv_file([["OrderReference", "Status"], ["SO-WC", "cancelled"]])
    ))
    assert walk.walked == write_functions()
    # Every order of the walk was cancelled at some point, which released all of its stock.
    with ctx.db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) AS n FROM OrderLineItemInventory WHERE CompanyId = ? AND Active = 1", (tenant.company_id,)) == 0
