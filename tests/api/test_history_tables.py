"""The history tables behind the audit trail: one version per change, one timestamp per transaction."""

from __future__ import annotations

from shared.db.values import to_datetime
from tests.support import Api, add_user, order


def history(ctx, table: str, order_id: str) -> list[dict]:
    with ctx.db.read() as tx:
        return tx.query(
            f"SELECT ValidFrom, ValidTo, UpdatedById, Active, Site FROM {table} WHERE OrderId = ? AND ValidFrom < ValidTo"
            " ORDER BY ValidFrom",
            (order_id,),
        ) if table == "OrdersHistory" else tx.query(
            f"SELECT OrderLineItemId, ValidFrom, ValidTo, Active FROM {table} WHERE OrderId = ? AND ValidFrom < ValidTo ORDER BY ValidFrom",
            (order_id,),
        )


def current_valid_from(ctx, order_id: str) -> object:
    with ctx.db.read() as tx:
        return tx.scalar("SELECT ValidFrom FROM Orders WHERE OrderId = ?", (order_id,))


def test_create_writes_no_history_and_an_update_keeps_the_old_version(ctx, api: Api) -> None:
    [created] = api.create([order(lines=2, site="Leeds")])
    assert history(ctx, "OrdersHistory", created["orderId"]) == []
    colleague = add_user(ctx, api.tenant, "Bruno Buyer")
    api.client.put(api.url(), json=[{**created, "site": "York"}], headers=colleague.headers)
    [old] = history(ctx, "OrdersHistory", created["orderId"])
    assert old["Site"] == "Leeds"
    assert str(old["UpdatedById"]).lower() == api.tenant.user_id
    assert to_datetime(old["ValidTo"]) == to_datetime(current_valid_from(ctx, created["orderId"]))


def test_rows_changed_in_one_request_share_one_timestamp(ctx, api: Api) -> None:
    [created] = api.create([order(lines=3)])
    api.request("DELETE", json=[created["orderId"]])
    order_versions = history(ctx, "OrdersHistory", created["orderId"])
    line_versions = history(ctx, "OrderLineItemsHistory", created["orderId"])
    assert len(order_versions) == 1 and len(line_versions) == 3
    ended = {to_datetime(row["ValidTo"]) for row in order_versions + line_versions}
    assert len(ended) == 1
    with ctx.db.read() as tx:
        starts = tx.query("SELECT ValidFrom FROM OrderLineItems WHERE OrderId = ?", (created["orderId"],))
    assert {to_datetime(row["ValidFrom"]) for row in starts} == ended


def test_a_no_op_update_adds_no_version_and_swaps_leave_only_zero_length_intermediates(ctx, api: Api) -> None:
    [created] = api.create([order(lines=2)])
    api.update([created])
    assert history(ctx, "OrderLineItemsHistory", created["orderId"]) == []
    created["lineItems"][0]["lineNumber"], created["lineItems"][1]["lineNumber"] = 2, 1
    api.update([created])
    visible = history(ctx, "OrderLineItemsHistory", created["orderId"])
    assert sorted(row["OrderLineItemId"] for row in visible) == sorted(line["orderLineItemId"] for line in created["lineItems"])
