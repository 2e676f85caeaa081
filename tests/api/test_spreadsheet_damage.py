"""Spreadsheet damage caught, not applied (issue 18.3, 18.6): an export saved by a spreadsheet without edits is
refused with each damaged cell named, and nothing (history included) changes; ``acceptReformatted`` applies it."""

from __future__ import annotations

from typing import Any

from shared.context import AppContext
from tests.api.test_blob_trigger import drop
from tests.api.test_order_history import history
from tests.bulk_support import csv_file, export_zip, snapshot, upload, zip_members
from tests.spreadsheet_support import spreadsheet_saved
from tests.support import Api, Tenant

HINT = ("not applied. If the change is meant, upload again with acceptReformatted=true; to edit in a spreadsheet "
        "without this damage, use the XLSX export")


def seeded(api: Api) -> list[Any]:
    return api.create([
        {"orderReference": "00123", "quantity": 12.5, "orderDate": "2026-06-04", "site": "Hall 2", "status": "Draft",
         "customerReference": "6/4",
         "lineItems": [{"productCode": "00457", "materialGrade": "1.4310", "quantity": 2.125, "unit": "t", "notes": "3E5"},
                       {"productCode": "1234567890123456", "description": "true", "quantity": 1000}]},
        {"orderReference": "SO-2", "orderDate": "2026-05-01", "status": "InProgress"},
    ])


def damaged_export(api: Api) -> tuple[bytes, bytes]:
    members = zip_members(export_zip(api).data)
    return spreadsheet_saved(members["orders.csv"]), spreadsheet_saved(members["order-line-items.csv"])


def damage(stored: str, uploaded: str, phrase: str) -> str:
    return f"'{uploaded}' looks like a spreadsheet's reformatting of the stored '{stored}' ({phrase}); {HINT}"


def errors_of(body: Any) -> list[tuple[str, int, str, str]]:
    return [(error["file"], error["row"], error["column"], error["message"]) for error in body["errors"]]


def test_an_export_saved_by_a_spreadsheet_is_refused_with_every_damaged_cell_named(api: Api) -> None:
    created = seeded(api)
    before, events = snapshot(api), history(api, created[0]["orderId"])
    body = upload(api, *damaged_export(api), expect=400)
    assert errors_of(body) == [
        ("file1.csv", 2, "OrderReference", damage("00123", "123", "leading zeros dropped")),
        ("file1.csv", 2, "CustomerReference", damage("6/4", "06/04/26", "turned into a date")),
        ("file2.csv", 2, "OrderReference", "'123' looks like a spreadsheet's reformatting of the order's reference "
                                           f"'00123' (leading zeros dropped); {HINT}"),
        ("file2.csv", 2, "ProductCode", damage("00457", "457", "leading zeros dropped")),
        ("file2.csv", 2, "MaterialGrade", damage("1.4310", "1.431", "trailing zeros dropped")),
        ("file2.csv", 2, "Notes", damage("3E5", "3.00E+05", "written in another scientific notation")),
        ("file2.csv", 3, "OrderReference", "'123' looks like a spreadsheet's reformatting of the order's reference "
                                           f"'00123' (leading zeros dropped); {HINT}"),
        ("file2.csv", 3, "ProductCode", damage("1234567890123456", "1234567890123460", "rounded to 15 significant digits")),
        ("file2.csv", 3, "Description", damage("true", "TRUE", "a true/false text turned into a spreadsheet boolean")),
    ]
    assert body["detail"] == "The upload has 9 errors; nothing was imported."
    assert snapshot(api) == before and history(api, created[0]["orderId"]) == events


def test_a_dry_run_reports_the_same_errors(api: Api) -> None:
    seeded(api)
    before = snapshot(api)
    assert len(upload(api, *damaged_export(api), query="validateOnly=true", expect=400)["errors"]) == 9
    assert snapshot(api) == before


def test_accept_reformatted_applies_the_reformatted_values_as_edits(api: Api) -> None:
    created = seeded(api)
    body = upload(api, *damaged_export(api), query="acceptReformatted=true")
    assert (body["orders"]["updated"], body["lineItems"]["updated"]) == (1, 2)
    stored = api.get(created[0]["orderId"])
    assert (stored["orderReference"], stored["customerReference"]) == ("123", "06/04/26")
    assert [line["productCode"] for line in stored["lineItems"]] == ["457", "1234567890123460"]
    assert upload(api, *damaged_export(api), query="acceptReformatted=1")["orders"]["unchanged"] == 2


