"""Issue 14 items 1 and 2: stock must be the material a line asks for, and the line's coverage is told truly.

Each test here failed before the change: any stock was linked to any line (5 kg of 1.4404 bar on a 10 t S355J2+N
plate line was a 201), ``reservedQuantity`` added tonnes to kilograms, and the pack said "All stock certified".
"""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from shared.context import AppContext
from tests.reservation_support import Stock, details_of, order_with_lines, reserve, reserved
from tests.support import Api, Tenant


@pytest.fixture
def stock(ctx: AppContext, tenant: Tenant, tmp_path: Path) -> Stock:
    return Stock(ctx, tenant.company_id, tmp_path / "stock")


def cover_text(api: Api, order_id: str) -> str:
    response = api.request("GET", f"/{order_id}/certificate-pack")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


# --- 1. material match ---


def test_stock_of_another_unit_and_grade_is_409_naming_each_field(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "t", "S355J2+N"))["lineItems"]
    bar = stock.add("5", "pcs", "1.4404", name="Round bar 50mm 316L")
    response = reserve(api, line, bar, "5")
    assert response.status_code == 409
    assert response.get_json()["errors"] == [
        {"field": "unit", "message": "the stock is in pcs, which does not convert to the line's t"},
        {"field": "materialGrade",
         "message": "the stock is 1.4404, the line asks for S355J2+N (allowSubstitute=1 reserves it as a substitute)"},
    ]
    assert details_of(api, line)["reservations"] == []


def test_a_unit_that_converts_and_a_grade_spelled_differently_are_accepted(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "t", "S355J2+N"))["lineItems"]
    assert reserved(api, line, stock.add("500", "kg", "s355 j2+n"), "500")["wasSplit"] is False
    [shown] = details_of(api, line)["reservations"]
    assert (shown["quantity"], shown["unit"], shown["substitute"]) == (500, "kg", False)


def test_pieces_never_convert_even_without_a_grade(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "m", None))["lineItems"]
    response = reserve(api, line, stock.add("3", "pcs", None), "3")
    assert response.status_code == 409
    assert response.get_json()["errors"] == [{"field": "unit", "message": "the stock is in pcs, which does not convert to the line's m"}]


