"""Migration 0009 (issue 12.9) on a database written by the previous version: every order gets its reference key
(a Python step: SQL has no Unicode case folding), the unique index moves to the key, and two active orders whose
references already differ only in case stop the migration with a message naming them, changing nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared import context as app_context
from shared.cli.app import main as cli
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db import migrate as migrate_module
from shared.order_references import reference_key
from tests.locking_audit import audit
from tests.support import Api, Tenant, http_client, make_tenant

VERSION = "0009_order_reference_key"


@pytest.fixture
def old(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    """A SQLite database at the schema before 0009 (the app's context points at it)."""
    settings = Settings(sqlite_path=tmp_path / "orders.sqlite3", blob_local_root=tmp_path / "blobs")
    context = build_context(settings, SystemClock())
    audit(context.db)
    every = migrate_module.migration_files
    with monkeypatch.context() as patched:
        patched.setattr(migrate_module, "migration_files", lambda dialect: [path for path in every(dialect) if path.stem < VERSION])
        migrate_module.migrate(context.db)
    app_context.use(context)
    yield context
    app_context.use(None)


def written_before(ctx: AppContext, tenant: Tenant, reference: str, *, active: bool = True) -> str:
    """An order as the previous version stored it (no key column yet)."""
    order_id = str(uuid.uuid4())
    with ctx.db.write() as tx:
        tx.exempt("test setup: an order written by the previous version")
        tx.execute(
            "INSERT INTO Orders (OrderId, CompanyId, OrderReference, OrderDate, Status, Active, CreatedAt, CreatedById,"
            " UpdatedAt, UpdatedById, DeletedAt) VALUES (?, ?, ?, '2026-01-01', 'Open', ?, ?, ?, ?, ?, ?)",
            (order_id, tenant.company_id, reference, active, tx.now, tenant.user_id, tx.now, tenant.user_id, None if active else tx.now),
        )
        tx.commit()
    return order_id


def columns(ctx: AppContext) -> set[str]:
    with ctx.db.read() as tx:
        return {str(row["name"]) for row in tx.query("SELECT name FROM pragma_table_info('Orders')")}


def indexes(ctx: AppContext) -> set[str]:
    with ctx.db.read() as tx:
        return {str(row["name"]) for row in tx.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Orders'")}


def test_migrate_fills_every_key_and_the_index_then_refuses_a_reference_in_another_case(
    old: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant, other = make_tenant(old), make_tenant(old, "Borealis Metals")
    held = written_before(old, tenant, "ÄBC-1")
    written_before(old, tenant, "STRASSE")
    deleted = written_before(old, tenant, "äbc-1", active=False)  # deleted orders may share a key with an active one
    written_before(old, other, "äbc-1")  # and other companies' orders
    api = Api(http_client(), tenant)
    history_before = api.request("GET", f"/{held}/history").get_json()
    assert "OrderReferenceKey" not in columns(old)

    capsys.readouterr()
    assert cli(["migrate"]) == 0
    assert json.loads(capsys.readouterr().out)["applied"] == [VERSION]
    with old.db.read() as tx:
        rows = tx.query("SELECT OrderReference, OrderReferenceKey FROM Orders")
    assert len(rows) == 4 and all(row["OrderReferenceKey"] == reference_key(row["OrderReference"]) for row in rows)
    assert "UX_Orders_ActiveReferenceKey" in indexes(old) and "UX_Orders_ActiveReference" not in indexes(old)

    assert api.request("POST", json=[{"orderReference": "äbc-1"}]).status_code == 409
    assert api.request("POST", json=[{"orderReference": "straße"}]).status_code == 409
    assert api.request("POST", "/restore", json=[deleted]).status_code == 409
    assert api.request("GET", f"/{held}/history").get_json() == history_before  # the backfill is no visible change
    assert cli(["migrate"]) == 0 and json.loads(capsys.readouterr().out)["applied"] == []


def test_the_database_refuses_an_order_without_its_key(old: AppContext) -> None:
    tenant = make_tenant(old)
    assert cli(["migrate"]) == 0
    with pytest.raises(Exception, match="OrderReferenceKey may not be NULL"):
        written_before(old, tenant, "SO-NO-KEY")


def test_active_orders_colliding_under_the_rule_stop_the_migration_naming_them_and_nothing_changes(
    old: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant = make_tenant(old)
    first, second = written_before(old, tenant, "STRASSE"), written_before(old, tenant, "straße")
    written_before(old, tenant, "Straße", active=False)

    capsys.readouterr()
    assert cli(["migrate"]) == 1
    printed = capsys.readouterr().err
    assert "Migration 0009 stopped: 1 active order(s) have a reference that differs from another active order's only in case." in printed
    [collision] = [line for line in printed.splitlines() if line.startswith("  - ")]
    assert f"company {tenant.company_id}: order " in collision
    assert all(f"order {order_id} '{reference}'" in collision for order_id, reference in ((first, "STRASSE"), (second, "straße")))
    assert "OrderReferenceKey" not in columns(old) and "UX_Orders_ActiveReference" in indexes(old)
    with old.db.read() as tx:
        assert tx.scalar("SELECT COUNT(*) AS n FROM SchemaMigrations WHERE Version = ?", (VERSION,)) == 0

    with old.db.write() as tx:  # the operator renames one of them (with the running version), and migrates again
        tx.exempt("test setup: a rename by the previous version")
        tx.execute("UPDATE Orders SET OrderReference = 'STRASSE-2' WHERE OrderId = ?", (second,))
        tx.commit()
    assert cli(["migrate"]) == 0
