"""Diffing row versions into change events, and paging a timeline without splitting a change."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from shared.services.history_diff import LINE_ITEM, ORDER, RESERVATION, changes_of
from shared.services.order_history import page_end

ORDER_ID = str(uuid.uuid4())
ALICE, BRUNO = str(uuid.uuid4()), str(uuid.uuid4())
LINE_ID = str(uuid.uuid4())
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def at(minutes: int) -> str:
    """A period boundary as SQLite stores it."""
    return (T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M:%S.%f")


def order_version(start: int, end: int | None = None, **columns: Any) -> dict[str, Any]:
    row = {
        "OrderId": ORDER_ID, "CompanyId": str(uuid.uuid4()), "OrderReference": "SO-1", "Quantity": "12.5",
        "OrderDate": "2026-03-01", "DeliveryDate": None, "Site": "Leeds", "Status": "Open", "Active": 1,
        "RelatedOrganisationId": None, "CustomerName": None, "CustomerReference": None, "DeliveryAddress": None,
        "CreatedAt": at(0), "UpdatedAt": at(start),
        "UpdatedById": ALICE, "ValidFrom": at(start), "ValidTo": at(end) if end is not None else "9999-12-31 23:59:59.999999",
    }
    return {**row, **columns}


def link_version(start: int, active: int, by: str) -> dict[str, Any]:
    return {
        "LinkId": "0b0c5f4e-0000-4000-8000-000000000001", "OrderLineItemId": LINE_ID.upper(),
        "InventoryId": "0B0C5F4E-0000-4000-8000-0000000000AA", "Quantity": Decimal("4.0000"), "Active": active,
        "Substitute": False, "UpdatedById": by, "ValidFrom": T0.replace(tzinfo=None) + timedelta(minutes=start),
    }


def test_the_first_version_is_created_with_every_field_that_starts_out_set() -> None:
    [created] = changes_of(ORDER, [order_version(0)])
    assert (created.change_type, created.entity_id, created.changed_by_id, created.changed_at) == ("Created", ORDER_ID, ALICE, T0)
    assert created.changes == [
        {"field": "orderReference", "oldValue": None, "newValue": "SO-1"},
        {"field": "quantity", "oldValue": None, "newValue": Decimal("12.5")},
        {"field": "orderDate", "oldValue": None, "newValue": "2026-03-01"},
        {"field": "site", "oldValue": None, "newValue": "Leeds"},
        {"field": "status", "oldValue": None, "newValue": "Open"},
    ]


def test_a_version_differing_only_in_bookkeeping_columns_yields_nothing() -> None:
    versions = [order_version(0, 5), order_version(5, UpdatedById=BRUNO, UpdatedAt=at(5), CompanyId=str(uuid.uuid4()))]
    assert [change.change_type for change in changes_of(ORDER, versions)] == ["Created"]
    later = [*versions, order_version(7, UpdatedById=BRUNO, Site="York")]  # a real change after the bookkeeping one counts
    assert [(change.change_type, change.changes) for change in changes_of(ORDER, later)][1:] == [
        ("Updated", [{"field": "site", "oldValue": "Leeds", "newValue": "York"}])]


def test_values_compare_as_the_api_shows_them() -> None:
    versions = [order_version(0, 5), order_version(5, Quantity="12.5000", OrderDate=date(2026, 3, 1), DeliveryDate="2026-04-02")]
    [_, updated] = changes_of(ORDER, versions)
    assert updated.changes == [{"field": "deliveryDate", "oldValue": None, "newValue": "2026-04-02"}]


def test_active_flips_are_deletes_and_restores_and_the_author_is_the_new_versions() -> None:
    versions = [order_version(0, 5), order_version(5, 9, Active=0, UpdatedById=BRUNO), order_version(9, Active=1, Site="York")]
    kinds = [(change.change_type, change.changed_by_id, change.changes) for change in changes_of(ORDER, reversed(versions))]
    assert kinds[1:] == [
        ("Deleted", BRUNO, [{"field": "active", "oldValue": True, "newValue": False}]),
        ("Restored", ALICE, [{"field": "site", "oldValue": "Leeds", "newValue": "York"},
                             {"field": "active", "oldValue": False, "newValue": True}]),
    ]


def test_reservation_links_are_reserved_then_unreserved_with_lowercase_ids_as_sql_server_returns_them() -> None:
    reserved, unreserved = changes_of(RESERVATION, [link_version(0, 1, ALICE), link_version(3, 0, BRUNO.upper())])
    assert (reserved.change_type, unreserved.change_type) == ("Reserved", "Unreserved")
    assert reserved.changes == [
        {"field": "orderLineItemId", "oldValue": None, "newValue": LINE_ID},
        {"field": "inventoryId", "oldValue": None, "newValue": "0b0c5f4e-0000-4000-8000-0000000000aa"},
        {"field": "quantity", "oldValue": None, "newValue": Decimal("4")},
    ]
    assert unreserved.changes == [{"field": "active", "oldValue": True, "newValue": False}]
    assert reserved.changed_at == T0 and unreserved.changed_by_id == BRUNO


def test_each_line_item_is_diffed_against_its_own_previous_version() -> None:
    def line(line_id: str, start: int, quantity: str) -> dict[str, Any]:
        return {
            "OrderLineItemId": line_id, "OrderId": ORDER_ID, "CompanyId": str(uuid.uuid4()), "LineNumber": 1, "ProductCode": "PL",
            "Description": None, "MaterialGrade": None, "Quantity": quantity, "Unit": None, "Notes": None, "Active": 1,
            "CreatedAt": at(0), "UpdatedAt": at(start), "UpdatedById": ALICE, "ValidFrom": at(start),
        }

    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    found = changes_of(LINE_ITEM, [line(a, 0, "1"), line(b, 0, "2"), line(a, 5, "3"), line(b, 7, "2")])
    assert [(change.entity_id, change.change_type, change.changes[-1]) for change in found if change.change_type == "Updated"] == [
        (a, "Updated", {"field": "quantity", "oldValue": Decimal("1"), "newValue": Decimal("3")}),
    ]


def test_a_page_holds_up_to_limit_events_and_ends_between_changes() -> None:
    t = [T0, T0, T0 + timedelta(1), T0 + timedelta(2), T0 + timedelta(2), T0 + timedelta(3)]
    assert page_end(t, None) == 6
    assert page_end(t, 6) == 6
    assert page_end(t, 3) == 3
    assert page_end(t, 4) == 3  # would split the change at T0+2
    assert page_end(t[2:], 2) == 1


def test_a_change_bigger_than_the_limit_comes_whole() -> None:
    t = [T0, T0, T0, T0 + timedelta(1)]
    assert page_end(t, 1) == 3
    assert page_end(t, 2) == 3


def test_each_kinds_fields_are_its_views_business_fields_converted_alike() -> None:
    """The column-by-column diff converts exactly what the view shows (a field added to a view must be added here)."""
    from shared.services.history_diff import business_fields

    line = {"OrderLineItemId": LINE_ID.upper(), "OrderId": ORDER_ID, "CompanyId": ORDER_ID, "LineNumber": "3", "ProductCode": "PL-1",
            "Description": None, "MaterialGrade": "S355", "Quantity": "2.5", "Unit": "t", "Notes": "n", "Active": 0,
            "CreatedAt": None, "UpdatedAt": None}
    link = {"LinkId": LINE_ID, "OrderLineItemId": LINE_ID.upper(), "InventoryId": ORDER_ID, "Quantity": "2.50", "Active": 1,
            "Substitute": 1}
    order = {**order_version(0), "RelatedOrganisationId": ALICE.upper(), "DeliveryDate": "2026-04-01"}
    for kind, row in ((ORDER, order), (LINE_ITEM, line), (RESERVATION, link)):
        assert {field.name: field.wire(row[field.column]) for field in kind.fields} == business_fields(kind, row), kind.entity_type
        assert [field.name for field in kind.fields] == list(business_fields(kind, row)), kind.entity_type


def test_the_column_diff_and_the_view_diff_find_the_same_changes() -> None:
    from dataclasses import replace

    versions = [order_version(0, 1), order_version(1, 2, Quantity="12.50"), order_version(2, 3, Quantity="13", Site=None),
                order_version(3, 4, Active=0), order_version(4, 5, Active=1, Status="Dispatched")]
    by_columns = changes_of(ORDER, versions)
    by_view = changes_of(replace(ORDER, fields=()), versions)
    assert [(c.change_type, c.changes, c.state) for c in by_columns] == [(c.change_type, c.changes, c.state) for c in by_view]
    assert [c.change_type for c in by_columns] == ["Created", "Updated", "Deleted", "Restored"]


def test_a_field_the_view_shows_but_the_kind_does_not_list_still_counts() -> None:
    """A view that gained a field nobody added to ``fields`` falls back to the view diff: never a lost change."""
    from dataclasses import replace

    shorter = replace(ORDER, fields=ORDER.fields[:-1])
    versions = [order_version(0, 1), order_version(1, 2, DeliveryAddress="1 Mill Lane")]
    added = {"field": "deliveryAddress", "oldValue": None, "newValue": "1 Mill Lane"}
    assert [c.changes for c in changes_of(shorter, versions)][1] == [added]
