"""Python steps of migrations (``-- migrate: python NAME`` in a script): data SQL cannot compute, in the
migration's own transaction."""

from __future__ import annotations

from collections.abc import Callable

from shared.db.database import Transaction
from shared.errors import Conflict, ErrorItem
from shared.order_references import reference_key

BATCH = 5_000  # orders read and keyed at a time
READ_FIRST = "SELECT OrderId, CompanyId, OrderReference, Active FROM Orders ORDER BY OrderId"
READ_AFTER = "SELECT OrderId, CompanyId, OrderReference, Active FROM Orders WHERE OrderId > ? ORDER BY OrderId"
WRITE_KEY = "UPDATE Orders SET OrderReferenceKey = ? WHERE OrderId = ?"
Holders = dict[tuple[str, str], tuple[str, str]]  # (company, key) -> (order id, reference), active orders


def order_reference_keys(tx: Transaction) -> None:
    """Migration 0009: every order's ``OrderReferenceKey``, deleted ones included (a restore needs it).

    Two active orders of a company whose references share a key (``ÄBC-1`` and ``äbc-1``, accepted before the
    rule) would break the unique index the migration then creates. Rather than pick a winner or rename an order
    behind its owners' backs, the migration stops (its transaction rolls back, the schema stays as it was) and
    lists them: rename one of each pair with the running version (PUT .../orders), then migrate again.
    """
    holders: Holders = {}
    collisions: list[ErrorItem] = []
    after: tuple[object, ...] = ()
    while True:
        rows = tx.query_values(tx.dialect.first(READ_AFTER if after else READ_FIRST), (*after, BATCH))
        if not rows:
            break
        keyed = [(reference_key(str(reference)), order_id) for order_id, _, reference, _ in rows]
        tx.executemany(WRITE_KEY, keyed)
        for (order_id, company_id, reference, active), (key, _) in zip(rows, keyed, strict=True):
            if active:
                _hold(holders, collisions, (str(company_id).lower(), key), (str(order_id).lower(), str(reference)))
        after = (rows[-1][0],)
    if collisions:
        raise Conflict(
            f"Migration 0009 stopped: {len(collisions)} active order(s) have a reference that differs from another"
            " active order's only in case. Rename one of each pair, then run migrate again.",
            collisions,
        )


def _hold(holders: Holders, collisions: list[ErrorItem], key: tuple[str, str], order: tuple[str, str]) -> None:
    first = holders.setdefault(key, order)
    if first != order:
        collisions.append({
            "field": "orderReference",
            "message": f"company {key[0]}: order {order[0]} '{order[1]}' and order {first[0]} '{first[1]}'",
        })


STEPS: dict[str, Callable[[Transaction], None]] = {"order_reference_keys": order_reference_keys}
