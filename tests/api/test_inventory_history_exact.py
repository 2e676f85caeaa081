"""GET .../inventory/{inventoryId}/history, whole: every event of a split row and of its remainder against an expected
value written out here (ids and times from the write and read responses), paged one change at a time through the
Link header, and the 404 of an unknown row."""

from __future__ import annotations

from typing import Any

from shared.context import AppContext
from tests.api.test_order_history import reserve
from tests.stock_support import body, call, next_url, order_for, real_pdf, stock, upload_file
from tests.support import Api, add_user

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def event(at: str, by: tuple[str, str], change: str, kind: str, entity: str, label: str, *changes: tuple[str, Any]) -> dict[str, Any]:
    return {
        "changedAt": at, "changedById": by[0], "changedByName": by[1], "changeType": change, "entityType": kind,
        "entityId": entity, "entityLabel": label,
        "changes": [{"field": field, "oldValue": old, "newValue": new} for field, (old, new) in changes],
    }


def split_and_reserved(ctx: AppContext, api: Api) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Alice stocks 10 t with a certificate; Bruno reserves 4 t of it split off for line 1 and the other 6 t for line 2."""
    bruno = Api(api.client, add_user(ctx, api.tenant, "Bruno Buyer"))
    certificate = body(api, "POST", "certificates", 201, data={"file": upload_file(real_pdf(), "mtc.pdf")})["certificateId"]
    [row] = body(api, "POST", "inventory", 201, json=[stock(quantity=10, certificateId=certificate)])
    [placed] = api.create([order_for("SO-STOCK", 4, 6)])
    line1, line2 = (line["orderLineItemId"] for line in placed["lineItems"])
    held = reserve(bruno, placed["orderId"], line1, row["inventoryId"], "4", "1")
    whole = reserve(bruno, placed["orderId"], line2, row["inventoryId"], "6")
    parent, child = row["inventoryId"], held["linkedInventoryId"]
    split_at = body(api, "GET", f"inventory/{child}")["createdAt"]
    reserved_at = body(api, "GET", f"inventory/{parent}")["reservation"]["reservedAt"]
    a, b = (api.tenant.user_id, "Alice Planner"), (bruno.tenant.user_id, "Bruno Buyer")
    material = [("unit", (None, "t")), ("heatNumber", (None, "H-1001")), ("materialGrade", (None, "S355J2+N")),
                ("certificateId", (None, certificate))]
    parent_events = [
        event(row["createdAt"], a, "Created", "Inventory", parent, "Plate 20mm S355J2+N",
              ("name", (None, "Plate 20mm S355J2+N")), ("quantity", (None, 10)), *material),
        event(split_at, b, "Updated", "Inventory", parent, "Plate 20mm S355J2+N", ("quantity", (10, 6))),
        event(reserved_at, b, "Reserved", "Reservation", whole["linkId"], "SO-STOCK line 2",
              ("orderLineItemId", (None, line2)), ("inventoryId", (None, parent)), ("quantity", (None, 6))),
    ]
    child_events = [
        event(split_at, b, "Created", "Inventory", child, "Plate 20mm S355J2+N - SO-STOCK",
              ("name", (None, "Plate 20mm S355J2+N - SO-STOCK")), ("quantity", (None, 4)), *material,
              ("parentInventoryId", (None, parent))),
        event(split_at, b, "Reserved", "Reservation", held["linkId"], "SO-STOCK line 1",
              ("orderLineItemId", (None, line1)), ("inventoryId", (None, child)), ("quantity", (None, 4))),
    ]
    return row, held, parent_events, child_events


def test_the_history_of_a_split_row_and_its_remainder_is_exact(ctx: AppContext, api: Api) -> None:
    row, held, parent_events, child_events = split_and_reserved(ctx, api)
    assert body(api, "GET", f"inventory/{row['inventoryId']}/history") == parent_events
    assert body(api, "GET", f"inventory/{held['linkedInventoryId']}/history") == child_events


def test_the_history_pages_by_change_through_the_link_header(ctx: AppContext, api: Api) -> None:
    row, held, parent_events, child_events = split_and_reserved(ctx, api)
    pages: list[Any] = []
    url: str | None = f"/api/companies/{api.tenant.company_id}/inventory/{row['inventoryId']}/history?limit=1"
    while url and len(pages) <= len(parent_events):  # bounded: a repeated page must fail, not loop
        response = api.client.get(url, headers=api.tenant.headers)
        pages.append(response.get_json())
        url = next_url(response)
    assert pages == [[parent_event] for parent_event in parent_events]
    # one change (the split creates the row and reserves it at one instant) is never cut across pages
    response = call(api, "GET", f"inventory/{held['linkedInventoryId']}/history?limit=1", 200)
    assert (response.get_json(), next_url(response)) == (child_events, None)


def test_the_history_of_an_unknown_row_is_404(api: Api) -> None:
    answer = body(api, "GET", f"inventory/{UNKNOWN}/history", 404)
    assert answer["detail"] == f"No such stock row in this company: {UNKNOWN}."
