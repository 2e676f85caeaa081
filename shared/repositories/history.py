"""Reads of the temporal history: every version of an order, its line items and their reservation links.

One portable statement per table: the current rows ``UNION ALL`` the ``…History`` rows, as SQL Server's
``FOR SYSTEM_TIME ALL`` would return them, leaving out zero-length periods (``ValidFrom = ValidTo``: the
in-transaction versions of a row changed twice in one transaction) exactly as ``FOR SYSTEM_TIME`` does. The
period columns are named explicitly because SQL Server hides them from ``SELECT *``. The rows come in no particular
order (an ``ORDER BY`` would sort them in a temporary B-tree): the diff orders each entity's versions itself.

With ``since``, history rows whose period ended well before it are skipped: a version that starts after
``since`` always has its predecessor (which ended when it started) in the result, so the changes after
``since`` can still be computed; the current rows are always read. The caller drops what is not after ``since``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from shared.db.database import Row, Transaction
from shared.db.values import guid
from shared.repositories.sql import chunks, placeholders

# The columns the order and line views read. Bookkeeping the timeline never shows is read as NULL (cheaper to
# represent; CustomerName is not history at all: organisations are not versioned); the period's end is not read.
ORDER_COLUMNS = (
    "OrderId, NULL AS CompanyId, OrderReference, Quantity, OrderDate, DeliveryDate, Site, Status, Active,"
    " RelatedOrganisationId, NULL AS CustomerName, CustomerReference, DeliveryAddress, NULL AS CreatedAt, NULL AS UpdatedAt,"
    " UpdatedById, ValidFrom"
)
LINE_COLUMNS = (
    "OrderLineItemId, NULL AS OrderId, NULL AS CompanyId, LineNumber, ProductCode, Description, MaterialGrade, Quantity,"
    " Unit, Notes, Active, NULL AS CreatedAt, NULL AS UpdatedAt, UpdatedById, ValidFrom"
)
LINK_COLUMNS = "LinkId, OrderLineItemId, InventoryId, Quantity, Active, Substitute, UpdatedById, ValidFrom, ValidTo"
INVENTORY_COLUMNS = "InventoryId, Name, ValidFrom, ValidTo"

# Slack on the since bound: a driver that rounds the bound timestamp can never drop a needed predecessor.
_SINCE_SLACK = timedelta(seconds=1)
# No history is older than this: an earlier since skips nothing, so it is not bound at all.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Each id in a chunk is bound twice (current and history part): stay well under SQL Server's 2,100 parameters.
_ID_CHUNK = 500


class Versions(NamedTuple):
    """Version rows as value tuples (no dict per row: timelines run to thousands), in the order of ``columns``."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def column_names(columns: str) -> tuple[str, ...]:
    """The result's column names of a select list such as ``ORDER_COLUMNS`` (``NULL AS CompanyId`` -> ``CompanyId``)."""
    return tuple(part.strip().rsplit(" AS ", 1)[-1] for part in columns.split(","))


def _run(tx: Transaction, table: str, columns: str, where: str, params: list[Any], since: datetime | None) -> list[tuple[Any, ...]]:
    """Versions of ``table`` and ``{table}History`` (fixed names only); ``where`` is bound once per part."""
    bound = since - _SINCE_SLACK if since is not None and since > _EPOCH else None
    ended_after, since_param = (" AND ValidTo > ?", [bound]) if bound is not None else ("", [])
    sql = (
        f"SELECT {columns} FROM {table} WHERE {where}"
        f" UNION ALL SELECT {columns} FROM {table}History WHERE {where} AND ValidFrom < ValidTo{ended_after}"
    )
    return tx.query_values(sql, [*params, *params, *since_param])


def order_versions(tx: Transaction, company_id: str, order_id: str, since: datetime | None = None) -> Versions:
    where, params = "CompanyId = ? AND OrderId = ?", [company_id, order_id]
    return Versions(column_names(ORDER_COLUMNS), _run(tx, "Orders", ORDER_COLUMNS, where, params, since))


def line_versions(tx: Transaction, company_id: str, order_id: str, since: datetime | None = None) -> Versions:
    where, params = "CompanyId = ? AND OrderId = ?", [company_id, order_id]
    return Versions(column_names(LINE_COLUMNS), _run(tx, "OrderLineItems", LINE_COLUMNS, where, params, since))


def link_versions(tx: Transaction, company_id: str, line_ids: Sequence[str], since: datetime | None = None) -> Versions:
    """Versions of the reservation links of these line items (every line id the order ever had)."""
    found: list[tuple[Any, ...]] = []
    for chunk in chunks(line_ids, _ID_CHUNK):
        where = f"CompanyId = ? AND OrderLineItemId IN {placeholders(len(chunk))}"
        found.extend(_run(tx, "OrderLineItemInventory", LINK_COLUMNS, where, [company_id, *chunk], since))
    return Versions(column_names(LINK_COLUMNS), found)


def inventory_versions(tx: Transaction, company_id: str, inventory_ids: Sequence[str]) -> list[Row]:
    """Every version's name of these inventory rows, to name a reservation as its stock was called then."""
    names = column_names(INVENTORY_COLUMNS)
    found: list[Row] = []
    for chunk in chunks(inventory_ids, _ID_CHUNK):
        where = f"CompanyId = ? AND InventoryId IN {placeholders(len(chunk))}"
        rows = _run(tx, "Inventory", INVENTORY_COLUMNS, where, [company_id, *chunk], None)
        found.extend(dict(zip(names, row, strict=True)) for row in rows)
    return found


def user_names(tx: Transaction, company_id: str, user_ids: Sequence[str]) -> dict[str, str]:
    """user id -> display name (who made a change)."""
    return _names(tx, "SELECT UserId AS Id, DisplayName AS Name FROM Users", "UserId", company_id, user_ids)


def organisation_names(tx: Transaction, company_id: str, organisation_ids: Sequence[str]) -> dict[str, str]:
    """related organisation id -> its name (shown beside a changed relatedOrganisationId)."""
    select = "SELECT RelatedOrganisationId AS Id, Name FROM RelatedOrganisations"
    return _names(tx, select, "RelatedOrganisationId", company_id, organisation_ids)


def _names(tx: Transaction, select: str, id_column: str, company_id: str, ids: Sequence[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for chunk in chunks(ids):
        rows = tx.query(f"{select} WHERE CompanyId = ? AND {id_column} IN {placeholders(len(chunk))}", [company_id, *chunk])
        names.update({guid(row["Id"]): str(row["Name"]) for row in rows})
    return names
