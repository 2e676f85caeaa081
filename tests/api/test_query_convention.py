"""One query-value convention on every route (issue 16.3): booleans are exactly 1/0/true/false, multi-value
filters take repeated parameters and comma lists alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from werkzeug.test import TestResponse

from shared.openapi import document
from tests.bulk_support import post_upload
from tests.reservation_support import Stock, order_with_lines, reserve
from tests.stock_support import body, call, stock
from tests.support import Api, order

STATUS_MESSAGE = "value {}: Input should be 'Draft', 'Open', 'InProgress', 'Dispatched', 'Completed' or 'Cancelled'"
ORDERS_CSV = b"OrderReference,OrderDate,Site\nSO-Q1,2026-03-01,Leeds\n"


def _upload(api: Api, value: str, name: str) -> TestResponse:
    return post_upload(api, [("file1", "file1.csv", ORDERS_CSV)], f"{name}={value}")


def _create(api: Api, value: str, name: str) -> TestResponse:
    return api.request("POST", query_string={name: value}, json=[order()])


def _update(api: Api, value: str, name: str) -> TestResponse:
    [created] = api.create([order()])
    return api.request("PUT", query_string={name: value}, json=[{"orderId": created["orderId"], "site": "York"}])


def _list_orders(api: Api, value: str, name: str) -> TestResponse:
    return api.request("GET", query_string={name: value})


def _list_inventory(api: Api, value: str, name: str) -> TestResponse:
    return call(api, "GET", "inventory", query_string={name: value})


def _reserve(api: Api, value: str, name: str, stock_rows: Stock) -> TestResponse:
    [line] = order_with_lines(api, ("2", "t", "S355J2+N"))["lineItems"]
    inventory_id = stock_rows.add("5", "t", "S355J2+N")
    return reserve(api, line, inventory_id, "2", **{"split": "1", name: value})


# (method, path) of the OpenAPI document -> boolean parameters -> how to call the route with one value, and its
# success status.
Call = Callable[..., TestResponse]
BOOLEANS: dict[tuple[str, str], tuple[list[str], Call, int]] = {
    ("get", "/companies/{companyId}/orders"): (["includeDeleted"], _list_orders, 200),
    ("post", "/companies/{companyId}/orders"): (["createCustomers"], _create, 201),
    ("put", "/companies/{companyId}/orders"): (["createCustomers"], _update, 200),
    ("post", "/companies/{companyId}/orders/upload"): (["validateOnly", "createCustomers", "acceptReformatted"], _upload, 200),
    ("get", "/companies/{companyId}/inventory"): (["available", "reserved", "hasCertificate", "includeDeleted"], _list_inventory, 200),
    ("post", "/companies/{companyId}/orders/{orderId}/line-items/{lineItemId}/reservations"):
        (["split", "allowSubstitute", "allowOver"], _reserve, 201),
}


def test_every_boolean_query_parameter_of_the_document_is_covered_here() -> None:
    found = {
        (method, path, parameter["name"])
        for path, operations in document()["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query" and parameter["schema"].get("type") == "boolean"
    }
    assert found == {(method, path, name) for (method, path), (names, _, _) in BOOLEANS.items() for name in names}


CASES = [(key, name) for key, (names, _, _) in BOOLEANS.items() for name in names]


@pytest.mark.parametrize(("key", "name"), CASES, ids=[f"{key[0]} {key[1].rsplit('/', 1)[-1]} {name}" for key, name in CASES])
def test_booleans_are_exactly_1_0_true_false(ctx, api: Api, tmp_path, key: tuple[str, str], name: str) -> None:
    _, send, success = BOOLEANS[key]
    extra: dict[str, Any] = {"stock_rows": Stock(ctx, api.tenant.company_id, tmp_path / "stock")} if send is _reserve else {}
    for bad in ("yes", "on", "no", "", "2"):
        response = send(api, bad, name, **extra)
        assert response.status_code == 400, (bad, response.get_data(as_text=True))
        assert response.get_json()["errors"] == [{"field": name, "message": "must be 1, 0, true or false"}], bad
    for good in ("1", "0", "true", "false", "TRUE"):
        response = send(api, good, name, **extra)
        if name == "split" and good in ("0", "false"):  # read as false: 2 of a 5 t row may not be taken whole
            assert response.status_code == 400, (good, response.get_data(as_text=True))
            assert response.get_json()["errors"] == [
                {"field": "reserveQuantity", "message": "must equal the row's quantity 5 unless split=1"}]
        else:
            assert response.status_code == success, (good, response.get_data(as_text=True))


def test_status_and_site_take_repeated_parameters_and_comma_lists_alike(api: Api) -> None:
    api.create([order("D", status="Draft", site="Leeds"), order("O", status="Open", site="York"),
                order("P", status="InProgress", site="Hull")])

    def refs(query: str) -> list[str]:
        response = api.request("GET", query_string=query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return sorted(item["orderReference"] for item in response.get_json())

    assert refs("status=Open&status=Draft") == refs("status=Open,Draft") == ["D", "O"]
    assert refs("status=open") == ["O"]
    assert refs("site=leeds&site=HULL") == refs("site=Leeds,Hull") == ["D", "P"]
    assert refs("status=Open,Draft&site=York") == ["O"]
    response = api.request("GET", query_string="status=Open&status=Shipped")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "status", "message": STATUS_MESSAGE.format(2)}]
    response = api.request("GET", query_string="status=Shipped,Open")
    assert response.status_code == 400
    assert response.get_json()["errors"] == [{"field": "status", "message": STATUS_MESSAGE.format(1)}]


def test_stock_filters_take_repeated_parameters_and_comma_lists_alike(api: Api) -> None:
    body(api, "POST", "inventory", 201, json=[stock("A", unit="t"), stock("B", unit="kg"), stock("C", unit="m")])

    def names(query: str) -> list[str]:
        return sorted(item["name"] for item in body(api, "GET", f"inventory?{query}"))

    assert names("unit=t&unit=kg") == names("unit=t,kg") == ["A", "B"]


def test_the_document_describes_multi_value_filters_as_arrays() -> None:
    parameters = {item["name"]: item for item in document()["paths"]["/companies/{companyId}/orders"]["get"]["parameters"]}
    for name in ("status", "site"):
        assert parameters[name]["schema"]["type"] == "array"
        assert parameters[name]["schema"]["maxItems"] == 100
    assert parameters["includeDeleted"]["schema"] == {"type": "boolean"}
