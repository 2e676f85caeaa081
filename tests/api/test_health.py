"""GET /api/health, exactly: ok, or a 503 naming each failing dependency with a reason that names no secret, each
failure logged once for the operator (with its traceback only when it is not one of our own errors)."""

from __future__ import annotations

import logging

import pytest

from shared.context import AppContext
from shared.errors import DependencyFailed


def health_log(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str, bool]]:
    return [(r.levelno, r.getMessage(), bool(r.exc_info)) for r in caplog.records if r.getMessage().startswith("health check")]


def test_healthy_is_200_ok_and_logs_nothing(client, caplog: pytest.LogCaptureFixture) -> None:
    response = client.get("/api/health")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    assert health_log(caplog) == []


def test_each_failing_dependency_is_named_with_a_reason_that_names_no_secret(
    ctx: AppContext, client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def unreachable() -> None:
        raise ConnectionError("login failed for password=hunter2")

    def refused() -> None:
        raise DependencyFailed("blob store", "403 AuthorizationFailure")

    monkeypatch.setattr(ctx.db, "ping", unreachable)
    monkeypatch.setattr(ctx.blobs, "ping", refused)
    with caplog.at_level(logging.WARNING, logger="orders_api"):
        response = client.get("/api/health")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "10")
    assert response.get_json()["detail"] == "Not healthy: database (did not answer); storage (refuses the service)."
    assert health_log(caplog) == [
        (logging.WARNING, "health check: database is not healthy (did not answer)", True),
        (logging.WARNING, "health check: storage is not healthy (refuses the service)", False),
    ]


def test_a_database_that_answers_but_cannot_store_changes_is_unhealthy_saying_why(
    ctx: AppContext, client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(ctx.db, "storage_problem", lambda: "the disk is full")
    with caplog.at_level(logging.WARNING, logger="orders_api"):
        response = client.get("/api/health")
    assert (response.status_code, response.headers["Retry-After"]) == (503, "10")
    assert response.get_json()["detail"] == "Not healthy: database (cannot store changes: the disk is full)."
    message = "health check: database is not healthy (cannot store changes: the disk is full)"
    assert health_log(caplog) == [(logging.WARNING, message, False)]
