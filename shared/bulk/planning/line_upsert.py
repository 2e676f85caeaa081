"""Planning the line items file: each row links to its order, then creates, updates or leaves a line unchanged.

A row links by ``OrderId``, else by ``OrderReference`` (the orders of the same upload first, then stored active
orders). It updates the line named by ``OrderLineItemId``, else the order's active line with its ``LineNumber``;
otherwise it creates a line (with the given id, if any). Line numbers stay unique per order; lines that swap
numbers pass through a temporary (negative) number.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.bulk.planning import damage
from shared.bulk.planning.line_rows import LineCells, OrderLines
from shared.bulk.planning.new_order_lines import plan_new_orders
from shared.bulk.planning.plans import LinePlan, NewLines, OrderPlan
from shared.bulk.reading.tables import ImportTable
from shared.bulk.reading.upload_problems import Problems
from shared.db.database import Row, Transaction
from shared.order_references import reference_key
from shared.repositories import line_items, orders
from shared.repositories.sql import chunks

# Stored lines are read for this many orders at a time, so a large upload never holds them all.
ORDERS_PER_READ = 500


def plan_lines(tx: Transaction, company_id: str, table: ImportTable, order_plan: OrderPlan, problems: Problems) -> LinePlan:
    rows_by_order = _link(tx, company_id, table, order_plan, problems)
    cells = LineCells(table)
    plan = LinePlan(NewLines(cells.columns))
    supplied: dict[str, int] = {}  # new line ids chosen by the file -> row
    stored_orders = [order_id for order_id in rows_by_order if order_id not in order_plan.creates]
    for chunk in chunks(stored_orders, ORDERS_PER_READ):
        current = line_items.active_for_orders(tx, company_id, chunk)
        for order_id in chunk:
            OrderLines(table, problems, order_id, current[order_id], cells).plan(rows_by_order.pop(order_id), plan, supplied)
    plan_new_orders(cells, problems, rows_by_order, plan, supplied)  # the orders left: those the upload creates
    _check_new_ids(tx, table, problems, supplied)
    return plan


@dataclass(frozen=True)
class _Orders:
    """The orders line items may link to."""

    plan: OrderPlan
    in_upload: set[str]
    stored: dict[str, Row]  # the company's orders named by OrderId (active or not), as stored before the upload
    owners: dict[str, str]  # reference key -> stored active order, for references outside the upload


def _link(tx: Transaction, company_id: str, table: ImportTable, order_plan: OrderPlan, problems: Problems) -> dict[str, list[int]]:
    """order id -> the rows of its line items, in file order."""
    order_ids, references = table.values.get("order_id", [None] * table.rows), table.values.get("order_reference", [None] * table.rows)
    in_upload = order_plan.targets
    # Orders of the upload too: a row's OrderReference is compared with its order's stored one (spreadsheet damage).
    wanted_ids = sorted({oid for oid in order_ids if oid})
    wanted_refs = sorted({
        ref for oid, ref in zip(order_ids, references, strict=True)
        if not oid and ref and reference_key(ref) not in order_plan.by_reference
    })
    stored = orders.by_ids(tx, company_id, wanted_ids, active=None)
    known = _Orders(order_plan, in_upload, stored, orders.active_reference_owners(tx, company_id, wanted_refs))
    rows_by_order: dict[str, list[int]] = {}
    for index, link in enumerate(zip(order_ids, references, strict=True)):
        target = None if index in table.bad_rows else _order_of(table, problems, index, link, known)
        if target is not None:
            rows_by_order.setdefault(target, []).append(index)
    return rows_by_order


def _order_of(table: ImportTable, problems: Problems, index: int, link: tuple[str | None, str | None], known: _Orders) -> str | None:
    order_id, reference = link
    if order_id:
        stored = known.stored.get(order_id)
        if stored is not None and reference:
            damage.reference_reformatted(table, problems, index, str(stored["OrderReference"]), reference)
        if order_id in known.in_upload or (stored is not None and stored["Active"]):
            return order_id  # still planned (not written), so every damaged cell of the row is named
        if order_id not in known.plan.skipped_ids:
            message = "this order is deleted" if stored is not None else "no order with this OrderId in this company"
            table.report(problems, index, "order_id", message)
        return None
    if reference:
        key = reference_key(reference)
        owner = known.plan.by_reference.get(key) or known.owners.get(key)
        if owner is None and key not in known.plan.skipped_references:
            table.report(problems, index, "order_reference", f"no active order has the reference '{reference}'")
        return owner
    table.report(problems, index, "order_id", "an OrderId or an OrderReference is required to link the line item to its order")
    return None


def _check_new_ids(tx: Transaction, table: ImportTable, problems: Problems, supplied: dict[str, int]) -> None:
    found = line_items.owners(tx, list(supplied))
    for line_id in sorted(found):  # in id order (sorting the few found, not all the ids asked for)
        message = "this OrderLineItemId belongs to another order or a removed line item"
        table.report(problems, supplied[line_id], "order_line_item_id", message)
