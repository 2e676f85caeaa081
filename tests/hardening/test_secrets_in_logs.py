"""No API key, connection string or SQL text in any log line or response, including on failures."""

from __future__ import annotations

import logging

import pytest

from shared import context as app_context
from shared.services import admin
from tests.hardening.faults import FaultyTransaction, faulty_context
from tests.support import Api, http_client, make_tenant, order


def test_a_full_run_with_failures_logs_no_secret_and_no_sql(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ctx = faulty_context(tmp_path)
    try:
        tenant = make_tenant(ctx)
        api = Api(http_client(), tenant)
        bodies = []
        [created] = api.create([order(lines=2)])
        bodies.append(api.request("GET", query_string="search=x").get_data(as_text=True))
        bodies.append(api.client.get(api.url(), headers={"Authorization": f"Bearer {tenant.api_key}x"}).get_data(as_text=True))
        FaultyTransaction.count, FaultyTransaction.fail_at = 0, 2
        bodies.append(api.request("PUT", json=[{**created, "site": "boom"}]).get_data(as_text=True))
        FaultyTransaction.fail_at = None
        admin.revoke_api_key(ctx.db, tenant.api_key_id)
        bodies.append(api.request("GET").get_data(as_text=True))
    finally:
        FaultyTransaction.fail_at = None
        app_context.use(None)
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert "failed; correlation_id=" in logged  # the 500 was logged, with its correlation id
    everything = logged + "\n".join(bodies)
    assert tenant.api_key not in everything and tenant.api_key[:20] not in everything
    assert "Bearer ordk_" not in everything and "ordk_" not in logged
    for body in bodies:
        assert "SELECT" not in body and "UPDATE " not in body and "sqlite" not in body.lower()
        assert "Traceback" not in body


def test_an_unreachable_sql_server_is_a_503_that_shows_no_connection_string(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    from shared.config import Settings
    from shared.context import build_context

    caplog.set_level(logging.DEBUG)
    secret = "Driver={No Such Driver};Server=tcp:secret-host.example,1433;Database=orders;UID=sa;PWD=TopSecret-42"
    app_context.use(build_context(Settings(sql_connection_string=secret, blob_local_root=tmp_path / "blobs")))
    try:
        client = http_client()
        responses = [
            client.get("/api/health"),
            client.get(f"/api/companies/{'0' * 8}-0000-0000-0000-{'0' * 12}/orders", headers={"Authorization": "Bearer ordk_" + "a" * 43}),
        ]
    finally:
        app_context.use(None)
    assert [response.status_code for response in responses] == [503, 503]
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    everything = logged + "".join(response.get_data(as_text=True) for response in responses)
    assert "TopSecret-42" not in everything and "secret-host" not in everything
