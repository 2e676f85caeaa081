"""The field changes an upload makes to stored rows (issue 18.2): per row, each column whose value changes, old ->
new, in the upload's summary (so a ``validateOnly`` dry run shows every change) and in the blob report.

Bounded: the first ``MAX_CHANGES`` by file and row are kept (a heap, so a large upload never holds them all) and
every change is counted. Values are shown as text (``null`` for empty): dates ``YYYY-MM-DD``, quantities as plain
decimals without trailing zeros.
"""

from __future__ import annotations

import heapq
import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from shared.bulk.columns import Kind

MAX_CHANGES = 1_000
_FILE_ORDER = {Kind.ORDERS: 0, Kind.LINE_ITEMS: 1}


class ChangeList:
    _kept: list[tuple[tuple[int, int, int], dict[str, Any]]]  # (negated sort key, change): a max-heap

    def __init__(self) -> None:
        self.limit, self.total = MAX_CHANGES, 0
        self._kept = []
        self._sequence = itertools.count()

    def add(self, kind: Kind, file: str, row: int, ids: dict[str, str], changes: dict[str, tuple[Any, Any]]) -> None:
        """``changes``: column -> (old, new) of one row; ``ids``: the row's orderId (and orderLineItemId)."""
        for column, (old, new) in changes.items():
            self.total += 1
            key = (-_FILE_ORDER[kind], -row, -next(self._sequence))
            if len(self._kept) < self.limit:
                heapq.heappush(self._kept, (key, {"file": file, "row": row, **ids, "column": column,
                                                  "old": shown(old), "new": shown(new)}))
            elif key > self._kept[0][0]:
                heapq.heapreplace(self._kept, (key, {"file": file, "row": row, **ids, "column": column,
                                                     "old": shown(old), "new": shown(new)}))

    def first(self) -> list[tuple[tuple[int, int, int], dict[str, Any]]]:
        """The kept changes with their sort keys (negated), in file and row order."""
        return sorted(self._kept, reverse=True)


def merged(lists: list[ChangeList]) -> dict[str, Any]:
    """The summary's ``changes`` (the first ``MAX_CHANGES`` of all lists, in file and row order) and ``changeCount``."""
    kept = sorted((entry for changes in lists for entry in changes.first()), key=lambda entry: entry[0], reverse=True)
    return {"changes": [change for _, change in kept[:MAX_CHANGES]], "changeCount": sum(changes.total for changes in lists)}


def shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
