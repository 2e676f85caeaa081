"""The locking audit: a recording transaction, switched on for the whole API suite (tests/support.make_context),
that fails any write transaction breaking the locking protocol of shared/db/locking.py.

For every write transaction it checks that
- its locks name the company and come in the global order (ascending rank), all before its first write;
- every row an INSERT, UPDATE or DELETE touches was locked first: the statement's rows are looked up with its own
  WHERE clause just before it runs, and an insert must name a locked parent (order, reference, stock row, key),
  unless the table or the transaction carries an exemption named in shared/db/locking.py;
- the SQL Server form of each lock statement parses as T-SQL with its UPDLOCK, HOLDLOCK hint;
- every write that sets an order's ``OrderReference`` sets its ``OrderReferenceKey`` to the reference's key
  (shared.order_references), in the same statement;
- an order made active again (a restore) had its reference locked first, as an inserted order has.
Violations are collected in ``VIOLATIONS`` (an autouse fixture fails the test) and raised at once.

``competing_change`` is the interleaving hook: between a service's reads and its first write it commits the service's
transaction so far (reads only), commits a competing change, and lets the service carry on in a new transaction,
which is what a concurrent writer that slipped past a missing lock would have done on SQL Server.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from shared.db import locking
from shared.db.database import Database, Params, Transaction
from shared.db.dialect import SqlServerDialect
from shared.db.locking import LockTarget
from shared.order_references import reference_key

VIOLATIONS: list[str] = []
_parsed: set[str] = set()
_hook: dict[str, Callable[[Callable[[str, Params], int]], None]] = {}
_hook_lock = threading.Lock()

_INSERT = re.compile(r"^INSERT INTO (\w+) \(([^)]*)\) VALUES \((.*)\)$", re.IGNORECASE | re.DOTALL)
_UPDATE = re.compile(r"^UPDATE (\w+) SET .+? WHERE (.+)$", re.IGNORECASE | re.DOTALL)
_SET = re.compile(r"^UPDATE Orders SET (.+?) WHERE ", re.IGNORECASE | re.DOTALL)
_DELETE = re.compile(r"^DELETE FROM (\w+) WHERE (.+)$", re.IGNORECASE | re.DOTALL)
# The columns that say which locked rows a changed row belongs to.
_OWNER_COLUMNS = {
    "Orders": "OrderId",
    "OrderLineItems": "OrderLineItemId, OrderId",
    "Inventory": "InventoryId",
    "OrderLineItemInventory": "InventoryId, OrderLineItemId",
    "IdempotencyKeys": "IdempotencyKey",
    "Users": "DisplayName, IsSystem",
}


def _key(value: Any) -> str:
    return str(value).casefold()


def _table(sql: str) -> str:
    words = sql.split()
    return words[2] if words[0].upper() in ("INSERT", "DELETE") else words[1]


class LockAudit:
    """Mixin in front of a Transaction class (see ``audit``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rank = -1
        self._wrote = False
        kinds = ("orders", "references", "lines", "line_orders", "stock", "keys", "system")
        self._locked: dict[str, set[str]] = {kind: set() for kind in kinds}
        self._inserted: dict[str, set[str]] = {}
        self._requested: dict[LockTarget, set[str]] = {}

    # -- the hooks of Transaction ------------------------------------------------------------------------------
    def _lock(self, target: LockTarget, company_id: str, keys: list[str]) -> None:
        tx: Any = self
        self._check_tsql(target, len(keys))
        if not company_id:  # a lock without its company matches no row: it would hold nothing on SQL Server
            self._violate(f"lock of {target.table}.{target.column} names no company")
        held = self._requested.setdefault(target, set())
        if held.issuperset(keys):  # locked already in this transaction: nothing new is acquired, in any order
            super()._lock(target, company_id, keys)  # type: ignore[misc]
            return
        held.update(keys)
        if self._wrote:
            self._violate(f"lock of {target.table}.{target.column} after the transaction's first write")
        if target.rank < self._rank:
            self._violate(f"lock of {target.table}.{target.column} out of the global order")
        self._rank = target.rank
        found = [_key(row[0]) for row in tx._query_values(target.statement("", len(keys)), [company_id, *keys])]
        self._cover(target, keys, found)
        super()._lock(target, company_id, keys)  # type: ignore[misc]

    def _execute(self, sql: str, params: Params) -> int:
        self._audit(sql, [params])
        return int(super()._execute(sql, params))  # type: ignore[misc]

    def _executemany(self, sql: str, rows: Iterable[Params]) -> int:
        batch = list(rows)
        self._audit(sql, batch)
        return int(super()._executemany(sql, batch))  # type: ignore[misc]

    # -- checks ---------------------------------------------------------------------------------------------------
    def _cover(self, target: LockTarget, keys: list[str], found: list[str]) -> None:
        locked = self._locked
        if target is locking.ORDERS:
            locked["orders"].update(keys)
        elif target is locking.ORDER_REFERENCES:
            locked["references"].update(keys)  # the lock names reference keys
            locked["orders"].update(found)
        elif target is locking.LINES_OF_ORDERS:
            locked["line_orders"].update(keys)
            locked["lines"].update(found)
        elif target is locking.LINES:
            locked["lines"].update(keys)
        elif target is locking.STOCK:
            locked["stock"].update(keys)
        elif target is locking.IDEMPOTENCY_KEY:
            locked["keys"].update(map(_key, keys))
        elif target is locking.SYSTEM_USER:
            locked["system"].update(map(_key, keys))

    def _audit(self, sql: str, rows: Sequence[Params]) -> None:
        verb = sql.lstrip().split(" ", 1)[0].upper()
        if verb not in ("INSERT", "UPDATE", "DELETE"):
            return
        tx: Any = self
        if tx.exemption is not None or not rows or _table(sql) in locking.UNLOCKED_TABLES:
            return  # writes that need no lock neither count as the first write nor are checked
        if _table(sql) == "Orders":
            self._check_reference_keys(sql, rows, verb)
        self._fire_hook()
        self._wrote = True
        if verb == "INSERT":
            self._audit_insert(sql, rows)
        else:
            self._audit_change(sql, rows, verb)

    def _check_reference_keys(self, sql: str, rows: Sequence[Params], verb: str) -> None:
        """The derived key travels with the reference: an INSERT or UPDATE of Orders setting one sets both."""
        if verb == "INSERT":
            match = _INSERT.match(sql)
            assert match, f"the audit does not understand: {sql[:80]}"
            columns = [name.strip() for name in match.group(2).split(",")]
            items = [item.strip() for item in match.group(3).split(",")]
        else:
            found = _SET.match(sql) if verb == "UPDATE" else None
            pairs = [item.split("=") for item in found.group(1).split(",")] if found else []
            columns, items = [column.strip() for column, _ in pairs], [item.strip() for _, item in pairs]
        if "OrderReference" not in columns:
            return
        if "OrderReferenceKey" not in columns:
            self._violate(f"{verb} Orders sets OrderReference without OrderReferenceKey: {sql[:80]}")
            return
        for row in rows:
            params = iter(row)
            values = {column: next(params) if item == "?" else item.strip("'") for column, item in zip(columns, items, strict=True)}
            if values["OrderReferenceKey"] != reference_key(str(values["OrderReference"])):
                self._violate(f"{verb} Orders: {values['OrderReferenceKey']!r} is not the key of {values['OrderReference']!r}")

    def _audit_insert(self, sql: str, rows: Sequence[Params]) -> None:
        match = _INSERT.match(sql)
        assert match, f"the audit does not understand: {sql[:80]}"
        table, columns = match.group(1), [name.strip() for name in match.group(2).split(",")]
        if table in locking.UNLOCKED_TABLES:
            return
        # Each VALUES item is a parameter or a literal (simple literals only: no commas inside).
        items = [item.strip() for item in match.group(3).split(",")]
        for row in rows:
            params = iter(row)
            values = {column: next(params) if item == "?" else item.strip("'") for column, item in zip(columns, items, strict=True)}
            problem = self._insert_problem(table, values)
            if problem:
                self._violate(f"INSERT INTO {table}: {problem}")
            first = columns[0]
            self._inserted.setdefault(table, set()).add(_key(values[first]))

    def _insert_problem(self, table: str, row: dict[str, Any]) -> str | None:
        locked, inserted = self._locked, self._inserted
        if table == "Orders":
            ok = reference_key(str(row["OrderReference"])) in locked["references"]
            return None if ok else f"the reference {row['OrderReference']!r} was not locked"
        if table == "OrderLineItems":
            ok = _key(row["OrderId"]) in locked["orders"] | inserted.get("Orders", set())
            return None if ok else f"its order {row['OrderId']} was not locked"
        if table == "Inventory":
            parent = row["ParentInventoryId"]
            return None if parent is None or _key(parent) in locked["stock"] else f"its parent stock row {parent} was not locked"
        if table == "OrderLineItemInventory":
            ok = _key(row["InventoryId"]) in locked["stock"] | inserted.get("Inventory", set())
            return None if ok else f"its stock row {row['InventoryId']} was not locked"
        if table == "IdempotencyKeys":
            return None if _key(row["IdempotencyKey"]) in locked["keys"] else "the key was not locked"
        if table == "Users":
            ok = not row["IsSystem"] or _key(row["DisplayName"]) in locked["system"]
            return None if ok else "the system principal's name was not locked"
        return "no lock rule for this table"

    def _audit_change(self, sql: str, rows: Sequence[Params], verb: str) -> None:
        match = (_UPDATE if verb == "UPDATE" else _DELETE).match(sql)
        assert match, f"the audit does not understand: {sql[:80]}"
        table, where = match.group(1), match.group(2)
        if table in locking.UNLOCKED_TABLES:
            return
        if table not in _OWNER_COLUMNS:
            self._violate(f"{verb} {table}: no lock rule for this table")
            return
        skipped = sql[: match.start(2)].count("?")
        tx: Any = self
        for row in rows:
            for found in tx._query(f"SELECT {_OWNER_COLUMNS[table]} FROM {table} WHERE {where}", list(row)[skipped:]):
                if not self._covered(table, found):
                    self._violate(f"{verb} {table} changes a row it did not lock first: {dict(found)}")
        if table == "Orders" and verb == "UPDATE":
            self._check_reactivation(sql, rows, where, skipped)

    def _check_reactivation(self, sql: str, rows: Sequence[Params], where: str, skipped: int) -> None:
        """An order made active again (a restore) takes its reference back: that reference must be locked, as a new
        order's is, or a concurrent create could take it in between on SQL Server."""
        found = _SET.match(sql)
        pairs = [[part.strip() for part in item.split("=")] for item in found.group(1).split(",")] if found else []
        columns = [column for column, _ in pairs]
        if "Active" not in columns or pairs[columns.index("Active")][1] != "?":
            return
        position = sum(1 for _, item in pairs[: columns.index("Active")] if item == "?")
        tx: Any = self
        for row in rows:
            if not list(row)[position]:
                continue  # a delete gives its reference up: nothing to lock
            for order in tx._query(f"SELECT OrderReferenceKey FROM Orders WHERE {where}", list(row)[skipped:]):
                if str(order["OrderReferenceKey"]) not in self._locked["references"]:
                    self._violate(f"UPDATE Orders restores an order whose reference was not locked: {dict(order)}")

    def _covered(self, table: str, row: dict[str, Any]) -> bool:
        locked, inserted = self._locked, self._inserted
        if table == "Orders":
            return _key(row["OrderId"]) in locked["orders"] | inserted.get("Orders", set())
        if table == "OrderLineItems":
            line = _key(row["OrderLineItemId"])
            return line in locked["lines"] | inserted.get("OrderLineItems", set()) or _key(row["OrderId"]) in locked["line_orders"]
        if table == "Inventory":
            return _key(row["InventoryId"]) in locked["stock"] | inserted.get("Inventory", set())
        if table == "OrderLineItemInventory":  # a link is covered by its stock row's lock or its line's
            stock = _key(row["InventoryId"]) in locked["stock"] | inserted.get("Inventory", set())
            return stock or _key(row["OrderLineItemId"]) in locked["lines"]
        if table == "IdempotencyKeys":
            return _key(row["IdempotencyKey"]) in locked["keys"]
        return bool(table == "Users" and row["IsSystem"] and _key(row["DisplayName"]) in locked["system"])

    def _check_tsql(self, target: LockTarget, count: int) -> None:
        sql = SqlServerDialect().lock_statement(target, count)
        if sql is None or sql in _parsed:
            return
        from tests.tsql import parse_tsql

        text = parse_tsql(sql).sql(dialect="tsql").upper()
        if "UPDLOCK" not in text or "HOLDLOCK" not in text:
            self._violate(f"the SQL Server lock statement lost its hint: {sql[:80]}")
        _parsed.add(sql)

    def _fire_hook(self) -> None:
        if self._wrote:
            return
        with _hook_lock:
            change = _hook.pop("before_first_write", None)
        if change is not None:
            change(self._commit_between)

    def _commit_between(self, sql: str, params: Params) -> int:
        """Commit what this transaction did so far (reads only: no write has run yet), run ``sql`` as a transaction
        of its own, committed, and carry on in a new transaction on the same connection."""
        conn: Any = self.conn  # type: ignore[attr-defined]
        if self.dialect.name == "sqlite":  # type: ignore[attr-defined]
            conn.execute("COMMIT")
            changed = int(conn.execute(sql, params).rowcount)
            conn.execute("BEGIN IMMEDIATE")
            return changed
        conn.commit()
        cursor = conn.cursor()
        cursor.execute(sql, list(params))
        changed = int(cursor.rowcount)
        conn.commit()
        return changed

    def _violate(self, message: str) -> None:
        VIOLATIONS.append(message)
        raise AssertionError(f"locking protocol: {message}")


_classes: dict[type, type] = {}


def audit(db: Database) -> Database:
    """Switch the audit on for ``db`` (its transactions become audited ones)."""
    base: type[Transaction] = db.transaction_class  # type: ignore[attr-defined]
    if not issubclass(base, LockAudit):
        audited = _classes.setdefault(base, type(f"Audited{base.__name__}", (LockAudit, base), {}))
        db.transaction_class = audited  # type: ignore[attr-defined]
    return db


@contextlib.contextmanager
def competing_change(sql: str, params: Params = ()) -> Iterator[list[int]]:
    """While active, the next write transaction has ``sql`` committed just before its first write (after its reads),
    as by a concurrent writer that got past a missing lock; yields [rows the competing change changed]."""
    changed: list[int] = []

    def change(run: Callable[[str, Params], int]) -> None:
        changed.append(run(sql, params))

    with _hook_lock:
        _hook["before_first_write"] = change
    try:
        yield changed
    finally:
        with _hook_lock:
            _hook.pop("before_first_write", None)
