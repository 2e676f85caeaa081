"""The line items rows of one order, planned against the order's active lines; and the steps every new line takes
(its chosen id claimed, its quantity required, its number filled in and checked, its text checked for damage), which
``new_order_lines`` shares. New lines are planned as rows of the file, never copied into a dict of values each."""

from __future__ import annotations

import uuid
from typing import Any

from shared.bulk.columns import Kind
from shared.bulk.planning import damage
from shared.bulk.planning.plans import LinePlan
from shared.bulk.reading.tables import ImportTable
from shared.bulk.reading.upload_problems import Problems
from shared.db.database import Row
from shared.db.values import guid
from shared.errors import ErrorItem
from shared.services.order_fields import LINE_FIELDS, line_changes, new_line_lacks_quantity, stored_line_value
from shared.services.order_rules import assign_line_numbers

_NAMES = {column: name for name, column in LINE_FIELDS.items()}
NewLine = tuple[int, str]  # (row, the new line's id)


class LineCells:
    """The cells of a line items table as its rows are planned, gathered once per table (not per order or row)."""

    def __init__(self, table: ImportTable) -> None:
        self.table = table
        self.columns = {column: _column(table, name) for name, column in LINE_FIELDS.items()}  # None for absent columns
        self.ids, self.numbers = _column(table, "order_line_item_id"), self.columns["LineNumber"]

    def create(self, index: int, line_id: str, problems: Problems) -> NewLine:
        """The row as a new line with this id; a missing quantity is reported."""
        if new_line_lacks_quantity(self.columns["Quantity"][index]):
            self.table.report(problems, index, "quantity", "is required for a new line item")
        return index, line_id

    def values(self, index: int) -> dict[str, Any]:
        """column -> the row's value of each line field (None for a column the file does not have)."""
        return {column: values[index] for column, values in self.columns.items()}


def claim(table: ImportTable, problems: Problems, index: int, line_id: str, supplied: dict[str, int]) -> bool:
    """A new line's id chosen by the file is the row's (``supplied``: id -> row), unless an earlier row chose it (reported)."""
    if line_id in supplied:
        table.report(problems, index, "order_line_item_id", f"the same line item is also on row {table.row_numbers[supplied[line_id]]}")
        return False
    supplied[line_id] = index
    return True


def _column(table: ImportTable, name: str) -> list[Any]:
    values = table.values.get(name)
    return [None] * table.rows if values is None else values


