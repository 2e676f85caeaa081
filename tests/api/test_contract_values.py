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

ACCEPTED = ["99999999999.9999", "12345678901.2345", "0.0001", "1.1", "2.675", "0.3", "98765432109.8765", "7"]
REJECTED = ["100000000000", "123456789012.345", "99999999999999.9999", "12345678901234.5678"]


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


@pytest.mark.parametrize("value", REJECTED)
def test_more_than_15_significant_digits_is_a_400_naming_the_field(api: Api, value: str) -> None:
    status, problem = _post(api, b'[{"orderReference": "SO-x", "quantity": %s}]' % _raw(value))
    assert status == 400 and [error["field"] for error in problem["errors"]] == ["[0].quantity"]
    line = b'[{"orderReference": "SO-y", "lineItems": [{"productCode": "P", "quantity": %s}]}]' % _raw(value)
    status, problem = _post(api, line)
    assert status == 400 and [error["field"] for error in problem["errors"]] == ["[0].lineItems[0].quantity"]
    status, problem = _post(api, b'[{"orderReference": "SO-z", "quantity": "%s"}]' % _raw(value))
    assert status == 400 and problem["errors"][0]["field"] == "[0].quantity"


def test_csv_upload_bounds_quantities_alike(api: Api) -> None:
    good = csv_file([["OrderReference", "Quantity", "OrderDate"], ["SO-c1", "99999999999.9999", "2026-03-01"]])
    response = post_upload(api, [("file1", "orders.csv", good)])
    assert response.status_code == 200, response.get_data(as_text=True)
    bad = csv_file([["OrderReference", "Quantity", "OrderDate"], ["SO-c2", "100000000000", "2026-03-01"]])
    response = post_upload(api, [("file1", "orders.csv", bad)])
    assert response.status_code == 400
    assert "Quantity" in response.get_data(as_text=True)
    assert api.request("GET", query_string="search=SO-c2").get_json() == []


def test_stock_bounds_quantities_alike(api: Api) -> None:
    [created] = body(api, "POST", "inventory", 201, json=[stock("Max", quantity=99999999999.9999)])
    assert Decimal(repr(json.loads(call(api, "GET", f"inventory/{created['inventoryId']}").get_data())["quantity"])) \
        == Decimal("99999999999.9999")
    response = call(api, "POST", "inventory", json=[stock("Over", quantity=100000000000)])
    assert response.status_code == 400
    assert [error["field"] for error in response.get_json()["errors"]] == ["[0].quantity"]


def _numbers(node: object) -> list[dict]:
    if isinstance(node, dict):
        return ([node] if node.get("type") == "number" else []) + [found for value in node.values() for found in _numbers(value)]
    return [found for value in node for found in _numbers(value)] if isinstance(node, list) else []


def test_the_schema_states_the_bound() -> None:
    schemas = document()["components"]["schemas"]
    for name in ("OrderCreate", "OrderUpdate", "LineItemCreate", "LineItemUpdate", "InventoryCreate"):
        [number] = _numbers(schemas[name]["properties"]["quantity"])
        assert number["maximum"] == 99999999999.9999 and number["multipleOf"] == 0.0001, (name, number)


def test_every_file_response_is_typed_binary() -> None:
    seen = 0
    for path, operations in document()["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    if "json" not in media:
                        seen += 1
                        assert content.get("schema") == {"type": "string", "format": "binary"}, (method, path, status, media)
    assert seen >= 6
