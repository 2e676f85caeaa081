"""The line items rows of one order, planned against the order's active lines."""

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


class LineCells:
    """The cells of a line items table as its rows are planned, gathered once per table (not per order or row)."""

    def __init__(self, table: ImportTable) -> None:
        self.ids, self.numbers = _column(table, "order_line_item_id"), _column(table, "line_number")
        self.columns = list(LINE_FIELDS.values())
        self.rows = list(zip(*(_column(table, name) for name in LINE_FIELDS), strict=True))  # each row's line fields, in order

    def new_line(self, index: int) -> dict[str, Any]:
        """column -> value of each line field of the row (None for a column the file does not have)."""
        return dict(zip(self.columns, self.rows[index], strict=False))  # equal lengths by construction (strict costs)


def _column(table: ImportTable, name: str) -> list[Any]:
    values = table.values.get(name)
    return [None] * table.rows if values is None else values


class OrderLines:
    matched: dict[str, int]  # stored line -> the row updating it
    updates: list[tuple[int, str, dict[str, Any]]]
    creates: list[tuple[int, str, dict[str, Any]]]

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
        self._plan_creates(plan)

    def _plan_creates(self, plan: LinePlan) -> None:
        suspects = damage.suspects(self.table)  # the damage checks pass every other row
        for index, line_id, values in self.creates:
            if index in self.table.bad_rows:
                continue
            if index in suspects:
                if damage.refuse_double_encoded(self.table, self.problems, index, values):
                    continue
                damage.warn_shapes(self.table, index, values, plan.warnings)
            values["OrderId"] = self.order_id
            plan.creates[line_id] = values
            plan.changed_orders.add(self.order_id)

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
        elif line_id is not None and line_id in supplied:
            self._report(index, "order_line_item_id", f"the same line item is also on row {self.table.row_numbers[supplied[line_id]]}")
        else:
            if line_id is not None:
                supplied[line_id] = index
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
        values = self.cells.new_line(index)
        if new_line_lacks_quantity(values):
            self._report(index, "quantity", "is required for a new line item")
        self.creates.append((index, line_id, values))

    def _number(self, plan: LinePlan) -> None:
        """Fill in new lines' numbers, report numbers used twice, park lines moving onto a number held now."""
        untouched = [number for number, line_id in self.by_number.items() if line_id not in self.matched]
        entries = [(index, changes.get("LineNumber", int(self.by_id[line_id]["LineNumber"]))) for index, line_id, changes in self.updates]
        entries += [(index, values["LineNumber"]) for index, _, values in self.creates]
        scratch: list[ErrorItem] = []
        numbers = assign_line_numbers([number for _, number in entries], untouched, "", scratch)
        for error in scratch:  # fields read "[k].lineNumber": k is the entry
            self._report(entries[int(error["field"][1 : error["field"].index("]")])][0], "line_number", error["message"])
        for (_, _, values), number in zip(self.creates, numbers[len(self.updates) :], strict=True):
            values["LineNumber"] = number
        for _, line_id, changes in self.updates:
            holder = self.by_number.get(changes.get("LineNumber", -1))
            if holder is not None and holder != line_id:
                plan.parked.append(line_id)