class OrderLines:
    matched: dict[str, int]  # stored line -> the row updating it
    updates: list[tuple[int, str, dict[str, Any]]]
    creates: list[NewLine]
    numbers: list[int]  # the new lines' numbers, once numbered

    def __init__(self, table: ImportTable, problems: Problems, order_id: str, current: list[Row], cells: LineCells) -> None:
        self.table, self.problems, self.order_id, self.cells = table, problems, order_id, cells
        self.by_id = {guid(row["OrderLineItemId"]): row for row in current}
        self.by_number = {int(row["LineNumber"]): line_id for line_id, row in self.by_id.items()}
        self.matched = {}
        self.updates = []
        self.creates = []

    def plan(self, rows: list[int], plan: LinePlan, supplied: dict[str, int]) -> None:
        unnamed = [index for index in rows if not self._plan_row(index, supplied)]
        self._match_by_content(unnamed)
        self._number(plan)
        for index, line_id, changes in self.updates:
            if index in self.table.bad_rows:
                continue
            if changes:
                stored = self.by_id[line_id]
                plan.changes.add(Kind.LINE_ITEMS, self.table.file, self.table.row_numbers[index],
                                 {"orderId": self.order_id, "orderLineItemId": line_id},
                                 {column: (stored_line_value(_NAMES[column], stored[column]), new) for column, new in changes.items()})
                plan.updates[line_id] = changes
                plan.read_at[line_id] = self.by_id[line_id]["UpdatedAt"]
                plan.changed_orders.add(self.order_id)
            else:
                plan.unchanged += 1
        add_creates(self.cells, self.problems, self.order_id, self.creates, self.numbers, plan)

    def _report(self, index: int, name: str | None, message: str) -> None:
        self.table.report(self.problems, index, name, message)

    def _plan_row(self, index: int, supplied: dict[str, int]) -> bool:
        """Plan a row that names its line (by id or number); False for a row that names neither."""
        line_id, number = self.cells.ids[index], self.cells.numbers[index]
        if line_id is None and number is None:
            return False
        target = line_id if line_id in self.by_id else None
        if line_id is None:
            target = self.by_number.get(number)
        if target is not None:
            self._plan_update(index, target)
        elif line_id is None or claim(self.table, self.problems, index, line_id, supplied):
            self._plan_create(index, line_id or str(uuid.uuid4()))
        return True

    def _match_by_content(self, rows: list[int]) -> None:
        """A row naming no line is the first active line not matched otherwise with the same values in the file's
        columns, so re-uploading such a file changes nothing; rows without such a line create lines."""
        names = [name for name in LINE_FIELDS if name != "line_number" and self.table.has(name)]
        free: dict[tuple[Any, ...], list[str]] = {}
        for line_id, row in sorted(self.by_id.items(), key=lambda item: int(item[1]["LineNumber"])):
            if rows and line_id not in self.matched:
                free.setdefault(tuple(stored_line_value(name, row[LINE_FIELDS[name]]) for name in names), []).append(line_id)
        for index in rows:
            same = free.get(tuple(self.table.get(name, index) for name in names))
            if same:
                self._plan_update(index, same.pop(0))
            else:
                self._plan_create(index, str(uuid.uuid4()))

    def _plan_update(self, index: int, line_id: str) -> None:
        if line_id in self.matched:
            self._report(index, "order_line_item_id", f"the same line item is also on row {self.table.row_numbers[self.matched[line_id]]}")
            return
        self.matched[line_id] = index
        # An empty LineNumber keeps the line's number (on a new line it means "the next free one").
        values = {name: self.table.get(name, index) for name in LINE_FIELDS if self.table.has(name)}
        if values.get("line_number", 0) is None:
            del values["line_number"]
        changes = line_changes(values, self.by_id[line_id], lambda name: self._report(index, name, "may not be empty"))
        changes = damage.without_damage(self.table, self.problems, index, changes, self.by_id[line_id])
        self.updates.append((index, line_id, changes))

    def _plan_create(self, index: int, line_id: str) -> None:
        self.creates.append(self.cells.create(index, line_id, self.problems))

    def _number(self, plan: LinePlan) -> None:
        """Fill in new lines' numbers, report numbers used twice, park lines moving onto a number held now."""
        untouched = [number for number, line_id in self.by_number.items() if line_id not in self.matched]
        updated = [(index, changes.get("LineNumber", int(self.by_id[line_id]["LineNumber"]))) for index, line_id, changes in self.updates]
        self.numbers = number_new_lines(self.cells, self.problems, self.creates, updated, untouched)
        for _, line_id, changes in self.updates:
            holder = self.by_number.get(changes.get("LineNumber", -1))
            if holder is not None and holder != line_id:
                plan.parked.append(line_id)


def number_new_lines(cells: LineCells, problems: Problems, creates: list[NewLine], updated: list[tuple[int, int]],
                     untouched: list[int]) -> list[int]:
    """The numbers of new lines: the one a row asks for or, without one, the next free one after the ``updated`` lines'
    (row, number) and the ``untouched`` numbers; a number used twice is reported on its row."""
    entries = updated + [(index, cells.numbers[index]) for index, _ in creates]
    scratch: list[ErrorItem] = []
    numbers = assign_line_numbers([number for _, number in entries], untouched, "", scratch)
    for error in scratch:  # fields read "[k].lineNumber": k is the entry
        cells.table.report(problems, entries[int(error["field"][1 : error["field"].index("]")])][0], "line_number", error["message"])
    return numbers[len(updated) :]


def add_creates(cells: LineCells, problems: Problems, order_id: str, creates: list[NewLine], numbers: list[int], plan: LinePlan) -> None:
    """Put an order's numbered new lines into the plan, but for rows with errors and text damage (reported)."""
    table, new = cells.table, plan.creates
    suspects = damage.suspects(table)  # the damage checks pass every other row
    for (index, line_id), number in zip(creates, numbers, strict=True):
        if index in table.bad_rows:
            continue
        if index in suspects:
            values = cells.values(index)
            if damage.refuse_double_encoded(table, problems, index, values):
                continue
            damage.warn_shapes(table, index, values, plan.warnings)
        new.add(line_id, order_id, index, number)
        plan.changed_orders.add(order_id)
