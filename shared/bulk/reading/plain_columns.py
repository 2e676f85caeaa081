"""Whole columns of well-formed cells -> values in a few C-level calls (the import's common case).

A column's cells are joined with a separator and checked by one regular expression over the joined text, instead
of one call per cell; the values are then made by C-level ``map``/``split``. Each function gives ``None`` unless every
cell is in its plain form (no blank either), and then ``shared.bulk.reading.cells_to_values`` goes the general way:
so these only decide faster what the general way decides (``tests/unit/test_bulk_fast_paths.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

_SEPARATOR = "\x1f"
_GUIDS = re.compile(r"(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\x1f)*+")
# At most 11 integer and 4 decimal digits, no sign, no leading zero: what fields.Quantity accepts as it is written.
_QUANTITIES = re.compile(r"(?:(?:0|[1-9][0-9]{0,10})(?:\.[0-9]{1,4})?\x1f)*+")


def _joined(cells: Sequence[str], pattern: re.Pattern[str]) -> str | None:
    """The cells joined (each followed by the separator) when every one matches ``pattern``'s repeated part."""
    joined = _SEPARATOR.join(cells) + _SEPARATOR
    if pattern.fullmatch(joined) is None or joined.count(_SEPARATOR) != len(cells):  # a cell holding the separator
        return None
    return joined


def guids(cells: Sequence[str]) -> list[Any] | None:
    """Plain GUIDs, lower-cased."""
    joined = _joined(cells, _GUIDS)
    return None if joined is None else joined.lower().split(_SEPARATOR)[:-1]


def quantities(cells: Sequence[str]) -> list[Any] | None:
    """Plain decimal numbers of at most 15 digits, 4 of them after the point."""
    return None if _joined(cells, _QUANTITIES) is None else list(map(Decimal, cells))


def positive_quantities(cells: Sequence[str]) -> list[Any] | None:
    """Plain decimal numbers as ``quantities``, none of them zero."""
    values = quantities(cells)
    return values if values is not None and all(values) else None
