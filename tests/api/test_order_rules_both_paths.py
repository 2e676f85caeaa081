"""One rule table, two paths: every order rule the JSON routes and the CSV upload share (``services/order_fields``)
gives the same outcome through POST/PUT …/orders and through POST …/orders/upload.

A case starts from orders created through the API, then sends the same change through one path: a create when a
row names no starting order, an update of that order otherwise. The outcome is "accepted" with the stored values,
or the set of fields refused (the JSON error's field, the upload error's column, both in camelCase).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.bulk_support import csv_file, upload
from tests.support import Api, order

START = [order("R-1", lines=2, orderDate="2026-03-10", deliveryDate="2026-03-20"), order("R-2", orderDate="2026-03-10")]


@dataclass(frozen=True)
class Case:
    name: str
    rows: list[dict[str, Any]]  # "of": the index of the starting order a row updates (absent: a new order)
    lines: list[dict[str, Any]] = field(default_factory=list)  # "line": the index of the starting line of R-1 it names
    refused: set[str] = field(default_factory=set)
    stored: dict[str, Any] = field(default_factory=dict)  # R-1's (or the new order's) fields after an accepted change


CASES = [
    Case("a new order delivered before it is ordered", [{"orderReference": "N-1", "orderDate": "2026-03-10", "deliveryDate": "2026-03-09"}],
         refused={"deliveryDate"}),
    Case("a new order without an order date is dated today", [{"orderReference": "N-1", "deliveryDate": "2000-01-01"}],
         refused={"deliveryDate"}),
    Case("a new order delivered the day it is ordered",
         [{"orderReference": "N-1", "orderDate": "2026-03-10", "deliveryDate": "2026-03-10"}],
         stored={"deliveryDate": "2026-03-10", "status": "Open"}),
    Case("a delivery date moved before the stored order date", [{"of": 0, "deliveryDate": "2026-03-01"}], refused={"deliveryDate"}),
    Case("an order date moved after the stored delivery date", [{"of": 0, "orderDate": "2026-03-25"}], refused={"deliveryDate"}),
    Case("both dates moved together", [{"of": 0, "orderDate": "2026-04-01", "deliveryDate": "2026-04-02"}],
         stored={"orderDate": "2026-04-01", "deliveryDate": "2026-04-02"}),
    Case("the reference cleared", [{"of": 0, "orderReference": None}], refused={"orderReference"}),
    Case("the status cleared", [{"of": 0, "status": None}], refused={"status"}),
    Case("the order date cleared", [{"of": 0, "orderDate": None}], refused={"orderDate"}),
    Case("an optional field cleared", [{"of": 0, "site": None}], stored={"site": None}),
    Case("nothing different from what is stored", [{"of": 0, "site": "Sheffield", "orderDate": "2026-03-10"}],
         stored={"unchanged": True}),
    Case("two orders swap references", [{"of": 0, "orderReference": "R-2"}, {"of": 1, "orderReference": "R-1"}],
         stored={"orderReference": "R-2"}),
    Case("a reference another active order holds", [{"of": 0, "orderReference": "r-2"}], refused={"orderReference"}),
    Case("a new line item without a quantity", [], lines=[{"line": 0}, {"line": 1}, {"productCode": "NEW"}], refused={"quantity"}),
    Case("a line item's quantity cleared", [], lines=[{"line": 0, "quantity": None}, {"line": 1}], refused={"quantity"}),
    Case("two line items swap numbers", [], lines=[{"line": 0, "lineNumber": 2}, {"line": 1, "lineNumber": 1}],
         stored={"lineNumbers": ["PL-2", "PL-1"]}),
]


def _start(api: Api) -> tuple[list[str], list[str]]:
    created = api.create(START)
    return [item["orderId"] for item in created], [line["orderLineItemId"] for line in created[0]["lineItems"]]


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in ("of", "line")}


def _send_json(api: Api, case: Case, ids: list[str], line_ids: list[str]) -> tuple[int, Any]:
    if case.lines:
        items = [({"orderLineItemId": line_ids[row["line"]]} if "line" in row else {}) | _fields(row) for row in case.lines]
        body: list[dict[str, Any]] = [{"orderId": ids[0], "lineItems": items}]
    else:
        body = [({"orderId": ids[row["of"]]} if "of" in row else {}) | _fields(row) for row in case.rows]
    response = api.request("PUT" if case.lines or "of" in case.rows[0] else "POST", json=body)
    return response.status_code, response.get_json()


def _csv(rows: list[dict[str, Any]]) -> bytes:
    header = list(dict.fromkeys(key for row in rows for key in row))
    titles = [key[0].upper() + key[1:] for key in header]
    return csv_file([titles, *[["" if row.get(key) is None else row[key] for key in header] for row in rows]])


def _send_csv(api: Api, case: Case, ids: list[str], line_ids: list[str]) -> tuple[int, Any]:
    if case.lines:
        content = _csv([
            {"orderId": ids[0]} | ({"orderLineItemId": line_ids[row["line"]]} if "line" in row else {}) | _fields(row) for row in case.lines
        ])
    else:
        content = _csv([({"orderId": ids[row["of"]]} if "of" in row else {}) | _fields(row) for row in case.rows])
    body = upload(api, content, expect=200 if not case.refused else 400)
    return (200 if not case.refused else 400), body


def _refused(status: int, body: Any) -> set[str]:
    if status < 400:
        return set()
    names = [error.get("column") or error["field"].rsplit(".", 1)[-1] for error in body["errors"]]
    return {name[0].lower() + name[1:] for name in names}


def _stored(api: Api, case: Case, ids: list[str], before: dict[str, Any]) -> dict[str, Any]:
    if not case.rows or "of" in case.rows[0]:
        current = api.get(ids[0])
    else:
        listed = api.request("GET", query_string={"search": "N-1"}).get_json()
        current = api.get(listed[0]["orderId"])
    result = {key: current.get(key) for key in case.stored if key not in ("unchanged", "lineNumbers")}
    if "unchanged" in case.stored:
        result["unchanged"] = current["updatedAt"] == before["updatedAt"]
    if "lineNumbers" in case.stored:
        result["lineNumbers"] = [line["productCode"] for line in sorted(current["lineItems"], key=lambda line: line["lineNumber"])]
    return result


@pytest.mark.parametrize("path", ["json", "csv"])
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_order_rule_gives_the_same_outcome_through_json_and_csv(api: Api, case: Case, path: str) -> None:
    ids, line_ids = _start(api)
    before = api.get(ids[0])
    status, body = (_send_json if path == "json" else _send_csv)(api, case, ids, line_ids)
    assert _refused(status, body) == case.refused, body
    if not case.refused:
        assert _stored(api, case, ids, before) == case.stored
    else:
        assert api.get(ids[0]) == before  # a refused change writes nothing
