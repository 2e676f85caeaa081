"""What an import will write: the plans planning hands to writing (``shared.bulk.writing``).

Ids are the orders' and lines' ids; values and changes are keyed by database column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from shared.bulk.planning.changes import ChangeList


@dataclass
class OrderPlan:
    creates: dict[str, dict[str, Any]] = field(default_factory=dict)  # new id -> column values
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> changed columns
    stored_references: dict[str, str] = field(default_factory=dict)  # id -> reference now (updated orders)
    read_at: dict[str, Any] = field(default_factory=dict)  # id -> UpdatedAt as read (updated orders: the write's guard)
    by_reference: dict[str, str] = field(default_factory=dict)  # reference key (shared.order_references) -> id
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    changes: ChangeList = field(default_factory=ChangeList)  # old -> new of each updated field (the summary's list)
    # Orders of rows with errors (already reported): line items naming them are not planned either.
    skipped_ids: set[str] = field(default_factory=set)
    skipped_references: set[str] = field(default_factory=set)

    @property
    def targets(self) -> set[str]:
        return set(self.by_reference.values())


@dataclass
class NewLines:
    """Line items to create, a column at a time (a large upload's are most of its rows): each is a row of the line
    items file, whose cells are its values, with its new id, its order and its number."""

    columns: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # line field's column -> the file's cells (all rows)
    ids: list[str] = field(default_factory=list)
    orders: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the row of the file
    numbers: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, line_id: str, order_id: str, row: int, number: int) -> None:
        self.ids.append(line_id)
        self.orders.append(order_id)
        self.rows.append(row)
        self.numbers.append(number)


@dataclass
class LinePlan:
    creates: NewLines = field(default_factory=NewLines)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> changed columns
    parked: list[str] = field(default_factory=list)  # updated lines whose new number another line holds now
    read_at: dict[str, Any] = field(default_factory=dict)  # updated line -> UpdatedAt as read (the write's guard)
    changed_orders: set[str] = field(default_factory=set)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    changes: ChangeList = field(default_factory=ChangeList)
