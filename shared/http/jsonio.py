"""JSON in and out: decimals stay exact, hostile JSON becomes a 400.

Out: orjson (C, straight to UTF-8 bytes, several times faster than simplejson on a list of 20,000 orders), with each
``Decimal`` written as the JSON number it spells (an ``orjson.Fragment``). In: simplejson ``use_decimal``, which
also lets us refuse duplicate keys and NaN.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import orjson
import simplejson

from shared.errors import BadRequest, PayloadTooLarge

MAX_JSON_DEPTH = 64
# A full batch (1,000 orders with 20,000 line items) is a few MB; anything far beyond is refused unread.
MAX_JSON_BYTES = 32 * 1024 * 1024
# JSON's \uD800 escapes can spell a lone UTF-16 surrogate, which no database or UTF-8 encoder can store.
_SURROGATE = re.compile("[\ud800-\udfff]")


# Dates and dataclasses go to ``_default`` instead of orjson's own format: the API's representation formats them,
# so one reaching the encoder is a bug (a TypeError, as with simplejson). Non-string keys become strings as before.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def dump_bytes(value: Any) -> bytes:
    """Compact JSON as UTF-8 bytes (what an HTTP body needs: no second copy as text)."""
    return orjson.dumps(value, default=_default, option=_OPTIONS)


def _default(value: Any) -> orjson.Fragment:
    if isinstance(value, Decimal) and value.is_finite():
        return orjson.Fragment(str(value))
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def loads(body: bytes) -> Any:
    if len(body) > MAX_JSON_BYTES:
        raise PayloadTooLarge(f"JSON bodies are limited to {MAX_JSON_BYTES} bytes.")
    if not body.strip():
        raise BadRequest("The request body is empty; JSON was expected.")
    try:
        text = body.decode("utf-8-sig")
        value = simplejson.loads(text, use_decimal=True, object_pairs_hook=_no_duplicate_keys, allow_nan=False)
    except UnicodeDecodeError:
        raise BadRequest("The request body is not UTF-8 text.") from None
    except simplejson.JSONDecodeError as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}.") from None
    except RecursionError:
        raise BadRequest(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    except DuplicateKey as exc:
        raise BadRequest(f"The request body is not acceptable JSON: {exc}.") from None
    except ValueError:  # Python's own wording (an integer of over 4,300 digits) would name interpreter settings
        raise BadRequest("The request body is not acceptable JSON: a number has too many digits.") from None
    if _depth(value) > MAX_JSON_DEPTH:
        raise BadRequest(f"The JSON is nested more than {MAX_JSON_DEPTH} levels deep.")
    bad_text = _lone_surrogate_path(value)
    if bad_text is not None:
        message = "is not valid text: it holds a lone UTF-16 surrogate"
        raise BadRequest(f"{bad_text or 'The body'} {message}.", [{"field": bad_text, "message": message}])
    return value


def _lone_surrogate_path(value: Any, path: str = "") -> str | None:
    """Where the first string (key or value) holding a lone surrogate is, as ``[0].lineItems[1].notes``."""
    if isinstance(value, str):
        return path if _SURROGATE.search(value) else None
    if isinstance(value, dict):
        for key, child in value.items():
            shown = _SURROGATE.sub("\ufffd", key)  # the error must itself be valid JSON text
            child_path = f"{path}.{shown}" if path else shown
            if _SURROGATE.search(key):
                return child_path
            found = _lone_surrogate_path(child, child_path)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found = _lone_surrogate_path(child, f"{path}[{index}]")
            if found is not None:
                return found
    return None


class DuplicateKey(ValueError):
    """An object names the same key twice (JSON allows it; which value wins differs between parsers)."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(f"duplicate key {key[:100]!r}")
        result[key] = value
    return result


def _depth(value: Any, level: int = 1) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return max((_depth(child, level + 1) for child in children), default=level)
