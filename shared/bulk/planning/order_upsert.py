"""Planning the orders file: which rows create, update or leave an order unchanged.

``OrderId`` known in the company -> update; ``OrderId`` unknown anywhere -> create with that id; no ``OrderId`` ->
the active order holding the ``OrderReference`` (compared by its key, ``shared.order_references``) is updated, else a new order is created.
A column that is absent leaves its field alone; an empty cell clears an optional field.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.bulk.columns import Kind
from shared.bulk.planning import damage, padded_references
from shared.bulk.planning.customer_choice import Choice, Organisations
from shared.bulk.planning.plans import OrderPlan
from shared.bulk.reading.tables import ImportTable
from shared.bulk.reading.upload_problems import Problems
from shared.db.database import Row, Transaction
from shared.db.values import opt_guid
from shared.order_references import reference_key
from shared.repositories import orders
from shared.services.order_fields import ORDER_FIELDS, dates_out_of_order, delivery_before_order, new_order_values, order_changes

# Compared column by column; the organisation is chosen by id or by customer name (see _organisation).
_COMPARED = [name for name in ORDER_FIELDS if name != "related_organisation_id"]
_READERS = dict(ORDER_FIELDS.values())  # column -> how a stored value is read


@dataclass
class _Lookup:
    stored: dict[str, Row]  # the company's orders named by id or by reference, active or not
    reference_owners: dict[str, str]  # reference key -> active order holding it
    used_elsewhere: set[str]  # ids of other companies' orders
    zero_padded: dict[str, str]  # reference of a new row -> stored reference it is with leading zeros dropped


def plan_orders(tx: Transaction, company_id: str, table: ImportTable, problems: Problems) -> OrderPlan:
    lookup = _lookup(tx, company_id, table)
    organisations = Organisations.load(tx, company_id)
    planner = _Planner(table, problems, lookup, organisations, tx.now.date())
    for index in range(table.rows):
        if index not in table.bad_rows:
            planner.plan_row(index)
    planner.check_reference_owners()
    _remember_skipped(table, planner.plan)
    return planner.plan


def _remember_skipped(table: ImportTable, plan: OrderPlan) -> None:
    for index in table.bad_rows:
        order_id, reference = table.get("order_id", index), table.get("order_reference", index)
        if order_id:
            plan.skipped_ids.add(order_id)
        if reference:
            plan.skipped_references.add(reference_key(reference))


def _lookup(tx: Transaction, company_id: str, table: ImportTable) -> _Lookup:
    ids = {value for value in table.values.get("order_id", ()) if value}
    references = sorted({value for value in table.values.get("order_reference", ()) if value})
    owners = orders.active_reference_owners(tx, company_id, references)
    stored = orders.by_ids(tx, company_id, sorted(ids | set(owners.values())), active=None)
    padded = padded_references.lookup(tx, company_id, table, owners)
    return _Lookup(stored, owners, orders.ids_in_use(tx, sorted(ids - stored.keys())), padded)


class _Planner:
    rows_by_target: dict[str, int]

    def __init__(self, table: ImportTable, problems: Problems, lookup: _Lookup, organisations: Organisations, today: date) -> None:
        self.table, self.problems, self.lookup, self.organisations, self.today = table, problems, lookup, organisations, today
        self.plan = OrderPlan()
        self.rows_by_target = {}
        none = [None] * table.rows
        self.compared = [(name, table.values.get(name, none)) for name in _COMPARED]  # an absent column's cells are None

    def report(self, index: int, name: str | None, message: str) -> None:
        self.table.report(self.problems, index, name, message)

    def plan_row(self, index: int) -> None:
        target = self._target(index)
        if target is None:
            return
        order_id, stored = target
        if order_id in self.rows_by_target:
            self.report(index, "order_id", f"the same order is also on row {self.table.row_numbers[self.rows_by_target[order_id]]}")
            return
        self.rows_by_target[order_id] = index
        reference = self._update(index, order_id, stored) if stored else self._create(index, order_id)
        if reference is not None:
            self._hold_reference(index, order_id, reference)

    def _target(self, index: int) -> tuple[str, Row | None] | None:
        order_id, reference = self.table.get("order_id", index), self.table.get("order_reference", index)
        if order_id is None:
            if reference is None:
                self.report(index, "order_reference", "an OrderId or an OrderReference is required")
                return None
            owner = self.lookup.reference_owners.get(reference_key(reference))
            padded = self.lookup.zero_padded.get(reference)
            if padded and padded_references.refused(self.table, self.problems, index, reference, padded, self.plan.warnings):
                return None
            return (owner, self.lookup.stored[owner]) if owner else (str(uuid.uuid4()), None)
        stored = self.lookup.stored.get(order_id)
        if stored is not None and not stored["Active"]:
            self.report(index, "order_id", "this order is deleted; restore it before uploading changes to it")
            return None
        if stored is None and order_id in self.lookup.used_elsewhere:
            self.report(index, "order_id", "this OrderId is already in use")
            return None
        return order_id, stored

    def _update(self, index: int, order_id: str, stored: Row) -> str | None:
        values = {name: self.table.get(name, index) for name in _COMPARED if self.table.has(name)}
        changes = order_changes(values, stored, lambda name: self.report(index, name, "may not be empty"))
        changes = damage.without_damage(self.table, self.problems, index, changes, stored)
        self._organisation_change(index, stored, changes)
        if dates_out_of_order(changes, stored):
            self._report_dates(index)
        if index in self.table.bad_rows:
            return None
        if changes:
            self.plan.changes.add(Kind.ORDERS, self.table.file, self.table.row_numbers[index], {"orderId": order_id},
                                  {column: (_as_read(column, stored[column]), new) for column, new in changes.items()})
            self.plan.updates[order_id] = changes
            self.plan.stored_references[order_id] = str(stored["OrderReference"])
            self.plan.read_at[order_id] = stored["UpdatedAt"]
        else:
            self.plan.unchanged += 1
        return str(changes.get("OrderReference", stored["OrderReference"]))

    def _create(self, index: int, order_id: str) -> str | None:
        fields = {name: column[index] for name, column in self.compared}
        values = new_order_values(fields | {"related_organisation_id": self._organisation(index).organisation_id}, self.today)
        if values["OrderReference"] is None:
            self.report(index, "order_reference", "is required for a new order")
        if delivery_before_order(values["OrderDate"], values["DeliveryDate"]):
            self._report_dates(index)
        damage.refuse_double_encoded(self.table, self.problems, index, values)
        if index in self.table.bad_rows:
            return None
        damage.warn_shapes(self.table, index, values, self.plan.warnings)
        self.plan.creates[order_id] = values
        return str(values["OrderReference"])

    def _organisation(self, index: int) -> Choice:
        table = self.table
        columns = (table.has("related_organisation_id"), table.has("customer_name"))
        choice = self.organisations.choose(columns, table.get("related_organisation_id", index), table.get("customer_name", index))
        if choice.error:
            self.report(index, *choice.error)
        if choice.warning:
            self.plan.warnings.append(f"{table.file} row {table.row_numbers[index]}: {choice.warning}")
        return choice

    def _organisation_change(self, index: int, stored: Row, changes: dict[str, Any]) -> None:
        choice = self._organisation(index)
        if choice.present and choice.organisation_id != opt_guid(stored["RelatedOrganisationId"]):
            changes["RelatedOrganisationId"] = choice.organisation_id

    def _report_dates(self, index: int) -> None:
        self.report(index, "delivery_date", "DeliveryDate may not be before OrderDate")

    def _hold_reference(self, index: int, order_id: str, reference: str) -> None:
        key = reference_key(reference)
        holder = self.plan.by_reference.get(key)
        if holder is not None:
            row = self.table.row_numbers[self.rows_by_target[holder]]
            self.report(index, "order_reference", f"'{reference}' is also the reference of the order on row {row}")
            return
        self.plan.by_reference[key] = order_id

    def check_reference_owners(self) -> None:
        """A reference held by an active order outside this file cannot be taken by an order of the file."""
        targets = set(self.rows_by_target)
        for key, order_id in list(self.plan.by_reference.items()):
            owner = self.lookup.reference_owners.get(key)
            if owner is not None and owner != order_id and owner not in targets:
                self.report(self.rows_by_target[order_id], "order_reference", "is already used by another active order")



def _as_read(column: str, value: Any) -> Any:
    return None if value is None else _READERS[column](value)
