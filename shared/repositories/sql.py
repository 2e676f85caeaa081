"""Small helpers for building parameterised SQL safely (placeholders only, never values)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# Well under SQL Server's 2,100 parameters per statement, leaving room for the other parameters.
IN_CHUNK = 1_000


def placeholders(count: int) -> str:
    return "(" + ",".join("?" * count) + ")"


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def set_clause(columns: Sequence[str], allowed: frozenset[str]) -> str:
    """``A = ?, B = ?`` for columns from a fixed allow-list (column names never come from input)."""
    unknown = set(columns) - allowed
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    return ", ".join(f"{column} = ?" for column in columns)
