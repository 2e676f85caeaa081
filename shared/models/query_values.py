"""The one query-string value convention of every route (orders, stock, certificates, customers, reservations).

Booleans are ``1``, ``0``, ``true`` or ``false`` (any case) and nothing else. A multi-value filter takes repeated
parameters and comma lists alike (``?unit=t&unit=kg`` = ``?unit=t,kg``); the HTTP glue joins repeated parameters
with commas before validation (``shared.http.query_string``), so a schema only has to split.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
MAX_VALUES = 100


def parse_bool(text: str) -> bool:
    """``1``/``true`` or ``0``/``false`` (any case); anything else (``yes``, ``on``, empty) is a ValueError."""
    folded = text.strip().lower()
    if folded not in _BOOLEANS:
        raise ValueError("must be 1, 0, true or false")
    return _BOOLEANS[folded]


def _strict_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return parse_bool(value)
    raise ValueError("must be 1, 0, true or false")


def split_values(value: Any) -> Any:
    if isinstance(value, str):
        items = [item.strip() for item in value.split(",")]
        return [item for item in items if item]
    return value


QueryBool = Annotated[bool, BeforeValidator(_strict_bool)]


def multi(max_length: int) -> Any:
    """A list of 1..MAX_VALUES texts, each up to ``max_length`` characters, from ``a,b`` or repeated parameters."""
    item = Annotated[str, Field(min_length=1, max_length=max_length)]
    return Annotated[list[item] | None, BeforeValidator(split_values), Field(max_length=MAX_VALUES)]


Texts20 = multi(20)
Texts100 = multi(100)
Texts3 = multi(3)
Texts36 = multi(36)
