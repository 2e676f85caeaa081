"""JSON in and out of the HTTP glue (``shared.http.jsonio``), at its edges: the byte and nesting limits exactly at
their boundaries, the wording of each refusal, and what the encoder writes or refuses.

The routes reach these only through bodies big or deep enough to cross a limit by far (tests/hardening); here each
limit is pinned at its last accepted and first refused value.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from shared.auth import Principal
from shared.errors import BadRequest, PayloadTooLarge
from shared.http import jsonio
from shared.http.jsonio import MAX_JSON_DEPTH, dump_bytes, loads


def nested_lists(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def nested_objects(levels: int) -> bytes:
    return b'{"a":' * (levels - 1) + b"{}" + b"}" * (levels - 1)


def refusal(body: bytes) -> tuple[str, list[Any]]:
    with pytest.raises(BadRequest) as raised:
        loads(body)
    return raised.value.detail, raised.value.errors


def test_a_body_of_exactly_the_byte_limit_is_read_and_one_byte_more_is_413(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonio, "MAX_JSON_BYTES", 16)
    assert loads(b'["' + b"x" * 12 + b'"]') == ["x" * 12]  # 16 bytes
    with pytest.raises(PayloadTooLarge) as raised:
        loads(b'["' + b"x" * 13 + b'"]')
    assert (raised.value.status, raised.value.detail) == (413, "JSON bodies are limited to 16 bytes.")


@pytest.mark.parametrize("nest", [nested_lists, nested_objects], ids=["lists", "objects"])
def test_nesting_of_exactly_the_depth_limit_is_read_and_one_level_more_is_a_400(nest: Any) -> None:
    value = loads(nest(MAX_JSON_DEPTH))
    for _ in range(MAX_JSON_DEPTH - 1):
        [value] = value if isinstance(value, list) else value.values()
    assert value in ([], {})
    assert refusal(nest(MAX_JSON_DEPTH + 1)) == ("The JSON is nested more than 64 levels deep.", [])


def test_depth_counts_the_deepest_branch_of_objects_and_lists_mixed() -> None:
    branch = b'{"a":' * 31 + b"[" * 32 + b"]" * 32 + b"}" * 31  # 63 levels, after two shallow siblings
    assert loads(b'[1, {"b": 2}, ' + branch + b"]")[:2] == [1, {"b": 2}]
    assert refusal(b'[1, {"b": 2}, [' + branch + b"]]") == ("The JSON is nested more than 64 levels deep.", [])


@pytest.mark.parametrize("body", [b"", b" \r\n\t "])
def test_an_empty_body_is_a_400_saying_json_was_expected(body: bytes) -> None:
    assert refusal(body) == ("The request body is empty; JSON was expected.", [])


def test_a_byte_order_mark_is_skipped() -> None:
    assert loads(b'\xef\xbb\xbf{"a": 1.50}') == {"a": Decimal("1.50")}


def test_a_lone_surrogate_in_the_whole_body_or_a_top_level_key_names_where_it_is() -> None:
    message = "is not valid text: it holds a lone UTF-16 surrogate"
    assert refusal(b'"x\\ud800"') == (f"The body {message}.", [{"field": "", "message": message}])
    assert refusal(b'{"ok": 1, "k\\udc00": 2}') == (f"k\ufffd {message}.", [{"field": "k\ufffd", "message": message}])
    assert refusal(b'{"a": {"b": ["\\ud800"]}}') == (f"a.b[0] {message}.", [{"field": "a.b[0]", "message": message}])


def test_a_duplicate_key_is_quoted_up_to_100_characters() -> None:
    key = "k" * 99 + "LM"
    detail, _ = refusal(f'{{"{key}": 1, "{key}": 2}}'.encode())
    assert detail == f"The request body is not acceptable JSON: duplicate key '{'k' * 99}L'."


def test_the_encoder_writes_decimals_as_they_are_spelled_and_any_key_as_text() -> None:
    assert dump_bytes({"q": Decimal("1.50"), 2: [Decimal("-0.000"), "Ü"], None: True}) == '{"q":1.50,"2":[-0.000,"Ü"],"null":true}'.encode()


@pytest.mark.parametrize(
    ("value", "name"),
    [(datetime.date(2026, 1, 2), "date"), (datetime.datetime(2026, 1, 2, 3, 4), "datetime"), (Decimal("NaN"), "Decimal"),
     (Decimal("Infinity"), "Decimal"), (Principal("c", "u", "n"), "Principal")],
)
def test_the_encoder_refuses_what_the_representation_should_have_formatted(value: Any, name: str) -> None:
    with pytest.raises(TypeError) as raised:
        dump_bytes({"value": value})
    assert str(raised.value.__cause__) == f"{name} is not JSON serialisable"