def test_accept_reformatted_follows_the_one_boolean_convention(api: Api) -> None:
    seeded(api)
    body = upload(api, *damaged_export(api), query="acceptReformatted=yes", expect=400)
    assert body["errors"] == [{"field": "acceptReformatted", "message": "must be 1, 0, true or false"}]


def test_a_real_edit_next_to_the_stored_form_is_applied(api: Api) -> None:
    created = seeded(api)
    order_id, line = created[0]["orderId"], created[0]["lineItems"][0]
    edits = csv_file([["OrderLineItemId", "OrderId", "OrderReference", "ProductCode", "MaterialGrade"],
                      [line["orderLineItemId"], order_id, "00123", "00458", "1.4311"]])
    assert upload(api, edits)["lineItems"]["updated"] == 1
    stored = api.get(order_id)["lineItems"][0]
    assert (stored["productCode"], stored["materialGrade"]) == ("00458", "1.4311")


def test_restoring_the_stored_form_after_damage_is_an_ordinary_edit(api: Api) -> None:
    created = seeded(api)
    upload(api, *damaged_export(api), query="acceptReformatted=true")
    fix = csv_file([["OrderId", "OrderReference"], [created[0]["orderId"], "00123"]])
    assert upload(api, fix)["orders"]["updated"] == 1
    assert api.get(created[0]["orderId"])["orderReference"] == "00123"


def test_quantities_multiplied_by_1000_in_a_semicolon_file_are_caught(api: Api) -> None:
    created = seeded(api)
    line = created[0]["lineItems"][0]
    german = csv_file([["OrderLineItemId", "OrderId", "Quantity"], [line["orderLineItemId"], created[0]["orderId"], "2125"]],
                      delimiter=";")
    [error] = upload(api, german, expect=400)["errors"]
    assert (error["row"], error["column"]) == (2, "Quantity")
    assert error["message"] == damage("2.125", "2125", "the decimal point read as a thousands separator")
    comma = csv_file([["OrderLineItemId", "OrderId", "Quantity"], [line["orderLineItemId"], created[0]["orderId"], "2125"]])
    assert upload(api, comma)["lineItems"]["updated"] == 1  # in a comma file 2125 is what was typed


def test_new_rows_of_a_spreadsheets_shapes_get_a_warning(api: Api) -> None:
    new = csv_file([["OrderReference", "OrderDate", "Status", "Site"], ["SO-9", "2026-01-02", "Draft", "3.00E+05"]])
    body = upload(api, new)
    assert body["orders"]["created"] == 1
    assert body["warnings"] == ["file1.csv row 2 column Site: '3.00E+05' is in scientific notation; if a spreadsheet "
                                "changed it, correct it (or use the XLSX export)"]


def test_more_than_a_hundred_warnings_are_cut_to_a_hundred_and_a_count(api: Api) -> None:
    rows = [["OrderReference", "OrderDate", "Status", "Site"], *([f"SO-{n}", "2026-01-02", "Draft", "3.00E+05"] for n in range(102))]
    body = upload(api, csv_file(rows))
    assert body["orders"]["created"] == 102
    shape = "column Site: '3.00E+05' is in scientific notation; if a spreadsheet changed it, correct it (or use the XLSX export)"
    assert body["warnings"] == [*(f"file1.csv row {row} {shape}" for row in range(2, 102)), "... and 2 more warnings."]


def test_a_dropped_damaged_export_is_rejected_unless_its_metadata_accepts_it(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    seeded(api)
    before = snapshot(api)
    orders_file, _ = damaged_export(api)
    report = drop(ctx, tenant.company_id, "orders.csv", orders_file)
    assert report["outcome"] == "rejected" and len(report["problem"]["errors"]) == 2
    assert snapshot(api) == before
    report = drop(ctx, tenant.company_id, "again.csv", orders_file, metadata={"acceptReformatted": "true"})
    assert report["outcome"] == "imported" and report["summary"]["orders"]["updated"] == 1
    report = drop(ctx, tenant.company_id, "bad.csv", orders_file, metadata={"acceptReformatted": "maybe"})
    assert report["outcome"] == "rejected" and report["problem"]["errors"][0]["field"] == "acceptReformatted"
