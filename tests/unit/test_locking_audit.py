"""The locking audit catches what it is there to catch (and the suite-wide fixture would then fail the test)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.context import AppContext
from shared.db import locking
from shared.db.database import Transaction
from shared.services import order_update
from tests import locking_audit
from tests.support import Api, make_context, make_tenant, order


@pytest.fixture
def audited(tmp_path: Path) -> Iterator[AppContext]:
    context = make_context(tmp_path)
    yield context
    locking_audit.VIOLATIONS.clear()  # the violations below are the point of these tests


def order_row(context: AppContext) -> tuple[str, str]:
    company_id = make_tenant(context).company_id
    order_id = str(uuid.uuid4())
    with context.db.write() as tx:
        tx.exempt("test setup: arranges stored data directly")
        tx.execute(
            "INSERT INTO Orders (OrderId, CompanyId, OrderReference, OrderReferenceKey, OrderDate, Status, Active, CreatedAt,"
            " CreatedById, UpdatedAt, UpdatedById) VALUES (?, ?, 'SO-1', 'so-1', '2026-01-01', 'Open', 1, ?, ?, ?, ?)",
            (order_id, company_id, tx.now, company_id, tx.now, company_id),
        )
        tx.commit()
    return company_id, order_id


def attempt(context: AppContext, work) -> str:
    with pytest.raises(AssertionError, match="locking protocol") as raised, context.db.write() as tx:
        work(tx)
    return str(raised.value)


def test_an_update_of_a_row_that_was_not_locked_is_caught(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)

    def unlocked(tx: Transaction) -> None:
        tx.execute("UPDATE Orders SET Site = 'x' WHERE CompanyId = ? AND OrderId = ?", (company_id, order_id))

    assert "did not lock first" in attempt(audited, unlocked)


def test_an_update_of_the_locked_row_passes(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)
    with audited.db.write() as tx:
        tx.lock(locking.ORDERS, company_id, [order_id])
        assert tx.execute("UPDATE Orders SET Site = 'x' WHERE CompanyId = ? AND OrderId = ?", (company_id, order_id)) == 1
    assert locking_audit.VIOLATIONS == []


def test_a_reference_written_without_its_key_or_with_a_wrong_one_is_caught(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)

    def write(columns: str, *values: str) -> Callable[[Transaction], None]:
        def run(tx: Transaction) -> None:
            tx.lock(locking.ORDERS, company_id, [order_id])
            tx.execute(f"UPDATE Orders SET {columns} WHERE CompanyId = ? AND OrderId = ?", (*values, company_id, order_id))
        return run

    assert "without OrderReferenceKey" in attempt(audited, write("OrderReference = ?", "STRASSE"))
    assert "is not the key of 'STRASSE'" in attempt(audited, write("OrderReference = ?, OrderReferenceKey = ?", "STRASSE", "strasse "))
    locking_audit.VIOLATIONS.clear()
    with audited.db.write() as tx:
        write("OrderReference = ?, OrderReferenceKey = ?", "STRASSE", "strasse")(tx)
    assert locking_audit.VIOLATIONS == []


def test_a_lock_taken_after_a_write_is_caught(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)

    def late(tx: Transaction) -> None:
        tx.lock(locking.ORDERS, company_id, [order_id])
        tx.execute("UPDATE Orders SET Site = 'x' WHERE CompanyId = ? AND OrderId = ?", (company_id, order_id))
        tx.lock(locking.STOCK, company_id, [str(uuid.uuid4())])

    assert "after the transaction's first write" in attempt(audited, late)


def test_locks_out_of_the_global_order_are_caught(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)

    def backwards(tx: Transaction) -> None:
        tx.lock(locking.STOCK, company_id, [str(uuid.uuid4())])
        tx.lock(locking.ORDERS, company_id, [order_id])

    assert "out of the global order" in attempt(audited, backwards)


def test_an_insert_of_a_line_into_an_order_that_was_not_locked_is_caught(audited: AppContext) -> None:
    company_id, order_id = order_row(audited)

    def insert(tx: Transaction) -> None:
        tx.execute(
            "INSERT INTO OrderLineItems (OrderLineItemId, OrderId, CompanyId, LineNumber, Quantity, Active, CreatedAt, CreatedById,"
            " UpdatedAt, UpdatedById) VALUES (?, ?, ?, 1, '1', 1, ?, ?, ?, ?)",
            (str(uuid.uuid4()), order_id, company_id, tx.now, company_id, tx.now, company_id),
        )

    assert "its order" in attempt(audited, insert)


def test_a_service_that_skips_its_locks_fails_the_request(audited: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from shared import context as app_context
    from tests.support import http_client

    app_context.use(audited)
    try:
        api = Api(http_client(), make_tenant(audited))
        [created] = api.create([order("SO-SKIP")])
        monkeypatch.setattr(order_update, "_lock", lambda *args: None)
        assert api.request("PUT", json=[{**created, "site": "Elsewhere"}]).status_code == 500
        assert any("did not lock first" in violation for violation in locking_audit.VIOLATIONS)
    finally:
        app_context.use(None)


def test_sql_server_sorts_guids_by_their_last_group_first() -> None:
    low, high = "ffffffff-ffff-ffff-ffff-000000000001", "00000000-0000-0000-0000-000000000002"
    assert locking.ORDERS.in_lock_order([high, low]) == [low, high]


def _reference_order(value: str) -> bytes:  # the definition: SQL Server's byte order of the stored GUID
    raw = uuid.UUID(value).bytes
    return raw[10:16] + raw[8:10] + raw[6:8][::-1] + raw[4:6][::-1] + raw[0:4][::-1]


def _one_byte_set(position: int, value: int) -> str:
    return str(uuid.UUID(bytes=bytes(value if n == position else 0 for n in range(16))))


def test_the_fast_guid_order_ranks_every_byte_and_nibble_as_sql_server_does() -> None:
    singles = [_one_byte_set(position, value) for position in range(16) for value in (0x01, 0x10, 0x11)]
    assert sorted(singles, key=locking.sqlserver_guid_order) == sorted(singles, key=_reference_order)


@given(st.lists(st.uuids(), min_size=2, max_size=30), st.booleans())
def test_the_fast_guid_order_is_sql_servers_byte_order(guids: list[uuid.UUID], upper: bool) -> None:
    texts = [str(guid).upper() if upper else str(guid) for guid in guids]
    assert sorted(texts, key=locking.sqlserver_guid_order) == sorted(texts, key=_reference_order)
    assert locking.ORDERS.in_lock_order(texts) == sorted({t.lower() for t in texts}, key=_reference_order)
