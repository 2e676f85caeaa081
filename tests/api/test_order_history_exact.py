"""GET .../orders/{orderId}/history, byte for byte: the whole body of a timeline with every kind of change, against an
expected value written out here (ids from the write responses, times from the stored version rows), and what a
stored period start in another text form becomes.

SQLite only: the expected times are read from SQLite's version rows (SQL Server's come from its own clock).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from shared import context as app_context
from shared.context import AppContext
from tests.api.test_order_history import add_stock, reserve, unreserve
from tests.support import Api, add_user, http_client, make_context, make_organisation, make_tenant, order

VERSION_TABLES = ("Orders", "OrderLineItems", "OrderLineItemInventory")


@pytest.fixture
def sqlite_ctx(tmp_path: Path):
    context = make_context(tmp_path)
    app_context.use(context)
    yield context
    app_context.use(None)


def body_of(api: Api, order_id: str, **query: Any) -> tuple[bytes, dict[str, str]]:
    response = api.request("GET", f"/{order_id}/history", query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(), dict(response.headers)


def stored_moments(ctx: AppContext) -> list[str]:
    """Every distinct stored period start of the version rows, oldest first, as the API writes a time (one per write)."""
    with ctx.db.read() as tx:
        texts = {
            row["ValidFrom"]
            for table in VERSION_TABLES
            for part in (table, f"{table}History")
            for row in tx.query(f"SELECT ValidFrom FROM {part}")
        }
    moments = sorted(datetime.fromisoformat(text).replace(tzinfo=UTC) for text in texts)
    return [moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ") for moment in moments]


def event(at: str, by: tuple[str, str], change: str, kind: str, entity: str, label: str, *changes: tuple[str, Any, Any]) -> dict[str, Any]:
    return {
        "changedAt": at, "changedById": by[0], "changedByName": by[1], "changeType": change, "entityType": kind,
        "entityId": entity, "entityLabel": label,
        "changes": [{"field": field, "oldValue": old, "newValue": new} for field, old, new in changes],
    }


def scripted_timeline(ctx: AppContext) -> tuple[Api, str, list[dict[str, Any]]]:
    """Two people create, edit, re-customer, shorten, reserve, unreserve, delete and restore an order."""
    client = http_client()
    alice = Api(client, make_tenant(ctx, "Exact Steel", "Alice Planner"))
    bob = Api(client, add_user(ctx, alice.tenant, "Bruno Buyer"))
    north, south = make_organisation(ctx, alice.tenant, "Northern Fabrication"), make_organisation(ctx, alice.tenant, "Southern Steel")
    [created] = alice.create([order("SO-EXACT", lines=2, relatedOrganisationId=north)])
    order_id, (line1, line2) = created["orderId"], created["lineItems"]
    lines = [{**line1, "quantity": 4}, {**line2, "description": "Plate S355 cut"}]
    [updated] = bob.update([{**created, "quantity": 20, "deliveryDate": "2026-04-15", "relatedOrganisationId": south, "lineItems": lines}])
    alice.update([{**updated, "lineItems": updated["lineItems"][:1]}])
    stock = add_stock(ctx, alice.tenant, "Plate 20mm", "2.5")
    reserve(bob, order_id, line1["orderLineItemId"], stock, "2.5")
    unreserve(alice, order_id, line1["orderLineItemId"], stock)
    assert bob.request("DELETE", json=[order_id]).status_code == 200
    assert alice.request("POST", "/restore", json=[order_id]).status_code == 200

    a, b = (alice.tenant.user_id, "Alice Planner"), (bob.tenant.user_id, "Bruno Buyer")
    created_at, updated_at, shortened_at, reserved_at, unreserved_at, deleted_at, restored_at = stored_moments(ctx)
    id1, id2, label1 = line1["orderLineItemId"], line2["orderLineItemId"], "Line 1: Plate S355 1"
    with ctx.db.read() as tx:
        link = str(tx.scalar("SELECT LinkId FROM OrderLineItemInventory"))
    expected = [
        event(created_at, a, "Created", "Order", order_id, "SO-EXACT",
              ("orderReference", None, "SO-EXACT"), ("quantity", None, 12.5), ("orderDate", None, "2026-03-01"),
              ("deliveryDate", None, "2026-03-20"), ("site", None, "Sheffield"), ("status", None, "Open"),
              ("relatedOrganisationId", None, north), ("customerName", None, "Northern Fabrication")),
        event(created_at, a, "Created", "LineItem", id1, label1,
              ("lineNumber", None, 1), ("productCode", None, "PL-1"), ("description", None, "Plate S355 1"),
              ("materialGrade", None, "S355J2"), ("quantity", None, 1.5), ("unit", None, "t")),
        event(created_at, a, "Created", "LineItem", id2, "Line 2: Plate S355 2",
              ("lineNumber", None, 2), ("productCode", None, "PL-2"), ("description", None, "Plate S355 2"),
              ("materialGrade", None, "S355J2"), ("quantity", None, 3), ("unit", None, "t")),
        event(updated_at, b, "Updated", "Order", order_id, "SO-EXACT",
              ("quantity", 12.5, 20), ("deliveryDate", "2026-03-20", "2026-04-15"),
              ("relatedOrganisationId", north, south), ("customerName", "Northern Fabrication", "Southern Steel")),
        event(updated_at, b, "Updated", "LineItem", id1, label1, ("quantity", 1.5, 4)),
        event(updated_at, b, "Updated", "LineItem", id2, "Line 2: Plate S355 cut", ("description", "Plate S355 2", "Plate S355 cut")),
        event(shortened_at, a, "Deleted", "LineItem", id2, "Line 2: Plate S355 cut", ("active", True, False)),
        event(reserved_at, b, "Reserved", "Reservation", link, "Plate 20mm",
              ("orderLineItemId", None, id1), ("inventoryId", None, stock), ("quantity", None, 2.5)),
        event(unreserved_at, a, "Unreserved", "Reservation", link, "Plate 20mm", ("active", True, False)),
        event(deleted_at, b, "Deleted", "Order", order_id, "SO-EXACT", ("active", True, False)),
        event(deleted_at, b, "Deleted", "LineItem", id1, label1, ("active", True, False)),
        event(restored_at, a, "Restored", "Order", order_id, "SO-EXACT", ("active", False, True)),
        event(restored_at, a, "Restored", "LineItem", id1, label1, ("active", False, True)),
    ]
    return alice, order_id, expected


def test_the_whole_body_of_a_timeline_is_exactly_the_expected_json(sqlite_ctx: AppContext) -> None:
    alice, order_id, expected = scripted_timeline(sqlite_ctx)
    body, headers = body_of(alice, order_id)
    assert json.loads(body) == expected
    assert body == json.dumps(expected, separators=(",", ":")).encode()  # key order and number text too
    assert "ETag" not in headers and "Link" not in headers


def test_limit_pages_the_same_body_with_exact_next_links(sqlite_ctx: AppContext) -> None:
    alice, order_id, expected = scripted_timeline(sqlite_ctx)
    pages, url = [], f"{alice.url()}/{order_id}/history?limit=4"
    while url:
        response = alice.client.get(url, headers=alice.tenant.headers)
        assert response.status_code == 200
        pages.append(json.loads(response.get_data()))
        link = response.headers.get("Link")
        if link:
            since = quote(pages[-1][-1]["changedAt"], safe="")
            assert link == f'<http://localhost{alice.url()}/{order_id}/history?limit=4&since={since}>; rel="next"'
        url = link.split(">")[0].lstrip("<") if link else ""
    assert [len(page) for page in pages] == [3, 4, 4, 2]  # never inside one change
    assert [item for page in pages for item in page] == expected


def test_a_stored_period_start_in_another_text_form_is_shown_and_ordered_as_the_moment_it_names(sqlite_ctx: AppContext) -> None:
    """The API writes the stored fixed-width UTC text straight through; any other form is parsed (naive = UTC, an
    offset moved to UTC) and shown, compared and paged by the moment it names."""
    alice, order_id, expected = scripted_timeline(sqlite_ctx)
    deleted_at, created_at = expected[9]["changedAt"], expected[0]["changedAt"]
    assert (expected[9]["entityType"], expected[10]["entityType"]) == ("Order", "LineItem")
    with sqlite_ctx.db.write() as tx:
        tx.exempt("test setup: rewrites stored period starts into other text forms")
        # the order's Deleted version: the same instant as its line's, with an offset (still before its ValidTo as
        # text: SQLite compares period bounds as text, so a form that breaks that order is not readable at all)
        stored = deleted_at.replace("T", " ").rstrip("Z")
        tx.execute("UPDATE OrdersHistory SET ValidFrom = ? WHERE OrderId = ? AND ValidFrom = ?", [f"{stored}+00:00", order_id, stored])
        # the order's Created version: 09:30 at +01:00 on 5 January, i.e. 08:30 UTC, earlier than anything else
        tx.execute("UPDATE OrdersHistory SET ValidFrom = ? WHERE OrderId = ? AND ValidFrom = ?",
                   ["2026-01-05T09:30:00+01:00", order_id, created_at.replace("T", " ").rstrip("Z")])
        tx.commit()
    moved = {**expected[0], "changedAt": "2026-01-05T08:30:00.000000Z"}
    body, _ = body_of(alice, order_id)
    assert json.loads(body) == [moved, *expected[1:]]
    assert json.loads(body_of(alice, order_id, since="2026-01-05T08:30:00Z")[0]) == expected[1:]
    assert json.loads(body_of(alice, order_id, since=expected[8]["changedAt"], limit=1)[0]) == expected[9:11]
