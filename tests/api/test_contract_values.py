"""What a double-based client can rely on (issue 16.1, 16.2): quantities of at most 15 significant digits, bounded
alike in JSON orders and lines, CSV upload and stock, said in the schema; file responses typed as binary."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from shared.openapi import document
from tests.bulk_support import csv_file, post_upload
from tests.stock_support import body, call, stock
from tests.support import Api

DIGITS = "Decimal input should have no more than 11 digits before the decimal point"
ACCEPTED = ["99999999999.9999", "12345678901.2345", "0.0001", "1.1", "2.675", "0.3", "98765432109.8765", "7"]
TOTAL = "Decimal input should have no more than 15 digits in total"
REJECTED = [("100000000000", DIGITS), ("123456789012.345", DIGITS), ("99999999999999.9999", TOTAL),
            ("12345678901234.5678", TOTAL)]


def _raw(value: str) -> bytes:
    return value.encode("ascii")


def _post(api: Api, payload: bytes) -> tuple[int, dict]:
    response = api.request("POST", data=payload, headers={"Content-Type": "application/json"})
    return response.status_code, response.get_json()


@pytest.mark.parametrize("value", ACCEPTED)
def test_every_accepted_quantity_survives_a_double_round_trip(api: Api, value: str) -> None:
    payload = b'[{"orderReference": "SO-rt", "orderDate": "2026-01-01", "quantity": %s, "lineItems": [' \
              b'{"productCode": "P", "quantity": %s}]}]' % (_raw(value), _raw(value))
    status, created = _post(api, payload)
    assert status == 201, created
    order_id = created[0]["orderId"]
    text = api.request("GET", f"/{order_id}").get_data(as_text=True)
    read = json.loads(text)  # floats, as a JavaScript or generated Python client holds them
    assert Decimal(repr(read["quantity"])) == Decimal(value)
    assert Decimal(repr(read["lineItems"][0]["quantity"])) == Decimal(value)
    # Written back from what the double client read: nothing changes, no history entry.
    back = {key: read[key] for key in ("orderId", "updatedAt", "quantity")}
    back["lineItems"] = [{key: read["lineItems"][0][key] for key in ("orderLineItemId", "quantity")}]
    response = api.request("PUT", data=json.dumps([back]), headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    again = json.loads(api.request("GET", f"/{order_id}").get_data(as_text=True), parse_float=Decimal)
    assert again["quantity"] == Decimal(value) and again["lineItems"][0]["quantity"] == Decimal(value)
    assert again["updatedAt"] == read["updatedAt"]


@pytest.mark.parametrize(("value", "message"), REJECTED)
def test_more_than_15_significant_digits_is_a_400_naming_the_field(api: Api, value: str, message: str) -> None:
    status, problem = _post(api, b'[{"orderReference": "SO-x", "quantity": %s}]' % _raw(value))
    assert status == 400 and problem["errors"] == [{"field": "[0].quantity", "message": message}]
    line = b'[{"orderReference": "SO-y", "lineItems": [{"productCode": "P", "quantity": %s}]}]' % _raw(value)
    status, problem = _post(api, line)
    assert status == 400 and problem["errors"] == [{"field": "[0].lineItems[0].quantity", "message": message}]
    status, problem = _post(api, b'[{"orderReference": "SO-z", "quantity": "%s"}]' % _raw(value))
    assert status == 400 and problem["errors"] == [{"field": "[0].quantity", "message": message}]
    assert api.request("GET").get_json() == []


def test_csv_upload_bounds_quantities_alike(api: Api) -> None:
    good = csv_file([["OrderReference", "Quantity", "OrderDate"], ["SO-c1", "99999999999.9999", "2026-03-01"]])
    response = post_upload(api, [("file1", "orders.csv", good)])
    assert response.status_code == 200, response.get_data(as_text=True)
    [stored] = json.loads(api.request("GET", query_string="search=SO-c1").get_data(), parse_float=Decimal)
    assert (stored["orderReference"], stored["quantity"], stored["orderDate"]) == ("SO-c1", Decimal("99999999999.9999"), "2026-03-01")
    bad = csv_file([["OrderReference", "Quantity", "OrderDate"], ["SO-c2", "100000000000", "2026-03-01"]])
    response = post_upload(api, [("file1", "orders.csv", bad)])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [
        {"file": "orders.csv", "row": 2, "column": "Quantity", "message": f"{DIGITS} (got '100000000000')"}
    ]
    assert api.request("GET", query_string="search=SO-c2").get_json() == []


def test_stock_bounds_quantities_alike(api: Api) -> None:
    [created] = body(api, "POST", "inventory", 201, json=[stock("Max", quantity=99999999999.9999)])
    assert Decimal(repr(json.loads(call(api, "GET", f"inventory/{created['inventoryId']}").get_data())["quantity"])) \
        == Decimal("99999999999.9999")
    response = call(api, "POST", "inventory", json=[stock("Over", quantity=100000000000)])
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "[0].quantity", "message": DIGITS}]
    assert [row["name"] for row in body(api, "GET", "inventory")] == ["Max"]


def _numbers(node: object) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if node.get("type") == "number" else []) + [found for value in node.values() for found in _numbers(value)]
    return [found for value in node for found in _numbers(value)] if isinstance(node, list) else []


def test_the_schema_states_the_bound() -> None:
    schemas = document()["components"]["schemas"]
    for name in ("OrderCreate", "OrderUpdate", "LineItemCreate", "LineItemUpdate", "InventoryCreate"):
        [number] = _numbers(schemas[name]["properties"]["quantity"])
        assert number["maximum"] == 99999999999.9999 and number["multipleOf"] == 0.0001, (name, number)


FILE_RESPONSES = {
    "/companies/{companyId}/orders/{orderId}/certificate-pack": {"application/pdf"},
    "/companies/{companyId}/certificates/{certificateId}/content": {"application/pdf", "image/png", "image/jpeg"},
    "/companies/{companyId}/orders/export/csv": {"text/csv"},
    "/companies/{companyId}/orders/export/zip": {"application/zip"},
    "/companies/{companyId}/orders/export/xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "/companies/{companyId}/orders/upload/templates": {
        "application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}


def test_every_file_response_is_typed_binary() -> None:
    seen: dict[str, set[str]] = {}
    for path, operations in document()["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    if "json" not in media:
                        seen.setdefault(path, set()).add(media)
                        assert (method, status) == ("get", "200"), (method, path, status, media)
                        assert content.get("schema") == {"type": "string", "format": "binary"}, (method, path, status, media)
    # Every file route, each with its own media types and the generic one a client may ask for instead.
    expected = {path: {*media, "application/octet-stream"} for path, media in FILE_RESPONSES.items()}
    # The heat trace answers JSON, or CSV with ?format=csv: its document lists no octet-stream alternative.
    expected["/companies/{companyId}/traceability/heats/{heatNumber}"] = {"text/csv"}
    assert seen == expected
