"""Hostile and odd input on the JSON endpoints: always a clear 4xx, never a 500, nothing written."""

from __future__ import annotations

import pytest

from shared.http.jsonio import MAX_JSON_BYTES
from tests.support import Api, order

JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"orderReference": "x", "quantity": ' + b"9" * 5000 + b"}",
        b'[{"orderReference": "SO-1", "quantity": Infinity}]',
        b'[{"orderReference": "SO-1", "quantity": 1e400}]',
        b"\xff\xfe\x00garbage",
        b'[{"orderReference": "SO\\u0000NUL"}]',
        b'[{"orderReference": "SO-1", "site": "a\\u0000b"}]',
        b'[{"orderReference": "SO-1", "orderDate": "2026-02-30"}]',
        b'[{"orderReference": "SO-1", "orderDate": 20260101}]',
        b'[{"orderReference": "SO-1", "quantity": true}]',
        b'[{"orderReference": ["SO-1"]}]',
        b'[{"orderReference": "SO-1", "lineItems": {"quantity": 1}}]',
        b'[{"orderReference": "SO-1", "lineItems": [{"quantity": 1, "lineNumber": 1.5}]}]',
        b'[{"orderReference": "' + b"R" * 101 + b'"}]',
        b"null",
        b'"text"',
        b"[1, 2, 3]",
    ],
)
def test_hostile_bodies_are_400_problems_and_write_nothing(api: Api, body: bytes) -> None:
    response = api.request("POST", data=body, headers=JSON)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert "Traceback" not in response.get_data(as_text=True)
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


@pytest.mark.parametrize("query", ["limit=abc", "limit=-1", "orderDateFrom=2026-13-01", "updatedSince=%00", "includeDeleted=maybe"])
def test_bad_query_values_are_400(api: Api, query: str) -> None:
    assert api.request("GET", query_string=query).status_code == 400


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
