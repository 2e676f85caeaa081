"""Traceability, whole bodies: an order's trace and a heat's trace (JSON and the recall CSV) against values written
out here, on a clock that steps one minute per transaction (SQLite stamps rows with it), so every time is known.

SQLite only: SQL Server stamps rows with its own clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from shared import context as app_context
from shared.context import AppContext
from tests.api.test_traceability import reserve
from tests.stock_support import body, call, order_for, real_pdf, stock, upload_file
from tests.support import Api, http_client, make_context, make_tenant

GRADE = "S355J2+N"
ALICE = "Alice Planner"


class MinuteClock:
    def __init__(self) -> None:
        self.current = datetime(2030, 5, 4, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(minutes=1)
        return self.current


def at(minute: int) -> str:
    return f"2030-05-04T08:{minute:02d}:00.000000Z"


@pytest.fixture
def traced(tmp_path: Path) -> Iterator[tuple[Api, dict[str, Any]]]:
    context = make_context(tmp_path)
    app_context.use(context)
    try:
        yield scenario(context)
    finally:
        app_context.use(None)


def scenario(ctx: AppContext) -> tuple[Api, dict[str, Any]]:
    """Heat N41902 (certified): plate split for SO-9 line 1, a spare never reserved. Heat K7: the bar reserved whole
    for SO-9 line 2 and released, cut for line 3 (then deleted with the line), cut for SO-10 (Borg) and SO-11 (no
    customer). SO-9 line 4 is deleted without ever being reserved, line 5 is never reserved."""
    ctx.db.clock = MinuteClock()
    api = Api(http_client(), make_tenant(ctx, "Trace Steel", ALICE))  # minutes 1-2
    atlas, borg = body(api, "POST", "organisations", 201, json=[{"name": "atlas Fabrication"}, {"name": "Borg Metals"}])
    certificate = body(api, "POST", "certificates?certificateNumber=MTC-7&en10204Type=3.1&manufacturer=Dillinger"
                       "&issuedOn=2026-04-02&heatNumbers=N41902,N41903", 201,
                       data={"file": upload_file(real_pdf(marker="N41902"), "mtc-N41902.pdf")})
    plate, bar, spare = body(api, "POST", "inventory", 201, json=[  # minute 6
        stock("Plate 20mm", 10, heatNumber="N41902", certificateId=certificate["certificateId"]),
        stock("Bar 40mm", 5, heatNumber="K7"),
        stock("=Spare", "2.5", heatNumber="N41902", certificateId=certificate["certificateId"]),
    ])
    [placed] = api.create([order_for("SO-9", 4, 5, "1.5", 2, 3, customerName="atlas Fabrication")])
    one, two, three, _, five = placed["lineItems"]
    split = reserve(api, placed, plate["inventoryId"], "4")  # minute 8
    whole = reserve(api, {**placed, "lineItems": [two]}, bar["inventoryId"], "5", split="0")
    path = f"/{placed['orderId']}/line-items/{two['orderLineItemId']}/reservations/{whole['linkedInventoryId']}"
    assert api.request("DELETE", path).status_code == 200  # minute 10
    cut = reserve(api, {**placed, "lineItems": [three]}, bar["inventoryId"], "1.5")
    api.update([{"orderId": placed["orderId"], "lineItems": [one, two, five]}])  # minute 12: lines 3 and 4 deleted
    borgs, nobodys = api.create([order_for("SO-10", 1, customerName="Borg Metals"), order_for("SO-11", 1)])
    ids = {"atlas": atlas["relatedOrganisationId"], "borg": borg["relatedOrganisationId"], "certificate": certificate["certificateId"],
           "plate": plate["inventoryId"], "bar": bar["inventoryId"], "spare": spare["inventoryId"], "order": placed["orderId"],
           "lines": [line["orderLineItemId"] for line in placed["lineItems"]], "split": split, "whole": whole, "cut": cut,
           "borgs": borgs, "nobodys": nobodys,
           "borg_cut": reserve(api, borgs, bar["inventoryId"], "1"), "nobody_cut": reserve(api, nobodys, bar["inventoryId"], "1")}
    return api, ids


def linked(link: dict[str, Any], name: str, quantity: float, heat: str, parent: str | None, reserved: int,
           released: int | None, certificate: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "linkId": link["linkId"], "inventoryId": link["linkedInventoryId"], "name": name, "quantity": quantity, "unit": "t",
        "heatNumber": heat, "materialGrade": GRADE, "parentInventoryId": parent, "active": released is None,
        "reservedAt": at(reserved), "reservedByName": ALICE, "releasedAt": None if released is None else at(released),
        "releasedByName": None if released is None else ALICE, "certificate": certificate,
    }


def line(line_id: str, number: int, quantity: float, active: bool) -> dict[str, Any]:
    return {"orderLineItemId": line_id, "lineNumber": number, "productCode": f"PL-{number}", "description": "Plate 20mm",
            "materialGrade": GRADE, "quantity": quantity, "unit": "t", "active": active}


def order_view(placed: dict[str, Any], reference: str, customer: tuple[str | None, str | None], lines: list[Any]) -> dict[str, Any]:
    return {"orderId": placed["orderId"], "orderReference": reference, "status": "Open", "orderDate": "2026-03-01",
            "deliveryDate": "2026-03-20", "active": True, "relatedOrganisationId": customer[0], "customerName": customer[1],
            "lineItems": lines}


def test_an_order_trace_is_exactly_its_lines_with_every_reservation_and_certificate(traced: tuple[Api, dict[str, Any]]) -> None:
    api, ids = traced
    one, two, three, _, five = ids["lines"]
    certificate = {"certificateId": ids["certificate"], "fileName": "mtc-N41902.pdf", "certificateNumber": "MTC-7",
                   "en10204Type": "3.1", "manufacturer": "Dillinger"}
    expected = order_view({"orderId": ids["order"]}, "SO-9", (ids["atlas"], "atlas Fabrication"), [
        {**line(one, 1, 4, True), "heatNumbers": ["N41902"],
         "stock": [linked(ids["split"], "Plate 20mm - SO-9", 4, "N41902", ids["plate"], 8, None, certificate)]},
        {**line(two, 2, 5, True), "heatNumbers": [], "stock": [linked(ids["whole"], "Bar 40mm", 5, "K7", None, 9, 10, None)]},
        {**line(three, 3, 1.5, False), "heatNumbers": [],
         "stock": [linked(ids["cut"], "Bar 40mm - SO-9", 1.5, "K7", ids["bar"], 11, 12, None)]},
        {**line(five, 5, 3, True), "heatNumbers": [], "stock": []},
    ])  # line 4, deleted and never reserved, is not shown
    assert body(api, "GET", f"orders/{ids['order']}/traceability") == expected


def test_an_order_of_another_company_is_a_404_naming_it(traced: tuple[Api, dict[str, Any]]) -> None:
    api, ids = traced
    other = Api(api.client, make_tenant(app_context.current(), "Other Steel", "Olga Other"))
    problem = call(other, "GET", f"orders/{ids['order']}/traceability", 404).get_json()
    assert problem["detail"] == f"No such order in this company: {ids['order']}."


def stock_view(inventory_id: str, name: str, quantity: float, heat: str, certificate: str | None, parent: str | None,
               reserved: bool, created: int, updated: int) -> dict[str, Any]:
    return {"inventoryId": inventory_id, "name": name, "quantity": quantity, "unit": "t", "heatNumber": heat, "materialGrade": GRADE,
            "certificateId": certificate, "parentInventoryId": parent, "active": True, "reserved": reserved,
            "createdAt": at(created), "updatedAt": at(updated)}


def reservation(link: dict[str, Any], name: str, quantity: float, reserved: int, released: int | None, placed: dict[str, Any],
                reference: str, number: int, customer: str | None) -> dict[str, Any]:
    return {"linkId": link["linkId"], "inventoryId": link["linkedInventoryId"], "inventoryName": name, "quantity": quantity,
            "unit": "t", "active": released is None, "reservedAt": at(reserved), "reservedByName": ALICE,
            "releasedAt": None if released is None else at(released), "releasedByName": None if released is None else ALICE,
            "orderId": placed["orderId"], "orderReference": reference, "orderLineItemId": link["orderLineItemId"],
            "lineNumber": number, "customerName": customer}


def heat_n41902(ids: dict[str, Any]) -> dict[str, Any]:
    certificate, split, placed = ids["certificate"], ids["split"], {"orderId": ids["order"]}
    unreserved = sorted([stock_view(ids["spare"], "=Spare", 2.5, "N41902", certificate, None, False, 6, 6),
                         stock_view(ids["plate"], "Plate 20mm", 6, "N41902", certificate, None, False, 6, 8)],
                        key=lambda row: row["inventoryId"])  # made in one transaction: ordered by id
    return {
        "heatNumber": "N41902",
        "stock": [*unreserved,
                  stock_view(split["linkedInventoryId"], "Plate 20mm - SO-9", 4, "N41902", certificate, ids["plate"], True, 8, 8)],
        "reservations": [reservation(split, "Plate 20mm - SO-9", 4, 8, None, placed, "SO-9", 1, "atlas Fabrication")],
        "orders": [order_view(placed, "SO-9", (ids["atlas"], "atlas Fabrication"), [line(ids["lines"][0], 1, 4, True)])],
        "customers": [{"relatedOrganisationId": ids["atlas"], "name": "atlas Fabrication", "orderReferences": ["SO-9"]}],
        "certificates": [{"certificateId": certificate, "fileName": "mtc-N41902.pdf", "certificateNumber": "MTC-7",
                          "en10204Type": "3.1", "manufacturer": "Dillinger", "issuedOn": "2026-04-02",
                          "heatNumbers": ["N41902", "N41903"]}],
    }


def heat_k7(ids: dict[str, Any]) -> dict[str, Any]:
    placed, borgs, nobodys, bar = {"orderId": ids["order"]}, ids["borgs"], ids["nobodys"], ids["bar"]
    borg_cut, nobody_cut, atlas = ids["borg_cut"], ids["nobody_cut"], (ids["atlas"], "atlas Fabrication")
    return {
        "heatNumber": "K7",
        "stock": [stock_view(bar, "Bar 40mm", 1.5, "K7", None, None, False, 6, 15),
                  stock_view(ids["cut"]["linkedInventoryId"], "Bar 40mm - SO-9", 1.5, "K7", None, bar, False, 11, 11),
                  stock_view(borg_cut["linkedInventoryId"], "Bar 40mm - SO-10", 1, "K7", None, bar, True, 14, 14),
                  stock_view(nobody_cut["linkedInventoryId"], "Bar 40mm - SO-11", 1, "K7", None, bar, True, 15, 15)],
        "reservations": [reservation(borg_cut, "Bar 40mm - SO-10", 1, 14, None, borgs, "SO-10", 1, "Borg Metals"),
                         reservation(nobody_cut, "Bar 40mm - SO-11", 1, 15, None, nobodys, "SO-11", 1, None),
                         reservation(ids["whole"], "Bar 40mm", 5, 9, 10, placed, "SO-9", 2, "atlas Fabrication"),
                         reservation(ids["cut"], "Bar 40mm - SO-9", 1.5, 11, 12, placed, "SO-9", 3, "atlas Fabrication")],
        "orders": [order_view(borgs, "SO-10", (ids["borg"], "Borg Metals"), [line(borgs["lineItems"][0]["orderLineItemId"], 1, 1, True)]),
                   order_view(nobodys, "SO-11", (None, None), [line(nobodys["lineItems"][0]["orderLineItemId"], 1, 1, True)]),
                   order_view(placed, "SO-9", atlas, [line(ids["lines"][1], 2, 5, True), line(ids["lines"][2], 3, 1.5, False)])],
        # by name, ignoring case; each order once, however many of its lines the heat went to
        "customers": [{"relatedOrganisationId": ids["atlas"], "name": "atlas Fabrication", "orderReferences": ["SO-9"]},
                      {"relatedOrganisationId": ids["borg"], "name": "Borg Metals", "orderReferences": ["SO-10"]}],
        "certificates": [],
    }


def test_a_heat_trace_is_exactly_its_stock_reservations_orders_customers_and_certificates(traced: tuple[Api, dict[str, Any]]) -> None:
    api, ids = traced
    assert body(api, "GET", "traceability/heats/N41902") == heat_n41902(ids)
    assert body(api, "GET", "traceability/heats/%20n41902%20") == {**heat_n41902(ids), "heatNumber": "n41902"}
    assert body(api, "GET", "traceability/heats/K7") == heat_k7(ids)
    only_certified = {**heat_n41902(ids), "heatNumber": "N41903", "stock": [], "reservations": [], "orders": [], "customers": []}
    assert body(api, "GET", "traceability/heats/N41903") == only_certified  # a heat known only from a certificate


def test_the_recall_csv_is_one_row_per_reservation_then_one_per_stock_row_never_reserved(traced: tuple[Api, dict[str, Any]]) -> None:
    api, ids = traced
    header = ("HeatNumber,CustomerName,OrderReference,OrderStatus,LineNumber,ProductCode,Description,InventoryId,StockName,Quantity,"
              "Unit,MaterialGrade,ReservationActive,ReservedAt,ReservedBy,ReleasedAt,ReleasedBy,CertificateNumbers,CertificateFiles")
    stock_rows = {ids["spare"]: f"N41902,,,,,,,{ids['spare']},'=Spare,2.5,t,{GRADE},,,,,,MTC-7,mtc-N41902.pdf",
                  ids["plate"]: f"N41902,,,,,,,{ids['plate']},Plate 20mm,6,t,{GRADE},,,,,,MTC-7,mtc-N41902.pdf"}
    n41902 = [header, f"N41902,atlas Fabrication,SO-9,Open,1,PL-1,Plate 20mm,{ids['split']['linkedInventoryId']},Plate 20mm - SO-9,4,t,"
                      f"{GRADE},true,{at(8)},{ALICE},,,MTC-7,mtc-N41902.pdf", *(stock_rows[key] for key in sorted(stock_rows))]
    assert call(api, "GET", "traceability/heats/N41902?format=csv", 200).data == ("\ufeff" + "\r\n".join([*n41902, ""])).encode()
    borg_cut, nobody_cut = ids["borg_cut"]["linkedInventoryId"], ids["nobody_cut"]["linkedInventoryId"]
    k7 = [header,
          f"K7,Borg Metals,SO-10,Open,1,PL-1,Plate 20mm,{borg_cut},Bar 40mm - SO-10,1,t,{GRADE},true,{at(14)},{ALICE},,,,",
          f"K7,,SO-11,Open,1,PL-1,Plate 20mm,{nobody_cut},Bar 40mm - SO-11,1,t,{GRADE},true,{at(15)},{ALICE},,,,",
          f"K7,atlas Fabrication,SO-9,Open,2,PL-2,Plate 20mm,{ids['bar']},Bar 40mm,5,t,{GRADE},false,{at(9)},{ALICE},{at(10)},{ALICE},,",
          f"K7,atlas Fabrication,SO-9,Open,3,PL-3,Plate 20mm,{ids['cut']['linkedInventoryId']},Bar 40mm - SO-9,1.5,t,{GRADE},false,"
          f"{at(11)},{ALICE},{at(12)},{ALICE},,"]
    assert call(api, "GET", "traceability/heats/K7?format=csv", 200).data == ("\ufeff" + "\r\n".join([*k7, ""])).encode()
