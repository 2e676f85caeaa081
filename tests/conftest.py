from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from shared import context as app_context
from shared.context import AppContext
from tests import locking_audit, result_names
from tests.support import Api, Tenant, http_client, make_context, make_tenant, sqlserver_configured


def pytest_collection_finish(session: pytest.Session) -> None:
    """Freeze what import and collection built (modules, the app, the test functions): it lives for the whole session,
    so the collector need not walk it again. pytest runs two full collections after every session (its unraisable-
    exception check), and mutmut forks each mutant's session from one warm process: walking that heap, and copying
    every page of it on write, was about 200 of the 290 ms of CPU that a mutant's one-test session took."""
    gc.collect()
    gc.freeze()


# Time is measured by the benchmarks, not by tests: Hypothesis' 200 ms deadline per example fails a correct test
# whenever the machine is busy (seen under a mutation run), so it is off for every property test.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

result_names.check_every_sqlite_database()

BACKENDS = ["sqlite"] + (["sqlserver"] if sqlserver_configured() else [])


@pytest.fixture(autouse=True)
def locking_protocol_kept() -> Iterator[None]:
    """Fails a test in which any write transaction broke the locking protocol (tests/locking_audit.py) or a read
    named its result columns in another case than SQLite reports them (tests/result_names.py)."""
    locking_audit.VIOLATIONS.clear()
    result_names.VIOLATIONS.clear()
    yield
    assert locking_audit.VIOLATIONS == [], "write transactions broke the locking protocol"
    assert result_names.VIOLATIONS == [], "a query's result columns would be named differently on SQL Server"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Every API test runs on SQLite, and on SQL Server too when TEST_SQLSERVER_CONNECTION_STRING is set."""
    return str(request.param)


@pytest.fixture
def ctx(tmp_path: Path, backend: str) -> Iterator[AppContext]:
    context = make_context(tmp_path, backend)
    app_context.use(context)
    yield context
    app_context.use(None)


@pytest.fixture
def client(ctx: AppContext):
    return http_client()


@pytest.fixture
def tenant(ctx: AppContext) -> Tenant:
    return make_tenant(ctx, "Acme Steel", "Alice Planner")


@pytest.fixture
def other_tenant(ctx: AppContext) -> Tenant:
    return make_tenant(ctx, "Borealis Metals", "Bruno Buyer")


@pytest.fixture
def api(client, tenant: Tenant) -> Api:
    return Api(client, tenant)


@pytest.fixture
def other_api(client, other_tenant: Tenant) -> Api:
    return Api(client, other_tenant)
