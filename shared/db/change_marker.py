"""The commit-ordered change marker: one counter per company, bumped by every write transaction that changed the
company's orders, as its last statement before commit.

The bump takes the counter row's write lock and holds it to the commit, so marker values follow commit order:
a reader that sees value N (one snapshot) sees every transaction up to N and none after. Each bump also records
the orders the transaction changed with N (``OrderChanges``), which is what the delta token reads: "orders changed
after token N" never misses a transaction that began earlier but committed later (``updatedSince`` can; see
README "Consistency"). The export ZIP's cache key includes the marker for the same reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol


class Transaction(Protocol):
    """What the marker needs of ``shared.db.database.Transaction`` (which calls this module from ``commit``)."""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int: ...

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

_CHUNK = 1_000


def bump(tx: Transaction, company_id: str, order_ids: Iterable[str]) -> int:
    """Next marker value for the company, recorded for ``order_ids``; returns it."""
    if not tx.execute("UPDATE ChangeMarkers SET Version = Version + 1 WHERE CompanyId = ?", (company_id,)):
        tx.execute("INSERT INTO ChangeMarkers (CompanyId, Version) VALUES (?, ?)", (company_id, 1))
    version = int(tx.scalar("SELECT Version FROM ChangeMarkers WHERE CompanyId = ?", (company_id,)))
    ids = sorted(set(order_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        tx.execute(f"DELETE FROM OrderChanges WHERE CompanyId = ? AND OrderId IN ({marks})", [company_id, *chunk])  # noqa: S608
    tx.executemany(
        "INSERT INTO OrderChanges (CompanyId, OrderId, Version) VALUES (?, ?, ?)", [(company_id, order_id, version) for order_id in ids]
    )
    return version


def current(tx: Transaction, company_id: str) -> int:
    """The company's marker as this transaction sees it (0 before its first change)."""
    return int(tx.scalar("SELECT Version FROM ChangeMarkers WHERE CompanyId = ?", (company_id,)) or 0)
