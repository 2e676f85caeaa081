"""The order list's statement is compiled once per connection, not once per request.

SQLite re-plans ("re-prepares") a cached statement on every execution when the planner compared one of its
parameters with a partial index's condition: ``o.Active = ?`` against ``UX_Orders_ActiveReferenceKey ... WHERE
Active = 1`` did that, about 25 µs a page. SQLite asks the authorizer about every column while it compiles a
statement, so an execution that compiles nothing asks nothing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from shared.auth import Principal
from shared.db.sqlite import SqliteTransaction
from shared.models.queries import OrderListQuery
from shared.repositories.order_list import OrderFilter, list_order_values
from shared.services import order_queries
from tests.support import make_context, make_tenant


def _compilations(tx: SqliteTransaction, company_id: str, where: OrderFilter, runs: int) -> list[int]:
    """Authorizer calls during each of ``runs`` executions (setting an authorizer expires every compiled
    statement, so the first run compiles)."""
    asked = [0] * runs
    run = 0

    def authorizer(*_args: object) -> int:
        asked[run] += 1
        return sqlite3.SQLITE_OK

    tx.conn.set_authorizer(authorizer)
    try:
        for run in range(runs):  # the authorizer counts into asked[run]
            list_order_values(tx, company_id, where, None, 101)
    finally:
        tx.conn.set_authorizer(None)
    return asked


def test_a_page_of_orders_reuses_its_compiled_statement(tmp_path: Path) -> None:
    context = make_context(tmp_path)
    tenant = make_tenant(context)
    order_queries.list_page(context.db, Principal(tenant.company_id, tenant.user_id, "A"), OrderListQuery(limit=100))
    for where in (OrderFilter(), OrderFilter(include_deleted=True), OrderFilter(statuses=("Open",))):
        with context.db.read() as tx:
            assert isinstance(tx, SqliteTransaction)
            first, *again = _compilations(tx, tenant.company_id, where, 3)
        assert first > 0, "the check must see a compilation when there is one"
        assert again == [0, 0], f"{where}: the statement was compiled again (authorizer calls per run: {again})"
