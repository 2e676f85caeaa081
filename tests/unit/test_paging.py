"""Keyset cursors, exactly: the text a Link header carries (URL-safe base64 of a JSON list, padding left off), the
round trip, and every malformed cursor refused as the same 400 naming ``cursor``; and where a page ends."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest

from shared.errors import BadRequest
from shared.repositories.order_list import Cursor
from shared.services import order_queries, paging

INVALID = ("cursor is not valid; use the Link header of the previous page.", [{"field": "cursor", "message": "invalid"}])


def unpadded(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def test_a_cursor_is_unpadded_url_safe_base64_of_its_values_as_text() -> None:
    assert paging.encode_cursor(["Plate", 20]) == "WyJQbGF0ZSIsICIyMCJd"  # '["Plate", "20"]'; its "=" left off
    assert paging.encode_cursor(["Plate \u00fc>?", "0f0e"]) == "WyJQbGF0ZSBcdTAwZmM-PyIsICIwZjBlIl0"  # '-', not '+'
    assert paging.decode_cursor("WyJQbGF0ZSIsICIyMCJd", 2) == ["Plate", "20"]
    for key in (["Bar", "x"], ["a", "b"], ["ab", "c"]):  # no padding, two "=" and one "=" left off
        assert paging.decode_cursor(paging.encode_cursor(key), 2) == key


@pytest.mark.parametrize("text", [
    "!!!",  # not base64
    unpadded({"a": "b"}),  # not a list
    unpadded("ab"),  # a string of the right length
    unpadded(["a"]),  # too few values
    unpadded(["a", "b", "c"]),  # too many
    unpadded([1, "a"]),  # not text
    unpadded([None, "a"]),  # no cursor is made with an empty value
])
def test_a_malformed_cursor_is_a_400_naming_the_cursor(text: str) -> None:
    with pytest.raises(BadRequest) as caught:
        paging.decode_cursor(text, 2)
    assert (caught.value.detail, caught.value.errors) == INVALID


def test_a_page_ends_at_the_limit_and_says_whether_more_follow() -> None:
    assert paging.page_of([1, 2, 3], 2) == ([1, 2], True)
    assert paging.page_of([1, 2], 2) == ([1, 2], False)
    assert paging.page_of([1, 2, 3], None) == ([1, 2, 3], False)


def test_the_order_cursor_is_the_date_reference_and_lower_case_id() -> None:
    row = {"OrderDate": "2026-03-01", "OrderReference": "SO-1", "OrderId": "0F0E0000-0000-4000-8000-00000000000A"}
    text = order_queries.encode_cursor(row)
    assert text == unpadded(["2026-03-01", "SO-1", "0f0e0000-0000-4000-8000-00000000000a"]) and not text.endswith("=")
    assert text.startswith("WyIyMDI2LTAzLTAxIiwgIlNPLTEiLCAi")
    assert order_queries.decode_cursor(text) == Cursor(date(2026, 3, 1), "SO-1", "0f0e0000-0000-4000-8000-00000000000a")
    padded = order_queries.encode_cursor({**row, "OrderReference": "SO-777777"})  # two "=" left off
    assert order_queries.decode_cursor(padded).order_reference == "SO-777777"
