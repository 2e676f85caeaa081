"""The request glue's own problems, word for word: a query parameter without a name, and percent-encoded bytes that
are not UTF-8 in a name or a value. Integrators match on these
entries (field and message), so each is asserted whole, not only its status."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stock_support import body
from tests.support import Api

NOT_UTF8 = "is not valid text: its percent-encoded bytes are not UTF-8"


@pytest.mark.parametrize(("path", "detail", "errors"), [
    ("orders?=x", "A query parameter has no name.", [{"field": "", "message": "a query parameter needs a name"}]),
    ("orders?%FF=1", "The query string has invalid parameters.", [{"field": "\ufffd", "message": NOT_UTF8}]),
    ("orders?status=%C3", "The query string has invalid parameters.", [{"field": "status", "message": NOT_UTF8}]),
])
def test_the_problem_names_the_field_and_says_what_is_wrong(api: Api, path: str, detail: str, errors: list[Any]) -> None:
    problem = body(api, "GET", path, 400)
    assert (problem["detail"], problem["errors"]) == (detail, errors)

