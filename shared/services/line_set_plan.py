"""Planning how an order's line items change when a JSON update sends them as a complete set (the upload plans its
rows in ``shared.bulk.planning``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from pydantic.alias_generators import to_camel

from shared.db.database import Row
from shared.db.values import guid
from shared.errors import ErrorItem
from shared.models.orders import LineItemUpdate
from shared.services.order_fields import LINE_FIELDS, line_changes, new_line_lacks_quantity
from shared.services.order_rules import assign_line_numbers


@dataclass
class LineSetPlan:
    creates: dict[str, dict[str, Any]] = field(default_factory=dict)  # new id -> column values
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> changed columns
    deletes: list[str] = field(default_factory=list)
    parked: list[str] = field(default_factory=list)  # ids whose new number is held by another line now
    supplied_new_ids: dict[str, str] = field(default_factory=dict)  # client-chosen new id -> field path

    @property
    def changed(self) -> bool:
        return bool(self.creates or self.updates or self.deletes)


def plan_line_set(prefix: str, items: list[LineItemUpdate], current: list[Row], errors: list[ErrorItem]) -> LineSetPlan:
    by_id = {guid(row["OrderLineItemId"]): row for row in current}
    plan = LineSetPlan()
    seen: set[str] = set()
    final_numbers: list[int | None] = []
    for index, item in enumerate(items):
        path = f"{prefix}[{index}]"
        line_id = str(item.order_line_item_id) if item.order_line_item_id else None
        if line_id in seen:
            errors.append({"field": f"{path}.orderLineItemId", "message": "the same line item appears more than once"})
        if line_id is not None:
            seen.add(line_id)
        if line_id in by_id:
            change = _line_changes(path, item, by_id[line_id], errors)
            if change:
                plan.updates[line_id] = change
            final_numbers.append(change.get("LineNumber", int(by_id[line_id]["LineNumber"])))
        else:
            new_id = line_id or str(uuid.uuid4())
            if line_id is not None:
                plan.supplied_new_ids[line_id] = f"{path}.orderLineItemId"
            plan.creates[new_id] = _new_line_values(item)
            if new_line_lacks_quantity(plan.creates[new_id]["Quantity"]):
                errors.append({"field": f"{path}.quantity", "message": "is required for a new line item"})
            final_numbers.append(item.line_number)
    plan.deletes = [line_id for line_id in by_id if line_id not in seen]
    numbers = assign_line_numbers(final_numbers, (), prefix, errors)
    _settle_numbers(plan, items, by_id, numbers)
    return plan


def _line_changes(path: str, item: LineItemUpdate, row: Row, errors: list[ErrorItem]) -> dict[str, Any]:
    def report_null(name: str) -> None:
        errors.append({"field": f"{path}.{to_camel(name)}", "message": "may not be null"})

    return line_changes({name: getattr(item, name) for name in LINE_FIELDS if name in item.model_fields_set}, row, report_null)


def _new_line_values(item: LineItemUpdate) -> dict[str, Any]:
    return {column: getattr(item, name) for name, column in LINE_FIELDS.items()}


def _settle_numbers(plan: LineSetPlan, items: list[LineItemUpdate], by_id: dict[str, Row], numbers: list[int]) -> None:
    """Give new lines their assigned numbers and park moved lines whose new number another line holds now."""
    held = {int(row["LineNumber"]): line_id for line_id, row in by_id.items() if line_id not in plan.deletes}
    new_ids = iter(plan.creates)
    for item, number in zip(items, numbers, strict=True):
        line_id = str(item.order_line_item_id) if item.order_line_item_id else None
        if line_id in by_id:
            continue
        plan.creates[next(new_ids)]["LineNumber"] = number
    for line_id, change in plan.updates.items():
        holder = held.get(change.get("LineNumber", -1))
        if holder is not None and holder != line_id:
            plan.parked.append(line_id)
