"""GET …/inventory (filters, paging) and GET …/inventory/{inventoryId} (lineage, certificate, reservation)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from shared.context import AppContext
from shared.representation import parse_timestamp
from shared.services.inventory_import import import_inventory
from tests.stock_support import PDF, body, call, order_for, rows_across_pages
from tests.support import Api

ROWS = [
    ["Plate 20mm", "10", "t", "N41902", "S355J2+N", "mtc-1.pdf"],
    ["Plate 15mm", "4", "t", "N41902", "S355J2+N", ""],
    ["Round bar 32", "120", "m", "K7781", "42CrMo4", "mtc-2.pdf"],
    ["Beam HEA 200", "6", "pcs", "B-9", "S275JR", ""],
]


@pytest.fixture
def stock_ids(ctx: AppContext, api: Api, tmp_path: Path) -> list[str]:
    (tmp_path / "mtc-1.pdf").write_bytes(PDF + b"1")
    (tmp_path / "mtc-2.pdf").write_bytes(PDF + b"2")
    with (tmp_path / "stock.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateFile"], *ROWS])
    return list(import_inventory(ctx.db, ctx.blobs, api.tenant.company_id, tmp_path / "stock.csv", tmp_path)["inventoryIds"])


def names(api: Api, query: str = "") -> list[str]:
    return [row["name"] for row in body(api, "GET", f"inventory{query}")]


def certificate_ids(api: Api) -> dict[str, str]:
    return {row["fileName"]: row["certificateId"] for row in body(api, "GET", "certificates")}


def test_the_list_is_sorted_by_name_and_each_row_holds_what_was_imported(api: Api, stock_ids: list[str]) -> None:
    started = datetime.now(UTC)
    assert names(api) == ["Beam HEA 200", "Plate 15mm", "Plate 20mm", "Round bar 32"]
    certificates = certificate_ids(api)
    assert len(set(certificates.values())) == 2 and set(certificates) == {"mtc-1.pdf", "mtc-2.pdf"}
    rows = {row["name"]: row for row in body(api, "GET", "inventory")}
    for inventory_id, (name, quantity, unit, heat, grade, certificate) in zip(stock_ids, ROWS, strict=True):
        row = rows[name]
        stamped = parse_timestamp(row["createdAt"])
        assert row["updatedAt"] == row["createdAt"] and stamped <= started, row
        assert {**row, "createdAt": None, "updatedAt": None} == {
            "inventoryId": inventory_id, "companyId": api.tenant.company_id, "name": name, "quantity": int(quantity),
            "unit": unit, "heatNumber": heat, "materialGrade": grade, "certificateId": certificates.get(certificate),
            "parentInventoryId": None, "active": True, "reserved": False, "createdAt": None, "updatedAt": None,
        }
    assert [row["inventoryId"] for row in body(api, "GET", "inventory?search=round")] == [stock_ids[2]]


@pytest.mark.parametrize(("query", "expected"), [
    ("?heatNumber=n41902", ["Plate 15mm", "Plate 20mm"]),
    ("?heatNumber=N41902,K7781", ["Plate 15mm", "Plate 20mm", "Round bar 32"]),
    ("?heatNumber=N41902&heatNumber=B-9", ["Beam HEA 200", "Plate 15mm", "Plate 20mm"]),
    ("?materialGrade=42CrMo4", ["Round bar 32"]),
    ("?unit=m&unit=pcs", ["Beam HEA 200", "Round bar 32"]),
    ("?hasCertificate=1", ["Plate 20mm", "Round bar 32"]),
    ("?hasCertificate=false", ["Beam HEA 200", "Plate 15mm"]),
    ("?search=S355&unit=t", ["Plate 15mm", "Plate 20mm"]),
])
def test_filters_combine(api: Api, stock_ids: list[str], query: str, expected: list[str]) -> None:
    assert names(api, query) == expected


BOOLEAN = "must be 1, 0, true or false"
TIMESTAMP = "must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.123456Z"
INVALID = "The query string has invalid parameters."


@pytest.mark.parametrize(("query", "detail", "errors"), [
    ("?available=yes", INVALID, [{"field": "available", "message": BOOLEAN}]),
    ("?reserved=", INVALID, [{"field": "reserved", "message": BOOLEAN}]),
    ("?hasCertificate=2", INVALID, [{"field": "hasCertificate", "message": BOOLEAN}]),
    ("?limit=0", INVALID, [{"field": "limit", "message": "Input should be greater than or equal to 1"}]),
    ("?cursor=nonsense", "cursor is not valid; use the Link header of the previous page.", [{"field": "cursor", "message": "invalid"}]),
    ("?updatedSince=yesterday", INVALID, [{"field": "updatedSince", "message": TIMESTAMP}]),
])
def test_bad_query_values_are_400_naming_the_parameter(api: Api, stock_ids: list[str], query: str, detail: str, errors: list[Any]) -> None:
    problem = call(api, "GET", f"inventory{query}", 400).get_json()
    assert (problem["status"], problem["detail"], problem["errors"]) == (400, detail, errors)


def test_reserved_and_available_follow_reservations(api: Api, stock_ids: list[str]) -> None:
    [placed] = api.create([order_for("SO-24002", 4)])
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    assert api.request("POST", path, query_string={"inventoryId": stock_ids[1], "reserveQuantity": "4"}).status_code == 201
    assert names(api, "?reserved=1") == ["Plate 15mm"]
    assert names(api, "?reserved=false") == ["Beam HEA 200", "Plate 20mm", "Round bar 32"]
    assert names(api, "?available=true") == ["Beam HEA 200", "Plate 20mm", "Round bar 32"]
    assert names(api, "?available=0") == ["Plate 15mm"]
    detail = body(api, "GET", f"inventory/{stock_ids[1]}")
    assert (detail["reserved"], detail["quantity"], detail["children"]) == (True, 4, [])
    reservation = detail["reservation"]
    assert {**reservation, "linkId": None, "reservedAt": None} == {
        "linkId": None, "orderId": placed["orderId"], "orderReference": "SO-24002", "orderLineItemId": line["orderLineItemId"],
        "lineNumber": 1, "quantity": 4, "reservedAt": None, "reservedByName": "Alice Planner",
    }


def test_paging_keeps_repeated_filters_and_visits_every_row_once(api: Api, stock_ids: list[str]) -> None:
    seen = [row["name"] for row in rows_across_pages(api, "inventory?limit=1&unit=t&unit=m")]
    assert seen == ["Plate 15mm", "Plate 20mm", "Round bar 32"]


def test_paging_through_rows_of_the_same_name_visits_each_once(ctx: AppContext, api: Api, tmp_path: Path) -> None:
    """The cursor breaks a tie of names by id: three offcuts of one name, one per page, each listed exactly once."""
    with (tmp_path / "offcuts.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["Name", "Quantity", "Unit"], *[["Offcut 10mm", str(n), "kg"] for n in (1, 2, 3)]])
    ids = import_inventory(ctx.db, ctx.blobs, api.tenant.company_id, tmp_path / "offcuts.csv", tmp_path)["inventoryIds"]
    seen = [row["inventoryId"] for row in rows_across_pages(api, "inventory?limit=1")]
    assert seen == sorted(ids)


def test_updated_since_returns_rows_changed_at_or_after(api: Api, stock_ids: list[str]) -> None:
    [imported] = {row["updatedAt"] for row in body(api, "GET", "inventory")}  # one import, one transaction
    changed = body(api, "PUT", f"inventory/{stock_ids[2]}", json={"heatNumber": "K7782"})
    assert parse_timestamp(changed["updatedAt"]) > parse_timestamp(imported)
    assert names(api, f"?updatedSince={changed['updatedAt']}") == ["Round bar 32"]
    assert names(api, f"?updatedSince={imported}") == ["Beam HEA 200", "Plate 15mm", "Plate 20mm", "Round bar 32"]
    assert names(api, "?updatedSince=2999-01-01T00:00:00Z") == []


def test_a_split_row_shows_its_parent_and_the_parent_its_child(api: Api, stock_ids: list[str]) -> None:
    [placed] = api.create([order_for("SO-7", 3)])
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    split = api.request("POST", path, query_string={"inventoryId": stock_ids[0], "reserveQuantity": "3", "split": "1"}).get_json()
    assert (split["originalInventoryId"], split["wasSplit"], split["orderLineItemId"]) == (stock_ids[0], True, line["orderLineItemId"])
    child_id, certificate_id = split["linkedInventoryId"], certificate_ids(api)["mtc-1.pdf"]
    child = body(api, "GET", f"inventory/{child_id}")
    assert (child["name"], child["quantity"], child["unit"], child["heatNumber"], child["materialGrade"]) == \
        ("Plate 20mm - SO-7", 3, "t", "N41902", "S355J2+N")
    assert (child["parentInventoryId"], child["certificateId"], child["reserved"], child["children"]) == \
        (stock_ids[0], certificate_id, True, [])
    assert child["parent"] == {"inventoryId": stock_ids[0], "name": "Plate 20mm", "quantity": 7, "active": True}
    assert child["certificate"] == {"certificateId": certificate_id, "fileName": "mtc-1.pdf", "certificateNumber": None,
                                    "en10204Type": None}
    assert {**child["reservation"], "reservedAt": None} == {
        "linkId": split["linkId"], "orderId": placed["orderId"], "orderReference": "SO-7",
        "orderLineItemId": line["orderLineItemId"], "lineNumber": 1, "quantity": 3, "reservedAt": None,
        "reservedByName": "Alice Planner",
    }
    assert child["reservation"]["reservedAt"] == child["createdAt"]
    parent = body(api, "GET", f"inventory/{stock_ids[0]}")
    assert parent["children"] == [{"inventoryId": child_id, "name": "Plate 20mm - SO-7", "quantity": 3, "active": True}]
    assert (parent["quantity"], parent["reserved"], parent["reservation"], parent["parent"], parent["parentInventoryId"]) == \
        (7, False, None, None, None)


def test_an_unknown_stock_id_is_404(api: Api, stock_ids: list[str]) -> None:
    call(api, "GET", "inventory/00000000-0000-4000-8000-000000000000", 404)
