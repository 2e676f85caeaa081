"""Test helpers: an app context on a fresh database, tenants with API keys, and an HTTP client over devhost."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from werkzeug.test import Client, TestResponse

import function_app
from devhost.wsgi import create_app
from shared.clock import SystemClock
from shared.config import Settings
from shared.context import AppContext, build_context
from shared.db.migrate import migrate
from shared.services import admin
from tests import result_names
from tests.locking_audit import audit

SQLSERVER_ENV = "TEST_SQLSERVER_CONNECTION_STRING"


def sqlserver_configured() -> bool:
    return bool(os.environ.get(SQLSERVER_ENV))


@cache
def migrated_sqlite_image() -> bytes:
    """A freshly migrated SQLite database file, made once per process: each test's database starts as a copy of it
    (writing ~0.5 MB instead of running every migration; migrations are tested from scratch in their own tests)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.sqlite3"
        context = build_context(Settings(sqlite_path=path, blob_local_root=Path(folder) / "blobs"), SystemClock())
        migrate(context.db)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return conn.serialize()


def make_context(tmp_path: Path, backend: str = "sqlite", **overrides: Any) -> AppContext:
    settings = Settings(
        sql_connection_string=os.environ[SQLSERVER_ENV] if backend == "sqlserver" else None,
        sqlite_path=tmp_path / "orders.sqlite3",
        blob_local_root=tmp_path / "blobs",
        **overrides,
    )
    if backend == "sqlite" and not settings.sqlite_path.exists():
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        settings.sqlite_path.write_bytes(migrated_sqlite_image())  # migrate() below finds nothing left to apply
    context = build_context(settings, SystemClock())
    audit(context.db)  # every write transaction of the suite is checked against the locking protocol
    result_names.check(context.db)  # every read's column names as SQL Server would give them
    migrate(context.db)
    return context


@dataclass(frozen=True)
class Tenant:
    company_id: str
    api_key: str
    api_key_id: str
    user_id: str
    name: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"}


def make_tenant(context: AppContext, name: str = "Acme Steel", user: str = "Alice Planner") -> Tenant:
    company_id = admin.create_company(context.db, f"{name} {uuid.uuid4().hex[:6]}")["companyId"]
    key = admin.create_api_key(context.db, company_id, user)
    return Tenant(company_id, key["apiKey"], key["apiKeyId"], key["userId"], name)


def add_user(context: AppContext, tenant: Tenant, user: str) -> Tenant:
    key = admin.create_api_key(context.db, tenant.company_id, user)
    return Tenant(tenant.company_id, key["apiKey"], key["apiKeyId"], key["userId"], tenant.name)


def make_organisation(context: AppContext, tenant: Tenant, name: str) -> str:
    return str(admin.create_organisation(context.db, tenant.company_id, name)["relatedOrganisationId"])


class Api:
    """An HTTP client bound to one tenant's key and company paths."""

    def __init__(self, client: Client, tenant: Tenant) -> None:
        self.client = client
        self.tenant = tenant

    def url(self, path: str = "") -> str:
        return f"/api/companies/{self.tenant.company_id}/orders{path}"

    def request(self, method: str, path: str = "", **kwargs: Any) -> TestResponse:
        headers = {**self.tenant.headers, **kwargs.pop("headers", {})}
        return self.client.open(self.url(path), method=method, headers=headers, **kwargs)

    def create(self, orders: Any, expect: int = 201) -> Any:
        response = self.request("POST", json=orders)
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()

    def update(self, orders: Any, expect: int = 200) -> Any:
        response = self.request("PUT", json=orders)
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()

    def get(self, order_id: str, expect: int = 200) -> Any:
        response = self.request("GET", f"/{order_id}")
        assert response.status_code == expect, response.get_data(as_text=True)
        return response.get_json()


def http_client() -> Client:
    return Client(_wsgi_app())


@cache
def _wsgi_app() -> Any:
    """devhost's WSGI app, built once per process: compiling its routing map took longer than most tests (~0.1 s).
    It keeps no state between requests (the app context is set per test), so every test's client may share it."""
    return create_app(function_app.app)


def order(reference: str | None = None, lines: int = 0, **fields: Any) -> dict[str, Any]:
    """A valid order body (factory); ``lines`` adds that many simple line items."""
    body: dict[str, Any] = {
        "orderReference": reference or f"SO-{uuid.uuid4().hex[:8]}",
        "orderDate": "2026-03-01",
        "deliveryDate": "2026-03-20",
        "site": "Sheffield",
        "quantity": 12.5,
    }
    if lines:
        body["lineItems"] = [
            {"productCode": f"PL-{n}", "description": f"Plate S355 {n}", "materialGrade": "S355J2", "quantity": n * 1.5, "unit": "t"}
            for n in range(1, lines + 1)
        ]
    body.update(fields)
    return body
