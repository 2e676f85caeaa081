"""GET …/inventory (filters, paging) and GET …/inventory/{inventoryId} (lineage, certificate, reservation)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from shared.context import AppContext
from shared.services.inventory_import import import_inventory
from tests.stock_support import PDF, body, call, next_url, order_for
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


def test_the_list_is_sorted_by_name(api: Api, stock_ids: list[str]) -> None:
    assert names(api) == ["Beam HEA 200", "Plate 15mm", "Plate 20mm", "Round bar 32"]
    first = body(api, "GET", "inventory?search=round")[0]
    assert first["heatNumber"] == "K7781" and first["quantity"] == 120 and first["reserved"] is False


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


@pytest.mark.parametrize("query", ["?available=yes", "?reserved=", "?hasCertificate=2", "?limit=0", "?cursor=nonsense",
                                   "?updatedSince=yesterday"])
def test_bad_query_values_are_400_naming_the_parameter(api: Api, stock_ids: list[str], query: str) -> None:
    response = call(api, "GET", f"inventory{query}", 400)
    assert response.get_json()["errors"][0]["field"] == query[1:].split("=")[0]


def test_reserved_and_available_follow_reservations(api: Api, stock_ids: list[str]) -> None:
    [placed] = api.create([order_for("SO-24002", 4)])
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    assert api.request("POST", path, query_string={"inventoryId": stock_ids[1], "reserveQuantity": "4"}).status_code == 201
    assert names(api, "?reserved=1") == ["Plate 15mm"]
    assert names(api, "?available=true") == ["Beam HEA 200", "Plate 20mm", "Round bar 32"]
    assert names(api, "?available=0") == ["Plate 15mm"]
    detail = body(api, "GET", f"inventory/{stock_ids[1]}")
    assert detail["reserved"] is True
    assert detail["reservation"]["orderReference"] == "SO-24002" and detail["reservation"]["lineNumber"] == 1
    assert detail["reservation"]["reservedByName"] == "Alice Planner"


def test_paging_keeps_repeated_filters_and_visits_every_row_once(api: Api, stock_ids: list[str]) -> None:
    seen: list[str] = []
    response = call(api, "GET", "inventory?limit=1&unit=t&unit=m", 200)
    while True:
        seen += [row["name"] for row in response.get_json()]
        url = next_url(response)
        if url is None:
            break
        response = api.client.get(url, headers=api.tenant.headers)
    assert seen == ["Plate 15mm", "Plate 20mm", "Round bar 32"]


def test_updated_since_returns_rows_changed_at_or_after(api: Api, stock_ids: list[str]) -> None:
    rows: list[dict[str, Any]] = body(api, "GET", "inventory")
    latest = max(row["updatedAt"] for row in rows)
    assert set(names(api, f"?updatedSince={latest}")) == {row["name"] for row in rows if row["updatedAt"] == latest}
    assert names(api, "?updatedSince=2999-01-01T00:00:00Z") == []


def test_a_split_row_shows_its_parent_and_the_parent_its_child(api: Api, stock_ids: list[str]) -> None:
    [placed] = api.create([order_for("SO-7", 3)])
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    split = api.request("POST", path, query_string={"inventoryId": stock_ids[0], "reserveQuantity": "3", "split": "1"}).get_json()
    child = body(api, "GET", f"inventory/{split['linkedInventoryId']}")
    assert child["parent"]["inventoryId"] == stock_ids[0] and child["parentInventoryId"] == stock_ids[0]
    assert child["certificate"]["fileName"] == "mtc-1.pdf"
    parent = body(api, "GET", f"inventory/{stock_ids[0]}")
    assert [c["inventoryId"] for c in parent["children"]] == [split["linkedInventoryId"]]
    assert parent["quantity"] == 7 and parent["reservation"] is None


def test_an_unknown_stock_id_is_404(api: Api, stock_ids: list[str]) -> None:
    call(api, "GET", "inventory/00000000-0000-4000-8000-000000000000", 404)
