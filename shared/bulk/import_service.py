"""The CSV import behind both the upload endpoint and the blob trigger.

Files are read and checked before the write transaction starts; then the plan is made against the stored
data and written in one transaction: all of it or, on any error, none of it (every error listed at once).
``validate_only`` runs everything, writes included, and rolls back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.auth import Principal
from shared.bulk import writing
from shared.bulk.columns import Kind, kind_of
from shared.bulk.planning.changes import merged
from shared.bulk.planning.line_upsert import plan_lines
from shared.bulk.planning.new_customers import create_named_customers
from shared.bulk.planning.order_upsert import plan_orders
from shared.bulk.planning.plans import LinePlan, OrderPlan
from shared.bulk.reading.csv_reader import CsvFile
from shared.bulk.reading.files import Limits, UploadedFile
from shared.bulk.reading.tables import ImportTable, build_table, layout
from shared.bulk.reading.upload_problems import Problems, fail
from shared.bulk.reading.workbook_upload import is_zip, workbook_files
from shared.db import locking
from shared.db.database import Database, Transaction
from shared.errors import BadRequest, PayloadTooLarge
from shared.repositories import orders
from shared.services.busy_retry import retry_when_busy
from shared.services.order_rules import check_references

MAX_WARNINGS = 100


@dataclass
class ReadUpload:
    tables: dict[Kind, ImportTable]
    problems: Problems
    warnings: list[str] = field(default_factory=list)


def import_files(
    db: Database, actor: Principal, files: list[UploadedFile], limits: Limits, *, validate_only: bool = False,
    create_customers: bool = False, accept_reformatted: bool = False,
) -> dict[str, Any]:
    # Planning marks up the tables it reads, so a retried attempt reads the files afresh.
    return retry_when_busy(lambda: _import_once(
        db, actor, read_upload(files, limits, accept_reformatted=accept_reformatted), validate_only, create_customers))


def _import_once(db: Database, actor: Principal, upload: ReadUpload, validate_only: bool, create_customers: bool) -> dict[str, Any]:
    with db.write() as tx:
        summary = import_in(tx, actor, upload, create_customers=create_customers)
        if not validate_only:
            tx.commit()
    return summary


def read_upload(files: list[UploadedFile], limits: Limits, *, accept_reformatted: bool = False) -> ReadUpload:
    """Decode and type every file; bad cells are collected, a file that cannot be read at all stops here.
    ``accept_reformatted``: a change that looks like a spreadsheet's reformatting is applied (not an error)."""
    if not files or len(files) > 2:
        problem = [{"field": "files", "message": f"got {len(files)} CSV files; upload one or two"}]
        raise BadRequest(f"Upload one or two CSV files (orders and/or line items); got {len(files)}.", problem)
    total = sum(len(file.data) for file in files)
    if total > limits.max_bytes:
        raise PayloadTooLarge(f"The upload is {total} bytes; at most {limits.max_bytes} are accepted.")
    upload = ReadUpload({}, Problems())
    for file in _as_csv_files(files, limits):
        opened = CsvFile(file.name, file.data)
        kind = kind_of(opened.headers)
        if kind is None:
            fail(file.name, "is neither an orders file (OrderReference or OrderId column) nor a line items file "
                 "(LineNumber or OrderLineItemId column)", row=1)
        if kind in upload.tables:
            fail(file.name, f"is a second {kind.value} file (the other is {upload.tables[kind].file}); upload at most one of each", row=1)
        columns = layout(file.name, opened.headers, kind, upload.problems)
        raw = opened.read(list(columns.columns), limits.max_rows, upload.problems)
        upload.warnings += raw.warnings
        upload.tables[kind] = build_table(raw, columns, upload.problems)
        upload.tables[kind].accept_reformatted = accept_reformatted
    return upload


def _as_csv_files(files: list[UploadedFile], limits: Limits) -> list[UploadedFile]:
    """Workbooks (judged by content) as the CSV files of their sheets; CSV files as they are."""
    if not any(is_zip(file.data) for file in files):
        return files
    expanded = [csv for file in files
                for csv in (workbook_files(file.name, file.data, limits.max_bytes, limits.max_rows) if is_zip(file.data) else [file])]
    if len(expanded) > 2:
        raise BadRequest(f"Upload one orders and one line items sheet or file at most; got {len(expanded)}.")
    return expanded


def import_in(tx: Transaction, actor: Principal, upload: ReadUpload, *, create_customers: bool = False) -> dict[str, Any]:
    """Plan and write the upload in the caller's transaction; any problem -> BadRequest listing them all."""
    orders_table, lines_table = upload.tables.get(Kind.ORDERS), upload.tables.get(Kind.LINE_ITEMS)
    lock_named_rows(tx, actor.company_id, [table for table in (orders_table, lines_table) if table is not None])
    if create_customers and orders_table:
        created = create_named_customers(tx, actor, orders_table)
        upload.warnings += [f"customer '{name}' created" for name in created]
    order_plan = plan_orders(tx, actor.company_id, orders_table, upload.problems) if orders_table else OrderPlan()
    line_plan = plan_lines(tx, actor.company_id, lines_table, order_plan, upload.problems) if lines_table else LinePlan()
    upload.problems.raise_if_any()
    check_references(tx, actor.company_id, _new_references(order_plan))
    writing.write(tx, actor, order_plan, line_plan)
    return _summary(order_plan, line_plan, upload.warnings + order_plan.warnings + line_plan.warnings)


def lock_named_rows(tx: Transaction, company_id: str, tables: list[ImportTable]) -> None:
    """The locking protocol for an upload: the orders the files name by id or reference, the line items of those
    orders and the line items named by id, locked before the plan reads them."""
    def named(name: str) -> list[str]:  # ids and references are text once read; tx.lock orders them
        return list(set().union(*(filter(None, table.values.get(name, ())) for table in tables)))

    order_ids, references = named("order_id"), named("order_reference")
    tx.lock(locking.ORDERS, company_id, order_ids)
    tx.lock(locking.ORDER_REFERENCES, company_id, references)
    owners = orders.active_reference_owners(tx, company_id, references) if references else {}
    tx.lock(locking.LINES_OF_ORDERS, company_id, [*order_ids, *owners.values()])
    tx.lock(locking.LINES, company_id, named("order_line_item_id"))


def _new_references(plan: OrderPlan) -> dict[str, str]:
    """The references this import gives to orders (the rule every write path checks)."""
    wanted = {order_id: str(values["OrderReference"]) for order_id, values in plan.creates.items()}
    wanted.update({order_id: str(change["OrderReference"]) for order_id, change in plan.updates.items() if "OrderReference" in change})
    return wanted


def _summary(order_plan: OrderPlan, line_plan: LinePlan, warnings: list[str]) -> dict[str, Any]:
    listed = warnings[:MAX_WARNINGS]
    if len(warnings) > MAX_WARNINGS:
        listed.append(f"... and {len(warnings) - MAX_WARNINGS} more warnings.")
    return {
        "orders": {"created": len(order_plan.creates), "updated": len(order_plan.updates), "unchanged": order_plan.unchanged},
        "lineItems": {"created": len(line_plan.creates), "updated": len(line_plan.updates), "unchanged": line_plan.unchanged},
        "warnings": listed,
        **merged([order_plan.changes, line_plan.changes]),
    }
