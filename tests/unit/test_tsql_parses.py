"""Every statement the order endpoints run, and every SQL Server migration, parses as T-SQL (sqlglot ``tsql``)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlglot

from shared.context import AppContext
from shared.db.migrate import migration_files, split_statements
from shared.services import admin
from tests.support import Api, Tenant, order
from tests.tsql import FIRST_MARK, capture, parse_tsql, sqlite_only, unparsable


def run_scenario(api: Api, ctx: AppContext, tenant: Tenant) -> None:
    """Exercise every route and service that touches the database."""
    org = admin.create_organisation(ctx.db, tenant.company_id, "Customer")["relatedOrganisationId"]
    a, b = api.create([order("SO-A", lines=2, relatedOrganisationId=org), order("SO-B")])
    a["lineItems"][0]["lineNumber"], a["lineItems"][1]["lineNumber"] = 2, 1
    a["orderReference"], b["orderReference"] = "SO-B", "SO-A"
    a["lineItems"].append({"quantity": 1})
    a, b = api.update([a, b])
    api.update([{**a, "lineItems": a["lineItems"][:1]}])
    api.request("GET", query_string="limit=1&status=Open&site=x&search=S&orderDateFrom=2026-01-01&orderDateTo=2027-01-01"
                f"&updatedSince=2026-01-01T00:00:00Z&relatedOrganisationId={org}")
    page = api.request("GET", query_string="limit=1")
    cursor = page.headers["Link"].split("cursor=")[1].split(">")[0]
    api.request("GET", query_string=f"limit=1&cursor={cursor}&includeDeleted=true")
    api.request("GET", f"/{a['orderId']}/details")
    api.request("DELETE", json=[b["orderId"]])
    api.request("GET", "/deleted")
    api.request("POST", "/restore", json=[b["orderId"]])
    api.client.get("/api/health")
    admin.revoke_api_key(ctx.db, admin.create_api_key(ctx.db, tenant.company_id, "Temp")["apiKeyId"])
    api.request("GET", f"/{uuid.uuid4()}")


@pytest.fixture(scope="module")
def captured(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return capture(run_scenario, tmp_path_factory.mktemp("tsql"))


def test_the_scenario_captures_the_statements_of_every_repository(captured: set[str]) -> None:
    text = "\n".join(captured)
    for table in ("Orders", "OrderLineItems", "RelatedOrganisations", "ApiKeys", "OrderLineItemInventory", "Companies", "Users"):
        assert f" {table} " in text or f" {table}\n" in text, table
    assert any(sql.startswith("UPDATE OrderLineItems") for sql in captured)
    assert any(sql.endswith(" LIMIT ?" + FIRST_MARK) for sql in captured)


def test_every_captured_statement_parses_as_tsql(captured: set[str]) -> None:
    assert unparsable(captured) == []


@pytest.mark.parametrize("path", migration_files("sqlserver"), ids=lambda path: path.name)
def test_every_sql_server_migration_batch_parses_as_tsql(path: Path) -> None:
    batches = split_statements(path.read_text(encoding="utf-8"), "sqlserver")
    assert batches
    for batch in batches:
        parse_tsql(batch)


def test_sql_server_versioned_tables_are_system_versioned_temporal_tables() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in migration_files("sqlserver"))
    for table in ("Orders", "OrderLineItems", "Inventory", "OrderLineItemInventory"):
        assert f"SYSTEM_VERSIONING = ON (HISTORY_TABLE = dbo.{table}History)" in text


def test_the_parser_check_rejects_broken_sql() -> None:
    with pytest.raises((sqlglot.errors.ParseError, AssertionError)):
        parse_tsql("SELEC OrderId FROM WHERE")


@pytest.mark.parametrize("sql", [
    "SELECT OrderId FROM Orders WHERE CompanyId = ? ORDER BY OrderId LIMIT ?",
    "INSERT INTO Users (UserId, CompanyId) VALUES (?, ?) ON CONFLICT (UserId) DO NOTHING",
    "INSERT OR IGNORE INTO Users (UserId, CompanyId) VALUES (?, ?)",
    "INSERT OR REPLACE INTO Users (UserId, CompanyId) VALUES (?, ?)",
    "REPLACE INTO Users (UserId, CompanyId) VALUES (?, ?)",
    "SELECT OrderReference || ' ' || Site AS label FROM Orders WHERE CompanyId = ?",
    "SELECT julianday(UpdatedAt) AS d FROM Orders WHERE CompanyId = ?",
    "SELECT group_concat(Site) AS sites FROM Orders WHERE CompanyId = ?",
    "UPDATE Orders SET UpdatedAt = datetime('now') WHERE CompanyId = ?",
    "SELECT strftime('%Y', OrderDate) AS y FROM Orders WHERE CompanyId = ?",
    "SELECT ifnull(Site, '') AS s FROM Orders WHERE CompanyId = ?",
    "SELECT substr(Site, 1, 2) AS s FROM Orders WHERE CompanyId = ?",
    "SELECT length(Site) AS n FROM Orders WHERE CompanyId = ?",
    "CREATE TABLE T (Id INTEGER PRIMARY KEY AUTOINCREMENT)",
    "DELETE FROM Orders WHERE CompanyId = ? RETURNING OrderId",
    "SELECT OrderId FROM Orders WHERE Site GLOB ?",
    "SELECT OrderId FROM Orders WHERE Site = ? COLLATE NOCASE",
    "SELECT OrderId FROM Orders WHERE Active = TRUE",
    "SELECT OrderId FROM Orders ORDER BY Site NULLS LAST",
    "SELECT rowid FROM Orders",
    "SELECT last_insert_rowid() AS id",
])
def test_sqlite_only_sql_is_caught_even_where_sqlglot_reads_it_as_tsql(sql: str) -> None:
    assert sqlite_only(sql), sql
    assert unparsable([sql]) != []


def test_sqlite_transaction_control_is_denied_too() -> None:
    assert sqlite_only("PRAGMA foreign_keys = ON") and sqlite_only("BEGIN IMMEDIATE")


def test_only_the_dialects_own_limit_is_rendered_for_sql_server() -> None:
    select = "SELECT OrderId FROM Orders WHERE CompanyId = ? ORDER BY OrderId"
    assert unparsable([f"{select} LIMIT ?{FIRST_MARK}"]) == []
    assert unparsable([f"{select} LIMIT ?"]) != []


def test_the_denylist_does_not_look_into_string_literals_or_flag_tsql() -> None:
    assert sqlite_only("SELECT OrderId FROM Orders WHERE Site LIKE ? ESCAPE '\\' AND Notes <> 'a || b LIMIT 1'") == []
    assert sqlite_only("SELECT OrderId FROM Orders WITH (UPDLOCK, HOLDLOCK) WHERE CompanyId = ? ORDER BY OrderId"
                       " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY") == []
    assert sqlite_only("SELECT ISNULL(Site, '') AS s, LEN(Site) AS n, SUBSTRING(Site, 1, 2) AS p, DATEADD(day, 1, OrderDate) AS d"
                       " FROM Orders WHERE CompanyId = ?") == []


@pytest.mark.parametrize("path", migration_files("sqlserver"), ids=lambda path: path.name)
def test_no_sql_server_migration_uses_sqlite_only_sql(path: Path) -> None:
    for batch in split_statements(path.read_text(encoding="utf-8"), "sqlserver"):
        assert sqlite_only(batch) == [], batch[:200]
