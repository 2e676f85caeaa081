"""RFC 9457 problem details: the one shape of every error response."""

from __future__ import annotations

from typing import Any

import azure.functions as func

from shared.errors import AppError, ServiceUnavailable, Unauthorized, status_title
from shared.http.jsonio import dump_bytes

PROBLEM_JSON = "application/problem+json"


def problem_body(status: int, detail: str, correlation_id: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
        "detail": detail,
        "correlationId": correlation_id,
    }
    if errors:
        body["errors"] = errors
    return body


def problem_response(error: AppError, correlation_id: str) -> func.HttpResponse:
    headers = {"X-Correlation-Id": correlation_id}
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="orders-api"'
    if isinstance(error, ServiceUnavailable):
        headers["Retry-After"] = str(error.retry_after_seconds)
    body = problem_body(error.status, error.detail, correlation_id, error.errors)
    return func.HttpResponse(dump_bytes(body), status_code=error.status, headers=headers, mimetype=PROBLEM_JSON, charset="utf-8")


def internal_error_response(correlation_id: str) -> func.HttpResponse:
    """A 500 says nothing but how to find it in the logs."""
    body = problem_body(500, f"An unexpected error occurred. Quote correlation id {correlation_id}.", correlation_id)
    return func.HttpResponse(
        dump_bytes(body), status_code=500, headers={"X-Correlation-Id": correlation_id}, mimetype=PROBLEM_JSON, charset="utf-8"
    )
