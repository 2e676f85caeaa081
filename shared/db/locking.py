"""The locking protocol every write transaction follows (README "Consistency").

A write transaction's first statements lock the rows it will decide on and change, in one global order: an
idempotency key, a system principal, orders by id, orders by reference, the line items of orders, line items by
id, stock rows. Only then does it read what it decides on, and every write that depends on such a read is also
guarded in its ``WHERE`` (``UpdatedAt = ?``, ``Active = 1``, a quantity compare-and-set) with its row count checked.

The lock statements come from the dialect: on SQL Server a ``SELECT`` with ``UPDLOCK, HOLDLOCK`` (update locks on
the rows, key-range locks where absent keys would go, held to the end of the transaction); on SQLite nothing,
since ``BEGIN IMMEDIATE`` already holds the database's one write lock. Keys are locked in the order SQL Server's
indexes keep them, in chunks, so two transactions locking overlapping sets meet in the same order.

The suite's locking audit (tests/locking_audit.py) fails any write transaction that changes a row it did not
lock first, unless the table or the transaction carries an exemption named here with its reason.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shared.order_references import reference_key

LOCK_CHUNK = 1_000  # keys per lock statement: well under SQL Server's 2,100 parameters


@dataclass(frozen=True)
class LockTarget:
    """Rows of ``table`` named by their ``column``; the lock covers them through ``key`` (the row's key)."""

    rank: int  # position in the global order: a transaction takes its locks in ascending rank
    table: str
    column: str
    key: str
    condition: str = ""  # literal filter of the rows meant (served by a filtered index where one exists)
    guid_keys: bool = True
    # Keys compared through a stored folded column: callers pass the raw values, the lock names their folded form.
    fold: Callable[[str], str] | None = None

    def statement(self, hint: str, count: int) -> str:
        """``SELECT key FROM table [hint] WHERE CompanyId = ? AND [condition AND] column IN (?, ...)``."""
        table_hint = f" {hint}" if hint else ""
        condition = f"{self.condition} AND " if self.condition else ""
        marks = ", ".join("?" * count)
        # Names and hint come from this module and the dialect, never from input; the keys are parameters.
        where = f"CompanyId = ? AND {condition}{self.column} IN ({marks})"
        return f"SELECT {self.key} FROM {self.table}{table_hint} WHERE {where}"  # noqa: S608

    def in_lock_order(self, keys: Iterable[str]) -> list[str]:
        if self.fold is not None:  # a binary-collated key column: SQL Server keeps it in code point order
            return sorted(self.distinct(keys))
        return sorted(self.distinct(keys), key=sqlserver_guid_order if self.guid_keys else str.casefold)

    def distinct(self, keys: Iterable[str]) -> list[str]:
        """The keys as the lock statement names them (folded; GUIDs lowercase), each once, in no particular order."""
        if self.fold is not None:
            return list(dict.fromkeys(map(self.fold, keys)))
        return list(dict.fromkeys(map(str.lower, keys)) if self.guid_keys else dict.fromkeys(keys))


IDEMPOTENCY_KEY = LockTarget(0, "IdempotencyKeys", "IdempotencyKey", "IdempotencyKey", guid_keys=False)
SYSTEM_USER = LockTarget(1, "Users", "DisplayName", "UserId", "IsSystem = 1", guid_keys=False)
ORGANISATIONS = LockTarget(1, "RelatedOrganisations", "RelatedOrganisationId", "RelatedOrganisationId")
ORDERS = LockTarget(2, "Orders", "OrderId", "OrderId")
# By the reference's folded key (shared.order_references), the column UX_Orders_ActiveReferenceKey makes unique.
ORDER_REFERENCES = LockTarget(3, "Orders", "OrderReferenceKey", "OrderId", "Active = 1", guid_keys=False, fold=reference_key)
LINES_OF_ORDERS = LockTarget(4, "OrderLineItems", "OrderId", "OrderLineItemId")
LINES = LockTarget(5, "OrderLineItems", "OrderLineItemId", "OrderLineItemId")
STOCK = LockTarget(6, "Inventory", "InventoryId", "InventoryId")
TARGETS = (IDEMPOTENCY_KEY, SYSTEM_USER, ORGANISATIONS, ORDERS, ORDER_REFERENCES, LINES_OF_ORDERS, LINES, STOCK)

# Writes that need no row lock, and why. The audit accepts exactly these (table -> reason).
UNLOCKED_TABLES: dict[str, str] = {
    "Companies": "a new company with a fresh id: there is nothing to decide on",
    "ApiKeys": "a new key with a fresh id and hash, or a revoke guarded by RevokedAt IS NULL (idempotent)",
    "RelatedOrganisations": "a new organisation with a fresh id; the unique name index is the decision",
    "Certificates": "content-addressed file metadata; a second row for the same content is harmless; metadata edits"
    " replace fields whole (the last edit wins, nothing is read to decide)",
    "CertificateHeatNumbers": "a certificate's heat numbers, replaced whole by each edit (the last edit wins)",
    "RelatedOrganisationNames": "an append-only log of organisation names",
    "CompanyProfiles": "one row per company, read with the dialect's lock hint (company_profiles.lock) before it is"
    " written; fields are replaced whole (the last edit wins)",
    "SchemaMigrations": "written by the migration transaction itself",
    "ChangeMarkers": "the commit-ordered change marker: bumped last, its own row lock orders commits",
    "OrderChanges": "written with the change marker, for orders the transaction changed under their locks",
    "HealthProbe": "the health check's probe row, always rolled back",
}
UNLOCKED_USER = "a new API key's own user, with a fresh id (system principals are locked by name)"
UNLOCKED_STOCK_INSERT = "a new stock row without a parent (import-inventory): a fresh id, nothing to decide on"
UNLOCKED_PURGE = "deleting expired idempotency keys, which no request can use any more"
MIGRATION = "schema migration: DDL and data fixes, run once by the operator's CLI"


def sqlserver_guid_order(value: str) -> str:
    """The order SQL Server sorts ``uniqueidentifier`` values in: the last six bytes first, then the groups
    before them from right to left (the first three groups byte-swapped, as stored). The key is the bytes in that
    order as lowercase hex text, which sorts as the bytes do; a canonical lowercase GUID (what the API and the files
    carry) is rearranged as text, without building a ``uuid.UUID`` (140,000 of them per bulk import)."""
    if len(value) != 36 or not _CANONICAL_GUID.fullmatch(value):
        try:
            value = str(uuid.UUID(value))
        except ValueError:
            return "~" + value  # not a GUID: the statement will find nothing; any stable order will do (after GUIDs)
    return (value[24:36] + value[19:23] + value[16:18] + value[14:16] + value[11:13] + value[9:11]
            + value[6:8] + value[4:6] + value[2:4] + value[0:2])


_CANONICAL_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
