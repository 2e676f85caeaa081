"""Traceability through devhost: the whole new-user flow, a heat traced to its customers, an order to its heats."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.stock_support import body, call, order_for, real_pdf, stock, upload_file
from tests.support import Api, order


def reserve(api: Api, placed: dict[str, Any], inventory_id: str, quantity: str, split: str = "1") -> dict[str, Any]:
    line = placed["lineItems"][0]
    path = f"/{placed['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    response = api.request("POST", path, query_string={"inventoryId": inventory_id, "reserveQuantity": quantity, "split": split})
    assert response.status_code == 201, response.get_data(as_text=True)
    return dict(response.get_json())


def test_a_new_user_goes_from_customer_to_pack_and_traces_the_heat_back(api: Api) -> None:
    [customer] = body(api, "POST", "organisations", 201, json=[{"name": "Northern Bridge Fabrications"}])
    certificate = body(api, "POST", "certificates?certificateNumber=MTC-117&en10204Type=3.1&manufacturer=Dillinger&heatNumbers=N41902",
                       201, data={"file": upload_file(real_pdf(marker="N41902"), "mtc-N41902.pdf")})
    new_stock = stock("Plate 20mm", 10, heatNumber="N41902", certificateId=certificate["certificateId"])
    [plate] = body(api, "POST", "inventory", 201, json=[new_stock])
    [placed] = api.create([order_for("SO-24002", 4, customerName="Northern Bridge Fabrications")])
    assert placed["relatedOrganisationId"] == customer["relatedOrganisationId"]
    reserved = reserve(api, placed, plate["inventoryId"], "4")
    pack = api.request("GET", f"/{placed['orderId']}/certificate-pack")
    assert pack.status_code == 200 and pack.data.startswith(b"%PDF")
    trace = body(api, "GET", "traceability/heats/n41902")
    assert [c["name"] for c in trace["customers"]] == ["Northern Bridge Fabrications"]
    assert trace["customers"][0]["orderReferences"] == ["SO-24002"]
    assert {row["inventoryId"] for row in trace["stock"]} == {plate["inventoryId"], reserved["linkedInventoryId"]}
    child = next(row for row in trace["stock"] if row["inventoryId"] == reserved["linkedInventoryId"])
    assert child["parentInventoryId"] == plate["inventoryId"] and child["reserved"] is True
    assert trace["reservations"][0]["reservedByName"] == "Alice Planner" and trace["reservations"][0]["active"] is True
    assert [c["certificateNumber"] for c in trace["certificates"]] == ["MTC-117"]


def test_a_heat_in_several_customers_orders_lists_every_reservation_active_and_released(api: Api) -> None:
    body(api, "POST", "organisations", 201, json=[{"name": "Atlas"}, {"name": "Borg"}])
    [plate] = body(api, "POST", "inventory", 201, json=[stock("Plate", 10, heatNumber="N41902")])
    first, second = api.create([order_for("SO-1", 3, customerName="Atlas"), order_for("SO-2", 2, customerName="Borg")])
    one = reserve(api, first, plate["inventoryId"], "3")
    reserve(api, second, plate["inventoryId"], "2")
    line = first["lineItems"][0]
    path = f"/{first['orderId']}/line-items/{line['orderLineItemId']}/reservations/{one['linkedInventoryId']}"
    assert api.request("DELETE", path).status_code == 200
    trace = body(api, "GET", "traceability/heats/N41902")
    assert [(r["orderReference"], r["active"]) for r in trace["reservations"]] == [("SO-1", False), ("SO-2", True)]
    released = trace["reservations"][0]
    assert released["releasedByName"] == "Alice Planner" and released["releasedAt"] is not None
    assert [c["name"] for c in trace["customers"]] == ["Atlas", "Borg"]
    assert [o["orderReference"] for o in trace["orders"]] == ["SO-1", "SO-2"]


def test_the_recall_list_is_csv_with_formulas_neutralised(api: Api) -> None:
    body(api, "POST", "organisations", 201, json=[{"name": "=HYPERLINK(\"x\")"}])
    rows = [stock("Plate", 10, heatNumber="N41902"), stock("Spare", 1, heatNumber="N41902")]
    [plate] = body(api, "POST", "inventory", 201, json=rows)[:1]
    [placed] = api.create([order_for("SO-1", 10, customerName="=HYPERLINK(\"x\")")])
    reserve(api, placed, plate["inventoryId"], "10", split="0")
    response = call(api, "GET", "traceability/heats/N41902?format=csv", 200)
    assert response.mimetype == "text/csv" and "recall-N41902.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [row["StockName"] for row in rows] == ["Plate", "Spare"]
    assert rows[0]["CustomerName"] == "'=HYPERLINK(\"x\")" and rows[0]["OrderReference"] == "SO-1"
    assert rows[0]["ReservationActive"] == "true" and rows[1]["OrderReference"] == ""


def test_an_unknown_heat_is_404_and_a_bad_format_400(api: Api) -> None:
    assert call(api, "GET", "traceability/heats/NOPE", 404).get_json()["detail"] == "No stock or certificate of this heat in this company."
    body(api, "POST", "inventory", 201, json=[stock(heatNumber="N1")])
    problem = call(api, "GET", "traceability/heats/N1?format=xml", 400).get_json()
    assert problem["errors"] == [{"field": "format", "message": "Input should be 'json' or 'csv'"}]


def test_an_order_traces_to_its_stock_heats_and_certificates(api: Api) -> None:
    certificate = body(api, "POST", "certificates?certificateNumber=C-9", 201, data={"file": upload_file(real_pdf(), "c.pdf")})
    rows = body(api, "POST", "inventory", 201, json=[
        stock("Plate", 10, heatNumber="N41902", certificateId=certificate["certificateId"]), stock("Bar", 5, heatNumber="K7")])
    [placed] = api.create([order_for("SO-9", 4, 5)])
    reserve(api, placed, rows[0]["inventoryId"], "4")
    line_two = {**placed, "lineItems": placed["lineItems"][1:]}
    reserve(api, line_two, rows[1]["inventoryId"], "5", split="0")
    trace = body(api, "GET", f"orders/{placed['orderId']}/traceability")
    assert [line["heatNumbers"] for line in trace["lineItems"]] == [["N41902"], ["K7"]]
    first = trace["lineItems"][0]["stock"][0]
    assert first["parentInventoryId"] == rows[0]["inventoryId"] and first["certificate"]["certificateNumber"] == "C-9"
    assert trace["lineItems"][1]["stock"][0]["certificate"] is None


def test_an_order_of_another_company_is_404(api: Api, other_api: Api) -> None:
    [theirs] = other_api.create([order()])
    call(api, "GET", f"orders/{theirs['orderId']}/traceability", 404)
