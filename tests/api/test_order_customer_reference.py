"""Issue 14.6 (data): the customer's purchase-order number and the delivery address on orders, through the JSON API,
history, the CSV export and upload, and on the certificate pack's cover."""

from __future__ import annotations

import io

from pypdf import PdfReader

from tests.bulk_support import csv_file, upload, zip_members
from tests.support import Api, order

ADDRESS = "Hallam Fabrication, Bay 4\nAttercliffe Road\nSheffield S4 7WZ"


def test_customer_reference_and_delivery_address_are_created_read_updated_cleared_and_in_history(api: Api) -> None:
    [created] = api.create([order("SO-PO-1", customerReference="PO-88123", deliveryAddress=ADDRESS)])
    assert (created["customerReference"], created["deliveryAddress"]) == ("PO-88123", ADDRESS)
    [updated] = api.update([{**api.get(created["orderId"]), "customerReference": "PO-88124", "deliveryAddress": None}])
    assert (updated["customerReference"], updated["deliveryAddress"]) == ("PO-88124", None)
    [listed] = [item for item in api.request("GET").get_json() if item["orderId"] == created["orderId"]]
    assert listed["customerReference"] == "PO-88124"
    changes = [c for e in api.request("GET", f"/{created['orderId']}/history").get_json() for c in e["changes"]]
    assert {"field": "customerReference", "oldValue": "PO-88123", "newValue": "PO-88124"} in changes
    assert {"field": "deliveryAddress", "oldValue": ADDRESS, "newValue": None} in changes


def test_they_are_limited_to_100_and_500_characters(api: Api) -> None:
    response = api.request("POST", json=[order(customerReference="P" * 101, deliveryAddress="A" * 501)])
    assert response.status_code == 400
    assert {error["field"].rsplit(".", 1)[-1] for error in response.get_json()["errors"]} == {"customerReference", "deliveryAddress"}


def test_the_csv_export_has_them_as_last_columns_and_an_upload_sets_them(api: Api) -> None:
    api.create([order("SO-PO-CSV", customerReference="PO-1", deliveryAddress=ADDRESS)])
    text = zip_members(api.request("GET", "/export/zip").data)["orders.csv"].decode("utf-8-sig")
    header, row = text.splitlines()[0].split(","), text.split("\r\n")[1]
    assert header[-3:] == ["UpdatedAt", "CustomerReference", "DeliveryAddress"]
    assert "PO-1" in row and "Attercliffe Road" in text
    upload(api, csv_file([["OrderReference", "CustomerReference", "DeliveryAddress"], ["SO-PO-CSV", "PO-2", "Leeds LS1"]]))
    [found] = [o for o in api.request("GET").get_json() if o["orderReference"] == "SO-PO-CSV"]
    assert (found["customerReference"], found["deliveryAddress"]) == ("PO-2", "Leeds LS1")


def test_the_pack_cover_shows_the_customer_po_and_the_delivery_address(api: Api) -> None:
    [created] = api.create([order("SO-PO-PACK", customerReference="PO-77001", deliveryAddress=ADDRESS)])
    response = api.request("GET", f"/{created['orderId']}/certificate-pack")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    for expected in ("PO-77001", "Attercliffe Road", "Sheffield S4 7WZ"):
        assert expected in text, expected
