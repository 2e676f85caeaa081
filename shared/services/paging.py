"""Opaque keyset cursors: the sort key of the last row of a page, as URL-safe base64 JSON."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from shared.errors import BadRequest


def encode_cursor(key: Sequence[Any]) -> str:
    raw = json.dumps([str(value) for value in key]).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(text: str, size: int) -> list[str]:
    """The ``size`` values of a cursor made by ``encode_cursor``; anything else is a 400 naming ``cursor``."""
    try:
        values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if not isinstance(values, list) or len(values) != size or not all(isinstance(value, str) for value in values):
            raise ValueError("wrong shape")
        return values
    except (ValueError, TypeError, binascii.Error):
        problem = [{"field": "cursor", "message": "invalid"}]
        raise BadRequest("cursor is not valid; use the Link header of the previous page.", problem) from None


def page_of(rows: list[Any], limit: int | None) -> tuple[list[Any], bool]:
    """The page (rows were fetched with one more than ``limit``) and whether another page follows."""
    if limit is None or len(rows) <= limit:
        return rows, False
    return rows[:limit], True
