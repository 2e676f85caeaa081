"""The request glue's own problems, word for word: a query parameter without a name, and percent-encoded bytes that
are not UTF-8 in a name or a value. Integrators match on these
entries (field and message), so each is asserted whole, not only its status."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stock_support import body
from tests.support import Api, order

NOT_UTF8 = "is not valid text: its percent-encoded bytes are not UTF-8"


@pytest.mark.parametrize(("path", "detail", "errors"), [
    ("orders?=x", "A query parameter has no name.", [{"field": "", "message": "a query parameter needs a name"}]),
    ("orders?%FF=1", "The query string has invalid parameters.", [{"field": "\ufffd", "message": NOT_UTF8}]),
    ("orders?status=%C3", "The query string has invalid parameters.", [{"field": "status", "message": NOT_UTF8}]),
])
def test_the_problem_names_the_field_and_says_what_is_wrong(api: Api, path: str, detail: str, errors: list[Any]) -> None:
    problem = body(api, "GET", path, 400)
    assert (problem["detail"], problem["errors"]) == (detail, errors)



@pytest.mark.parametrize("query", ["=", "status=Open&=", "&=&"])
def test_a_blank_nameless_parameter_is_refused_too(api: Api, query: str) -> None:
    problem = body(api, "GET", f"orders?{query}", 400)
    assert (problem["detail"], problem["errors"]) == ("A query parameter has no name.",
                                                      [{"field": "", "message": "a query parameter needs a name"}])


def test_a_bad_boolean_flag_says_which_values_it_takes(api: Api) -> None:
    problem = body(api, "POST", "orders?createCustomers=yes", 400, json=[order("SO-1")])
    assert (problem["detail"], problem["errors"]) == ("createCustomers must be 1, 0, true or false.",
                                                      [{"field": "createCustomers", "message": "must be 1, 0, true or false"}])


@pytest.mark.parametrize("content_type", [None, "application/json", "application/json; charset=utf-8", "Application/JSON;charset=UTF-8",
                                          "application/vnd.orders+json", "APPLICATION/MERGE-PATCH+JSON ; charset=utf-8"])
def test_json_and_any_json_based_media_type_are_read(api: Api, content_type: str | None) -> None:
    headers = {} if content_type is None else {"Content-Type": content_type}
    [created] = body(api, "POST", "orders", 201, data=b'[{"orderReference": "SO-1"}]', headers=headers)
    assert created["orderReference"] == "SO-1"


@pytest.mark.parametrize(("content_type", "named"), [
    ("text/plain", "text/plain"), ("application/json-seq", "application/json-seq"),
    ("Application/X-WWW-Form-Urlencoded; charset=utf-8", "application/x-www-form-urlencoded"),
])
def test_any_other_media_type_is_a_415_naming_it(api: Api, content_type: str, named: str) -> None:
    problem = body(api, "POST", "orders", 415, data=b'[{"orderReference": "SO-1"}]', headers={"Content-Type": content_type})
    assert problem["detail"] == f"Send JSON (Content-Type: application/json), not {named}."
    assert body(api, "GET", "orders") == []


def test_a_lone_surrogate_as_the_whole_body_is_a_400_about_the_body(api: Api) -> None:
    message = "is not valid text: it holds a lone UTF-16 surrogate"
    problem = body(api, "POST", "orders", 400, data=b'"\\ud800"', headers={"Content-Type": "application/json"})
    assert (problem["detail"], problem["errors"]) == (f"The body {message}.", [{"field": "", "message": message}])
