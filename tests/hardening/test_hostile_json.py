"""Hostile and odd input on the JSON endpoints: always a clear 4xx, never a 500, nothing written."""

from __future__ import annotations

import pytest

from shared.http.jsonio import MAX_JSON_BYTES
from tests.support import Api, order

JSON = {"Content-Type": "application/json"}


INVALID = "The request has invalid fields."
NOT_ORDERS = "The body must be a non-empty JSON array of orders."
NOT_JSON = "The request body is not valid JSON: "
NOT_ACCEPTABLE = "The request body is not acceptable JSON: "
NOT_AN_OBJECT = "Input should be a valid dictionary or instance of OrderCreate"


def field(name: str, message: str) -> dict[str, str]:
    return {"field": name, "message": message}


# body -> (the problem's detail, its errors entries: None when the body is refused before any field is read)
HOSTILE_BODIES: list[tuple[bytes, str, list[dict[str, str]] | None]] = [
    (b"[" * 100_000 + b"]" * 100_000, "The JSON is nested more than 64 levels deep.", None),
    (b'{"orderReference": "x", "quantity": ' + b"9" * 5000 + b"}", NOT_ACCEPTABLE + "a number has too many digits.", None),
    (b'[{"orderReference": "SO-1", "orderReference": "SO-2"}]', NOT_ACCEPTABLE + "duplicate key 'orderReference'.", None),
    (b'[{"orderReference": "SO-1", "quantity": Infinity}]', NOT_JSON + "Expecting value at line 1 column 41.", None),
    (b'[{"orderReference": "SO-1", "quantity": NaN}]', NOT_JSON + "Expecting value at line 1 column 41.", None),
    (b'[{"orderReference": "SO-1", "quantity": 1e400}]', INVALID,
     [field("[0].quantity", "Decimal input should have no more than 15 digits in total")]),
    (b"\xff\xfe\x00garbage", "The request body is not UTF-8 text.", None),
    (b'[{"orderReference": "SO\\u0000NUL"}]', INVALID, [field("[0].orderReference", "must not contain control characters")]),
    (b'[{"orderReference": "SO-1", "site": "a\\u0000b"}]', INVALID, [field("[0].site", "must not contain control characters")]),
    (b'[{"orderReference": "SO-1", "orderDate": "2026-02-30"}]', INVALID,
     [field("[0].orderDate", "Input should be a valid date or datetime, day value is outside expected range")]),
    (b'[{"orderReference": "SO-1", "orderDate": 20260101}]', INVALID, [field("[0].orderDate", "must be a date as YYYY-MM-DD")]),
    (b'[{"orderReference": "SO-1", "quantity": true}]', INVALID,
     [field("[0].quantity", "Decimal input should be an integer, float, string or Decimal object")]),
    (b'[{"orderReference": ["SO-1"]}]', INVALID, [field("[0].orderReference", "Input should be a valid string")]),
    (b'[{"orderReference": "SO-1", "lineItems": {"quantity": 1}}]', INVALID, [field("[0].lineItems", "Input should be a valid list")]),
    (b'[{"orderReference": "SO-1", "lineItems": [{"quantity": 1, "lineNumber": 1.5}]}]', INVALID,
     [field("[0].lineItems[0].lineNumber", "Input should be a valid integer")]),
    (b'[{"orderReference": "' + b"R" * 101 + b'"}]', INVALID, [field("[0].orderReference", "must be at most 100 characters")]),
    (b"null", NOT_ORDERS, None),
    (b'"text"', NOT_ORDERS, None),
    (b"[1, 2, 3]", INVALID, [field("[0]", NOT_AN_OBJECT), field("[1]", NOT_AN_OBJECT), field("[2]", NOT_AN_OBJECT)]),
]


@pytest.mark.parametrize(("body", "detail", "errors"), HOSTILE_BODIES, ids=[f"body{n}" for n in range(len(HOSTILE_BODIES))])
def test_hostile_bodies_are_400_problems_and_write_nothing(api: Api, body: bytes, detail: str, errors: list[dict[str, str]] | None) -> None:
    response = api.request("POST", data=body, headers=JSON)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert (problem["detail"], problem.get("errors")) == (detail, errors)
    assert "Traceback" not in response.get_data(as_text=True) and "sys." not in problem["detail"]
    assert api.request("GET").get_json() == []


