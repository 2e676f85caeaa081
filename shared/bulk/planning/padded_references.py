"""A new order whose reference is a stored one with its zeros dropped (issue 18.3, ID columns removed).

Without the ``OrderId`` column, an export saved by a spreadsheet names order ``00123`` as ``123``; matched by
reference, that row would create a second order beside ``00123``. Rows without an ``OrderId`` whose reference is a
plain number as a spreadsheet writes one (``123``, ``1.431``) and is no active order's are looked up in one batched
query (``orders.zero_padded_references``: stored references with leading zeros, or trailing zeros after a dot),
confirmed by ``shared.bulk.reformatting.reformatting``; a match is a row error naming the stored reference, or, with
``acceptReformatted=true``, a warning (the order is created as uploaded).
"""

from __future__ import annotations

import re

from shared.bulk.reading.tables import ImportTable
from shared.bulk.reading.upload_problems import Problems
from shared.bulk.reformatting import reformatting
from shared.db.database import Transaction
from shared.order_references import reference_key
from shared.repositories import orders

_SPREADSHEET_NUMBER = re.compile(r"(0|[1-9]\d*)(\.\d*[1-9])?")  # 123, 1.431: no leading or trailing zeros


def lookup(tx: Transaction, company_id: str, table: ImportTable, owners: dict[str, str]) -> dict[str, str]:
    """uploaded reference -> the stored reference it is with zeros dropped (new rows only)."""
    ids, references = table.values.get("order_id"), table.values.get("order_reference", ())
    numbers = [reference for index, reference in enumerate(references)
               if reference and _SPREADSHEET_NUMBER.fullmatch(reference) and not (ids and ids[index])
               and reference_key(reference) not in owners]
    wanted = set(numbers)
    found: dict[str, str] = {}
    for stored in orders.zero_padded_references(tx, company_id, numbers) if numbers else ():
        for uploaded in (stored.lstrip("0"), stored.rstrip("0")):
            if uploaded in wanted and reformatting(stored, uploaded) is not None:
                found[uploaded] = stored
    return found


def refused(table: ImportTable, problems: Problems, index: int, reference: str, stored: str, warnings: list[str]) -> bool:
    """Report the row (an error, or a warning with acceptReformatted); True when the row is refused."""
    what = f"'{reference}' is the reference '{stored}' of an active order with its zeros dropped (as a spreadsheet does)"
    if table.accept_reformatted:
        warnings.append(f"{table.file} row {table.row_numbers[index]} column OrderReference: {what}; "
                        "a new order was planned with acceptReformatted=true")
        return False
    table.report(problems, index, "order_reference", f"{what}; not created. Add the OrderId column (or restore the "
                 f"reference '{stored}') to update that order; to create a new order '{reference}' anyway, upload again "
                 "with acceptReformatted=true; to edit in a spreadsheet without this damage, use the XLSX export")
    return True
