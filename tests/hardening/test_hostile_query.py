"""Text in the query string is valid or it is a 400 (issue 12.6): percent-encoded bytes that are not UTF-8 (an
encoded lone surrogate ``%ED%A0%80``, a stray ``%FF``, a cut sequence) name the parameter instead of reaching a
filter as U+FFFD."""

from __future__ import annotations

import pytest

from tests.support import Api, order

MESSAGE = "is not valid text: its percent-encoded bytes are not UTF-8"


def problem(api: Api, path: str, query: str) -> list[dict[str, str]]:
    response = api.client.get(f"/api/companies/{api.tenant.company_id}/{path}", query_string=query, headers=api.tenant.headers)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert (body["title"], body["detail"]) == ("Bad Request", "The query string has invalid parameters.")
    return list(body["errors"])


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("orders", "search=%ED%A0%80", "search"),  # U+D800 encoded as if it were a character
        ("orders", "site=York&search=SO-%FF", "search"),
        ("orders", "search=SO-%C3", "search"),  # a two-byte sequence cut short
        ("orders", "includeDeleted=%ED%BF%BF", "includeDeleted"),
        ("orders", "status=Open&status=%ED%A0%80", "status"),  # a repeated parameter
        ("inventory", "search=%ED%A0%80", "search"),
        ("certificates", "search=%ED%A0%80", "search"),
        ("organisations", "search=%ED%A0%80", "search"),
        ("orders", "%ED%A0%80=1", "\ufffd\ufffd\ufffd"),  # the name itself
    ],
)
def test_a_query_value_that_is_not_utf8_is_a_400_naming_the_parameter(api: Api, path: str, query: str, field: str) -> None:
    assert problem(api, path, query) == [{"field": field, "message": MESSAGE}]


def test_every_bad_parameter_is_named_once(api: Api) -> None:
    errors = problem(api, "orders", "site=%FF&search=%ED%A0%80&search=%FF")
    assert errors == [{"field": "search", "message": MESSAGE}, {"field": "site", "message": MESSAGE}]


def test_percent_encoded_utf8_and_a_surrogate_pair_character_are_ordinary_text(api: Api) -> None:
    [umlaut, emoji] = api.create([order("ÄBC-1"), order("SO-\U0001f600")])
    found = api.request("GET", query_string="search=%C3%84BC").get_json()
    assert [item["orderId"] for item in found] == [umlaut["orderId"]]
    found = api.request("GET", query_string="search=%F0%9F%98%80").get_json()
    assert [item["orderId"] for item in found] == [emoji["orderId"]]
