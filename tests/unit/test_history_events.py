"""Version rows straight into timeline events: the same events as the view diff, and period starts as moment texts."""

from __future__ import annotations

import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from shared.services.history_diff import LINE_ITEM, ORDER, RESERVATION, EntityKind
from shared.services.history_events import EventContext, Keyed, kind_events, moment_text
from tests.unit.test_history_diff import ALICE, BRUNO, LINE_ID, ORDER_ID, T0, at, order_version

ORGANISATION, OTHER = str(uuid.uuid4()), str(uuid.uuid4())
NAMES = {ALICE: "Alice Planner", BRUNO: "Bruno Buyer"}
ORGANISATIONS = {ORGANISATION: "Northern Fabrication", OTHER: "Southern Steel"}


def context(since: datetime | None = None) -> EventContext:
    labels = {
        "Order": lambda state, moment: str(state["orderReference"]),
        "LineItem": lambda state, moment: f"Line {state['lineNumber']}",
        "Reservation": lambda state, moment: f"stock at {moment}",
    }
    return EventContext(NAMES, ORGANISATIONS, labels, {"Order": 0, "LineItem": 1, "Reservation": 2}, since)


def events(kind: EntityKind, versions: list[dict[str, Any]], since: datetime | None = None) -> list[Keyed]:
    columns = tuple(versions[0])
    return kind_events(kind, columns, [tuple(row[column] for column in columns) for row in versions], context(since))


def test_a_stored_period_start_in_the_fixed_width_utc_form_is_used_as_it_is() -> None:
    stored = "2026-03-01 09:00:00.250000"
    assert moment_text(stored) is stored


@pytest.mark.parametrize(("stored", "moment"), [
    ("2026-03-01T10:00:00+01:00", "2026-03-01 09:00:00.000000"),  # an offset: moved to UTC
    ("2026-03-01 09:00:00", "2026-03-01 09:00:00.000000"),  # no fraction: naive is UTC
    ("2026-03-01 09:00:00.25", "2026-03-01 09:00:00.250000"),
    ("2026-03-01 09:00:00.50000Z", "2026-03-01 09:00:00.500000"),  # 26 characters, yet not the stored form
    ("2026-03-01 09:00:00.5+0100", "2026-03-01 08:00:00.500000"),  # 26 characters too
    (datetime(2026, 3, 1, 9, 0, 0, 250000), "2026-03-01 09:00:00.250000"),  # a driver's naive UTC datetime2
    (datetime(2026, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1))), "2026-03-01 09:00:00.000000"),
    (datetime(1, 1, 1, tzinfo=UTC), "0001-01-01 00:00:00.000000"),  # four year digits: still sorts like the instant
])
def test_any_other_form_is_written_as_the_utc_instant_it_names(stored: Any, moment: str) -> None:
    assert moment_text(stored) == moment


def test_the_moment_does_not_depend_on_the_hosts_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "EST+05")  # POSIX form: five hours behind UTC, no time zone database needed
    time.tzset()
    try:
        assert moment_text(datetime(2026, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))) == "2026-03-01 09:00:00.000000"
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize("stored", ["2026-13-01 09:00:00.000000", "2026-02-30 09:00:00.000000", "yesterday", None])
def test_a_stored_text_that_names_no_instant_is_an_error_not_a_time(stored: Any) -> None:
    with pytest.raises(ValueError, match=r"."):  # what fromisoformat raises: the request fails as before
        moment_text(stored)


def order_timeline() -> list[dict[str, Any]]:
    """Each version is the one before with some columns changed."""
    steps: list[dict[str, Any]] = [
        {"RelatedOrganisationId": ORGANISATION.upper()},
        {"Quantity": "12.50", "UpdatedById": BRUNO},  # the same number: no change
        {"Quantity": "13", "Site": None, "RelatedOrganisationId": OTHER, "UpdatedById": ALICE},
        {"UpdatedAt": at(3)},  # bookkeeping only: no event
        {"Active": 0, "RelatedOrganisationId": None},
        {"Active": 1, "Status": "Dispatched", "UpdatedById": BRUNO.upper()},
    ]
    versions, columns = [], {}
    for start, step in enumerate(steps):
        columns.update(step)
        versions.append(order_version(start, start + 1, **columns))
    return versions


