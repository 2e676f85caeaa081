"""GET .../orders/{orderId}/history: one field-level timeline of the order, its line items and reservations."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from pydantic import TypeAdapter

from shared.models.history import HistoryEvent
from shared.repositories import inventory
from shared.representation import api_timestamp, parse_timestamp
from tests.support import Api, Tenant, add_user, make_organisation, order


def history(api: Api, order_id: str, expect: int = 200, **query: Any) -> Any:
    response = api.request("GET", f"/{order_id}/history", query_string=query)
    assert response.status_code == expect, response.get_data(as_text=True)
    return response.get_json()


def summary(events: list[dict]) -> list[tuple]:
    """(changeType, entityType, entityLabel, changedByName, {field: (old, new)}) per event."""
    return [
        (e["changeType"], e["entityType"], e["entityLabel"], e["changedByName"],
         {c["field"]: (c["oldValue"], c["newValue"]) for c in e["changes"]})
        for e in events
    ]


def group_sizes(events: list[dict]) -> list[int]:
    """How many events each change (one changedAt) made, in timeline order."""
    sizes: list[int] = []
    for index, event in enumerate(events):
        if index and event["changedAt"] == events[index - 1]["changedAt"]:
            sizes[-1] += 1
        else:
            sizes.append(1)
    return sizes


def add_stock(ctx, tenant: Tenant, name: str, quantity: str) -> str:
    inventory_id = str(uuid.uuid4())
    with ctx.db.write() as tx:
        tx.exempt("test setup: arranges stored data directly")
        row = (inventory_id, tenant.company_id, name, quantity, "t", "HN-4711", "S355J2", None, None, True,
               tx.now, tenant.user_id, tx.now, tenant.user_id)
        inventory.insert(tx, [row])
        tx.commit()
    return inventory_id


def reserve(api: Api, order_id: str, line_id: str, inventory_id: str, quantity: str, split: str = "0") -> dict:
    response = api.request("POST", f"/{order_id}/line-items/{line_id}/reservations",
                           query_string={"inventoryId": inventory_id, "reserveQuantity": quantity, "split": split})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def unreserve(api: Api, order_id: str, line_id: str, inventory_id: str) -> None:
    response = api.request("DELETE", f"/{order_id}/line-items/{line_id}/reservations/{inventory_id}")
    assert response.status_code == 200, response.get_data(as_text=True)


def test_the_scripted_sequence_of_two_people_reads_back_as_an_exact_timeline(ctx, api: Api) -> None:
    alice, bob = api, Api(api.client, add_user(ctx, api.tenant, "Bruno Buyer"))
    customer = make_organisation(ctx, api.tenant, "Northern Fabrication")
    [created] = alice.create([order("SO-HIST", lines=2, relatedOrganisationId=customer)])
    order_id, (line1, line2) = created["orderId"], created["lineItems"]
    edited = {**created, "deliveryDate": "2026-04-15", "lineItems": [{**line1, "quantity": 4}, line2]}
    [updated] = bob.update([edited])
    alice.update([{**updated, "lineItems": updated["lineItems"][:1]}])
    assert bob.request("DELETE", json=[order_id]).status_code == 200
    assert [e["changeType"] for e in history(alice, order_id)][-2:] == ["Deleted", "Deleted"]  # still auditable
    assert alice.request("POST", "/restore", json=[order_id]).status_code == 200
    stock = add_stock(ctx, api.tenant, "Plate 20mm", "10")
    child = reserve(bob, order_id, line1["orderLineItemId"], stock, "4", split="1")["linkedInventoryId"]
    unreserve(alice, order_id, line1["orderLineItemId"], child)

    events = history(bob, order_id)

    assert summary(events) == [
        ("Created", "Order", "SO-HIST", "Alice Planner", {
            "orderReference": (None, "SO-HIST"), "quantity": (None, 12.5), "orderDate": (None, "2026-03-01"),
            "deliveryDate": (None, "2026-03-20"), "site": (None, "Sheffield"), "status": (None, "Open"),
            "relatedOrganisationId": (None, customer), "customerName": (None, "Northern Fabrication"),
        }),
        ("Created", "LineItem", "Line 1: Plate S355 1", "Alice Planner", {
            "lineNumber": (None, 1), "productCode": (None, "PL-1"), "description": (None, "Plate S355 1"),
            "materialGrade": (None, "S355J2"), "quantity": (None, 1.5), "unit": (None, "t"),
        }),
        ("Created", "LineItem", "Line 2: Plate S355 2", "Alice Planner", {
            "lineNumber": (None, 2), "productCode": (None, "PL-2"), "description": (None, "Plate S355 2"),
            "materialGrade": (None, "S355J2"), "quantity": (None, 3), "unit": (None, "t"),
        }),
        ("Updated", "Order", "SO-HIST", "Bruno Buyer", {"deliveryDate": ("2026-03-20", "2026-04-15")}),
        ("Updated", "LineItem", "Line 1: Plate S355 1", "Bruno Buyer", {"quantity": (1.5, 4)}),
        ("Deleted", "LineItem", "Line 2: Plate S355 2", "Alice Planner", {"active": (True, False)}),
        ("Deleted", "Order", "SO-HIST", "Bruno Buyer", {"active": (True, False)}),
        ("Deleted", "LineItem", "Line 1: Plate S355 1", "Bruno Buyer", {"active": (True, False)}),
        ("Restored", "Order", "SO-HIST", "Alice Planner", {"active": (False, True)}),
        ("Restored", "LineItem", "Line 1: Plate S355 1", "Alice Planner", {"active": (False, True)}),
        ("Reserved", "Reservation", "Plate 20mm - SO-HIST", "Bruno Buyer", {
            "orderLineItemId": (None, line1["orderLineItemId"]), "inventoryId": (None, child), "quantity": (None, 4),
        }),
        ("Unreserved", "Reservation", "Plate 20mm - SO-HIST", "Alice Planner", {"active": (True, False)}),
    ]
    assert group_sizes(events) == [3, 2, 1, 2, 2, 1, 1]
    assert [e["changedAt"] for e in events] == sorted(e["changedAt"] for e in events)
    users = {e["changedByName"]: e["changedById"] for e in events}
    assert users == {"Alice Planner": alice.tenant.user_id, "Bruno Buyer": bob.tenant.user_id}
    assert {e["entityId"] for e in events if e["entityType"] == "LineItem"} == {line1["orderLineItemId"], line2["orderLineItemId"]}
    TypeAdapter(list[HistoryEvent]).validate_python(events)


def test_every_change_of_one_request_shares_one_changed_at(api: Api) -> None:
    [created] = api.create([order(lines=2)])
    api.update([{**created, "site": "Leeds", "lineItems": [{**line, "unit": "kg"} for line in created["lineItems"]]}])
    events = history(api, created["orderId"])
    updated = [(e["entityType"], e["changeType"]) for e in events[3:]]
    assert updated == [("Order", "Updated"), ("LineItem", "Updated"), ("LineItem", "Updated")]
    assert group_sizes(events) == [3, 3]


def test_a_no_op_update_adds_no_event(api: Api) -> None:
    [created] = api.create([order(lines=2)])
    before = history(api, created["orderId"])
    api.update([created])
    api.update([{"orderId": created["orderId"], "site": created["site"], "quantity": 12.5000}])
    assert history(api, created["orderId"]) == before


def test_a_change_to_the_line_items_alone_adds_no_order_event(api: Api) -> None:
    [created] = api.create([order(lines=1)])
    api.update([{**created, "lineItems": [{**created["lineItems"][0], "notes": "Cut to 2 m"}]}])
    [*_, last] = history(api, created["orderId"])
    assert (last["entityType"], last["changeType"], last["changes"]) == (
        "LineItem", "Updated", [{"field": "notes", "oldValue": None, "newValue": "Cut to 2 m"}]
    )
    assert [e["entityType"] for e in history(api, created["orderId"])].count("Order") == 1


def test_swapping_line_numbers_shows_the_two_numbers_and_never_the_temporary_one(api: Api) -> None:
    [created] = api.create([order(lines=2)])
    first, second = created["lineItems"]
    api.update([{**created, "lineItems": [{**first, "lineNumber": 2}, {**second, "lineNumber": 1}]}])
    swap = history(api, created["orderId"])[3:]
    assert summary(swap) == [
        ("Updated", "LineItem", "Line 1: Plate S355 2", "Alice Planner", {"lineNumber": (2, 1)}),
        ("Updated", "LineItem", "Line 2: Plate S355 1", "Alice Planner", {"lineNumber": (1, 2)}),
    ]


def test_a_new_customer_is_shown_with_both_organisation_names(ctx, api: Api) -> None:
    old, new = make_organisation(ctx, api.tenant, "Old Customer Ltd"), make_organisation(ctx, api.tenant, "New Customer Ltd")
    [created] = api.create([order(relatedOrganisationId=old)])
    [updated] = api.update([{**created, "relatedOrganisationId": new}])
    api.update([{**updated, "relatedOrganisationId": None}])
    changes = [e["changes"] for e in history(api, created["orderId"])[1:]]
    assert changes == [
        [{"field": "relatedOrganisationId", "oldValue": old, "newValue": new},
         {"field": "customerName", "oldValue": "Old Customer Ltd", "newValue": "New Customer Ltd"}],
        [{"field": "relatedOrganisationId", "oldValue": new, "newValue": None},
         {"field": "customerName", "oldValue": "New Customer Ltd", "newValue": None}],
    ]


def test_since_is_exclusive_and_limit_pages_without_splitting_a_change(api: Api) -> None:
    [created] = api.create([order(lines=2)])
    for site in ("Leeds", "York", "Hull"):
        api.update([{"orderId": created["orderId"], "site": site}])
    everything = history(api, created["orderId"])
    assert len(everything) == 6

    first = api.request("GET", f"/{created['orderId']}/history", query_string={"limit": 2})
    assert first.get_json() == everything[:3]  # the creation is one change of three events: never split
    path = f"http://localhost{api.url()}/{created['orderId']}/history"
    assert first.headers["Link"] == f'<{path}?limit=2&since={quote(everything[2]["changedAt"], safe="")}>; rel="next"'
    second = api.client.get(first.headers["Link"].split(">")[0].lstrip("<"), headers=api.tenant.headers)
    assert second.get_json() == everything[3:5] and 'rel="next"' in second.headers["Link"]
    assert history(api, created["orderId"], since=everything[4]["changedAt"]) == everything[5:]
    last = api.request("GET", f"/{created['orderId']}/history", query_string={"since": everything[4]["changedAt"], "limit": 1})
    assert last.get_json() == everything[5:] and "Link" not in last.headers
    assert history(api, created["orderId"], since=everything[5]["changedAt"]) == []
    assert history(api, created["orderId"], since="0001-01-01T00:00:00Z") == everything
    assert history(api, created["orderId"], since="9999-12-31T23:59:59.999999Z") == []


class SteppingClock:
    """An hour passes between transactions (SQLite stamps history with it; SQL Server uses its own clock)."""

    def __init__(self) -> None:
        self.current = datetime.now(UTC) + timedelta(days=1)

    def now(self) -> datetime:
        self.current += timedelta(hours=1)
        return self.current


def test_since_reads_only_recent_history_yet_diffs_the_first_change_after_it_against_the_version_before(ctx, api: Api) -> None:
    ctx.db.clock = SteppingClock()
    [created] = api.create([order("SO-SINCE")])
    for site in ("Leeds", "York", "Hull"):
        api.update([{"orderId": created["orderId"], "site": site}])
    everything = history(api, created["orderId"])
    york, hull = (parse_timestamp(event["changedAt"]) for event in everything[2:4])
    between = york + (hull - york) / 2  # SQLite: half an hour after York
    recent = history(api, created["orderId"], since=api_timestamp(between))
    assert summary(recent) == [("Updated", "Order", "SO-SINCE", "Alice Planner", {"site": ("York", "Hull")})]


def test_bad_since_or_limit_is_a_400_naming_the_parameter(api: Api) -> None:
    [created] = api.create([order()])
    timestamp = "must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.123456Z"
    bad = (
        ({"since": "yesterday"}, "since", timestamp), ({"since": "0001-01-01T00:00:00+01:00"}, "since", timestamp),
        ({"limit": 0}, "limit", "Input should be greater than or equal to 1"),
        ({"limit": 1001}, "limit", "Input should be less than or equal to 1000"),
        ({"limit": "many"}, "limit", "Input should be a valid integer, unable to parse string as an integer"),
    )
    for query, field, message in bad:
        problem = history(api, created["orderId"], expect=400, **query)
        assert (problem["detail"], problem["errors"]) == ("The query string has invalid parameters.",
                                                          [{"field": field, "message": message}]), query


def test_an_unknown_order_or_another_companys_order_is_a_404(api: Api, other_api: Api) -> None:
    [theirs] = other_api.create([order()])
    history(api, str(uuid.uuid4()), expect=404)
    history(api, theirs["orderId"], expect=404)


def test_another_companys_key_gets_403_and_no_key_401(api: Api, other_api: Api) -> None:
    [created] = api.create([order()])
    path = f"{api.url()}/{created['orderId']}/history"
    assert api.client.get(path, headers=other_api.tenant.headers).status_code == 403
    assert api.client.get(path).status_code == 401