def test_a_line_stating_neither_unit_nor_grade_accepts_any_stock(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", None, None))["lineItems"]
    assert reserve(api, line, stock.add("5", "kg", "1.4404"), "5").status_code == 201


def test_allow_substitute_reserves_another_grade_and_says_so_in_details_history_and_pack(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("6", "m", "S355JR"))
    [line] = created["lineItems"]
    tube = stock.add("6", "m", "S355J2H", name="RHS 100x50x5")
    assert reserve(api, line, tube, "6", allowSubstitute="0").status_code == 409
    link = reserved(api, line, tube, "6", allowSubstitute="1")
    shown = details_of(api, line)
    assert shown["reservations"][0]["substitute"] is True and shown["reservations"][0]["materialGrade"] == "S355J2H"
    assert (shown["coverage"]["status"], shown["coverage"]["substitute"], shown["coverage"]["complete"]) == ("covered", True, False)
    events = [e for e in api.request("GET", f"/{created['orderId']}/history").get_json() if e["entityId"] == link["linkId"]]
    assert {"field": "substitute", "oldValue": None, "newValue": True} in events[0]["changes"]
    text = cover_text(api, created["orderId"])
    assert "Substitute" in text and "All covered" not in text


def test_allow_substitute_does_not_excuse_a_unit_that_does_not_convert(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("6", "m", "S355JR"))["lineItems"]
    response = reserve(api, line, stock.add("6", "kg", "S355J2H"), "6", allowSubstitute="1")
    assert response.status_code == 409
    assert response.get_json()["errors"] == [{"field": "unit", "message": "the stock is in kg, which does not convert to the line's m"}]


@pytest.mark.parametrize("flag", ["allowSubstitute", "allowOver"])
@pytest.mark.parametrize("value", ["yes", "", "2", "on"])
def test_the_new_flags_take_only_1_0_true_or_false(api: Api, stock: Stock, flag: str, value: str) -> None:
    [line] = order_with_lines(api, ("10", "t", None))["lineItems"]
    response = reserve(api, line, stock.add("1", "t", None), "1", **{flag: value})
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": flag, "message": "must be 1, 0, true or false"}]


# --- 2. coverage ---


def test_reserved_quantity_is_in_the_lines_unit_and_the_details_say_how_short(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("10", "t", "S355J2+N"))["lineItems"]
    reserved(api, line, stock.add("6", "t", "S355J2+N"), "6")
    reserved(api, line, stock.add("5", "kg", "S355J2+N"), "5")
    shown = details_of(api, line)
    assert shown["reservedQuantity"] == 6.005  # was 11: tonnes and kilograms added as numbers
    assert shown["coverage"] == {"status": "short", "unit": "t", "shortBy": 3.995, "overBy": None, "substitute": False,
                                 "noCertificate": False, "complete": False}


def test_reserving_beyond_the_lines_quantity_is_409_unless_allow_over(api: Api, stock: Stock) -> None:
    [line] = order_with_lines(api, ("9", "m", "S355JR"))["lineItems"]
    reserved(api, line, stock.add("6", "m", "S355JR"), "6")
    extra = stock.add("9000", "mm", "S355JR")
    response = reserve(api, line, extra, "9000")
    assert response.status_code == 409
    message = "the line would hold 15 m of its 9 m (over by 6 m; allowOver=1 reserves it anyway)"
    assert response.get_json()["errors"] == [{"field": "reserveQuantity", "message": message}]
    reserved(api, line, extra, "9000", allowOver="true")
    assert details_of(api, line)["coverage"]["overBy"] == 6


def test_parallel_reserves_on_one_line_never_take_it_over_its_quantity(ctx: AppContext, client, tenant: Tenant, stock: Stock) -> None:
    api = Api(client, tenant)
    [line] = order_with_lines(api, ("9", "m", "S355JR"))["lineItems"]
    rows = [stock.add("6", "m", "S355JR") for _ in range(4)]
    statuses: list[int] = []
    start = threading.Barrier(len(rows))

    def attempt(inventory_id: str) -> None:
        start.wait()
        statuses.append(reserve(api, line, inventory_id, "6").status_code)

    threads = [threading.Thread(target=attempt, args=(row,)) for row in rows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 409, 409, 409]
    assert details_of(api, line)["reservedQuantity"] == 6


def test_the_pack_says_all_covered_only_when_every_line_is_exactly_covered_by_certified_matching_stock(
    api: Api, stock: Stock
) -> None:
    created = order_with_lines(api, ("4", "t", "S355J2+N"), ("6", "m", "S355JR"))
    plate_line, beam_line = created["lineItems"]
    reserved(api, plate_line, stock.add("4", "t", "S355J2+N"), "4")
    reserved(api, beam_line, stock.add("6", "m", "S355JR"), "6")
    assert "All covered" in cover_text(api, created["orderId"])
    reserved(api, plate_line, stock.add("1", "t", "S355J2+N", certified=False), "1", allowOver="1")
    text = cover_text(api, created["orderId"])
    assert "All covered" not in text and "No certificate" in text and "Over by 1 t" in text


def test_the_pack_flags_a_short_line_with_how_much_is_missing(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("15", "m", "S355JR"))
    reserved(api, created["lineItems"][0], stock.add("6", "m", "S355JR"), "6")
    text = cover_text(api, created["orderId"])
    assert "Short by 9 m" in text and "All covered" not in text


def test_the_pack_names_split_stock_by_the_row_it_was_split_from(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("4", "t", "S355J2+N"), reference="SO-FACE-1")
    body = reserved(api, created["lineItems"][0], stock.add("10", "t", "S355J2+N", name="Plate 20mm 2500x1250"), "4", split="1")
    assert details_of(api, created["lineItems"][0])["reservations"][0]["inventoryName"] == "Plate 20mm 2500x1250 - SO-FACE-1"
    text = " ".join(cover_text(api, created["orderId"]).split())  # a table cell may wrap anywhere
    assert "Plate 20mm 2500x1250" in text and "2500x1250 - SO-FACE-1" not in text
    assert body["wasSplit"] is True


def test_the_pack_gives_each_certificates_en_10204_type_number_and_mill(api: Api, stock: Stock) -> None:
    created = order_with_lines(api, ("4", "t", "S355J2+N"))
    reserved(api, created["lineItems"][0], stock.add("4", "t", "S355J2+N"), "4")
    certificate_id = details_of(api, created["lineItems"][0])["reservations"][0]["certificateId"]
    metadata = {"certificateNumber": "MTC-2026-0117", "en10204Type": "3.1", "manufacturer": "Nordhafen Plate Works"}
    response = api.client.put(f"/api/companies/{api.tenant.company_id}/certificates/{certificate_id}", json=metadata,
                              headers=api.tenant.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = " ".join(cover_text(api, created["orderId"]).split())
    for expected in ("EN 10204 3.1", "No. MTC-2026-0117", "Nordhafen Plate Works"):
        assert expected in text, expected