def test_a_body_over_the_byte_limit_is_413(api: Api) -> None:
    response = api.request("POST", data=b" " * (MAX_JSON_BYTES + 1), headers=JSON)
    assert response.status_code == 413


METACHARACTERS = ["'; DROP TABLE Orders; --", "Robert'); DELETE FROM Orders WHERE ('1'='1", "%_[]\\", "\"quoted\"", "😀 ünïcødé"]


@pytest.mark.parametrize("text", METACHARACTERS)
def test_sql_metacharacters_are_stored_and_returned_literally(api: Api, text: str) -> None:
    [created] = api.create([order(text[:100], site=text[:100], lineItems=[{"quantity": 1, "notes": text, "description": text}])])
    fetched = api.get(created["orderId"])
    assert fetched["orderReference"] == text[:100].strip() and fetched["site"] == text[:100].strip()
    assert fetched["lineItems"][0]["notes"] == text
    found = api.request("GET", query_string={"search": text[:20]}).get_json()
    assert [o["orderId"] for o in found] == [created["orderId"]]


TIMESTAMP = "must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.123456Z"


@pytest.mark.parametrize(
    ("query", "name", "message"),
    [
        ("limit=abc", "limit", "Input should be a valid integer, unable to parse string as an integer"),
        ("limit=-1", "limit", "Input should be greater than or equal to 1"),
        ("orderDateFrom=2026-13-01", "orderDateFrom",
         "Input should be a valid date or datetime, month value is outside expected range of 1-12"),
        ("updatedSince=%00", "updatedSince", TIMESTAMP),
        ("includeDeleted=maybe", "includeDeleted", "must be 1, 0, true or false"),
    ],
)
def test_bad_query_values_are_400(api: Api, query: str, name: str, message: str) -> None:
    response = api.request("GET", query_string=query)
    assert response.status_code == 400
    problem = response.get_json()
    assert (problem["detail"], problem["errors"]) == ("The query string has invalid parameters.", [field(name, message)])


def test_mass_assignment_cannot_move_an_order_or_forge_bookkeeping(api: Api, other_api: Api) -> None:
    [mine] = api.create([order(lines=1)])
    forged = {**mine, "createdAt": "2000-01-01T00:00:00Z", "active": False, "customerName": "Evil", "updatedAt": None}
    forged["lineItems"] = [{**mine["lineItems"][0], "companyId": other_api.tenant.company_id, "orderId": other_api.tenant.company_id}]
    [updated] = api.update([forged])
    assert updated["createdAt"] == mine["createdAt"] and updated["active"] is True and updated["customerName"] is None
    assert updated["lineItems"][0]["companyId"] == api.tenant.company_id
    assert other_api.request("GET").get_json() == []


def test_a_timestamp_that_leaves_the_calendar_in_utc_is_a_400(api: Api) -> None:
    response = api.request("GET", query_string={"updatedSince": "0001-01-01T00:00:00+01:00"})
    assert response.status_code == 400
    assert response.get_json()["errors"] == [field("updatedSince", TIMESTAMP)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'[{"orderReference": "SUR-\\ud800"}]', "[0].orderReference"),
        (b'[{"orderReference": "SO-1", "lineItems": [{"quantity": 1, "notes": "x\\udfff"}]}]', "[0].lineItems[0].notes"),
        (b'[{"orderReference": "SO-1", "x\\ud83d": 1}]', "[0].x\ufffd"),
    ],
    ids=["reference", "nested-line-note", "key"],
)
def test_a_lone_surrogate_in_json_text_is_a_400_naming_the_field(api: Api, body: bytes, field: str) -> None:
    response = api.request("POST", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.get_json()["errors"] == [
        {"field": field, "message": "is not valid text: it holds a lone UTF-16 surrogate"}
    ]
    assert api.request("GET").get_json() == []


def test_a_surrogate_pair_spelled_as_escapes_is_ordinary_text(api: Api) -> None:
    response = api.request("POST", data=b'[{"orderReference": "SO-\\ud83d\\ude00"}]', content_type="application/json")
    assert response.status_code == 201, response.get_data(as_text=True)[:300]
    assert response.get_json()[0]["orderReference"] == "SO-\U0001f600"