def test_the_events_are_the_view_diffs_changes_as_final_dicts() -> None:
    found = events(ORDER, order_timeline())
    by_view = events(replace(ORDER, fields=()), order_timeline())  # history_diff's view diff, turned into events
    assert found == by_view
    assert [(key[0], event["changeType"], event["changedByName"]) for key, event in found] == [
        (at(0), "Created", "Alice Planner"), (at(2), "Updated", "Alice Planner"), (at(4), "Deleted", "Alice Planner"),
        (at(5), "Restored", "Bruno Buyer"),
    ]
    assert found[1][1] == {
        "changedAt": f"{at(2)[:10]}T{at(2)[11:]}Z", "changedById": ALICE, "changedByName": "Alice Planner", "changeType": "Updated",
        "entityType": "Order", "entityId": ORDER_ID, "entityLabel": "SO-1",
        "changes": [
            {"field": "quantity", "oldValue": Decimal("12.5"), "newValue": Decimal("13")},
            {"field": "site", "oldValue": "Leeds", "newValue": None},
            {"field": "relatedOrganisationId", "oldValue": ORGANISATION, "newValue": OTHER},
            {"field": "customerName", "oldValue": "Northern Fabrication", "newValue": "Southern Steel"},
        ],
    }
    assert found[0][1]["changes"][-2:] == [
        {"field": "relatedOrganisationId", "oldValue": None, "newValue": ORGANISATION},
        {"field": "customerName", "oldValue": None, "newValue": "Northern Fabrication"},
    ]


def test_versions_in_any_order_and_typed_driver_values_give_the_same_events() -> None:
    typed = [
        {**row, "OrderId": uuid.UUID(ORDER_ID), "Quantity": Decimal(row["Quantity"]), "UpdatedById": uuid.UUID(row["UpdatedById"]),
         "ValidFrom": datetime.fromisoformat(row["ValidFrom"]).replace(tzinfo=UTC).astimezone(timezone(timedelta(hours=-5)))}
        for row in order_timeline()
    ]
    assert events(ORDER, list(reversed(typed))) == events(ORDER, order_timeline())


def test_only_events_after_since_are_made_yet_each_is_diffed_against_the_version_before() -> None:
    since = datetime.fromisoformat(at(3)).replace(tzinfo=UTC)
    found = events(ORDER, order_timeline(), since)
    assert [event["changes"] for _, event in found] == [
        [{"field": "active", "oldValue": True, "newValue": False}, {"field": "relatedOrganisationId", "oldValue": OTHER, "newValue": None},
         {"field": "customerName", "oldValue": "Southern Steel", "newValue": None}],
        [{"field": "status", "oldValue": "Open", "newValue": "Dispatched"}, {"field": "active", "oldValue": False, "newValue": True}],
    ]
    assert events(ORDER, order_timeline(), since.replace(microsecond=1) + timedelta(minutes=2)) == []


def test_two_entities_of_a_kind_are_each_diffed_on_their_own_and_keyed_for_the_timeline() -> None:
    other = str(uuid.uuid4())

    def line(entity: str, start: int, number: str, **columns: Any) -> dict[str, Any]:
        return {"OrderLineItemId": entity, "OrderId": None, "CompanyId": None, "LineNumber": number, "ProductCode": "PL-1",
                "Description": None, "MaterialGrade": None, "Quantity": "1", "Unit": "t", "Notes": None, "Active": 1,
                "CreatedAt": None, "UpdatedAt": None, "UpdatedById": ALICE, "ValidFrom": at(start), "ValidTo": at(start + 1),
                **columns}

    versions = [line(LINE_ID, 0, "1"), line(other, 0, "2"), line(LINE_ID, 5, "2"), line(other, 5, "1"), line(other, 7, "1", Notes="n")]
    found = events(LINE_ITEM, versions)
    assert sorted(key for key, _ in found) == [
        (at(0), 1, 1, "Line 1", LINE_ID), (at(0), 1, 2, "Line 2", other),
        (at(5), 1, 1, "Line 1", other), (at(5), 1, 2, "Line 2", LINE_ID), (at(7), 1, 1, "Line 1", other),
    ]
    assert found == events(replace(LINE_ITEM, fields=()), versions)


def test_a_reservation_is_reserved_unreserved_and_labelled_at_its_moment() -> None:
    link = {"LinkId": LINE_ID, "OrderLineItemId": LINE_ID, "InventoryId": ORDER_ID, "Quantity": "4.0000", "Active": 1,
            "Substitute": 0, "UpdatedById": ALICE, "ValidFrom": at(0), "ValidTo": at(1)}
    versions = [link, {**link, "Active": 0, "UpdatedById": BRUNO, "ValidFrom": at(1)}]
    found = events(RESERVATION, versions)
    assert events(replace(RESERVATION, fields=()), versions) == found  # history_diff's view diff labels at the moment too
    assert [(event["changeType"], event["entityLabel"], event["changes"]) for _, event in found] == [
        ("Reserved", f"stock at {at(0)}", [{"field": "orderLineItemId", "oldValue": None, "newValue": LINE_ID},
                                           {"field": "inventoryId", "oldValue": None, "newValue": ORDER_ID},
                                           {"field": "quantity", "oldValue": None, "newValue": Decimal("4")}]),
        ("Unreserved", f"stock at {at(1)}", [{"field": "active", "oldValue": True, "newValue": False}]),
    ]
    assert T0.tzinfo is UTC
