"""The one error hierarchy of the Orders API. Each class knows its HTTP status.

    AppError                      500  (never raised directly)
    ├── BadRequest                400  invalid input; ``errors`` lists every problem found
    ├── Unauthorized              401  missing, malformed, unknown or revoked API key
    ├── Forbidden                 403  valid key, other company
    ├── NotFound                  404  not found in this company
    ├── MethodNotAllowed          405
    ├── Conflict                  409  duplicate reference, stale update, stock taken or short
    ├── PayloadTooLarge           413
    ├── UnsupportedMediaType      415
    ├── UnprocessableContent      422  well-formed, but beyond what the API can do with it (e.g. a render limit)
    ├── ServiceUnavailable        503  transient: database busy, storage unreachable or full
    └── DependencyFailed          500  permanent: a dependency refuses us (driver missing, login failed, firewall)

Services raise these; the HTTP glue maps them (by MRO) to problem+json; the CLI prints their detail.
Foreign exceptions (sqlite3, pyodbc, azure) are translated once, at the storage boundary.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

ErrorItem = dict[str, Any]


class AppError(Exception):
    status = 500

    def __init__(self, detail: str, errors: list[ErrorItem] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or []

    @property
    def title(self) -> str:
        return status_title(self.status)

    @property
    def log_detail(self) -> str:
        """What the one log line of a 5xx says (the public detail, unless a subclass knows more)."""
        return self.detail


class BadRequest(AppError):
    status = 400


class Unauthorized(AppError):
    status = 401


class Forbidden(AppError):
    status = 403


class NotFound(AppError):
    status = 404


class MethodNotAllowed(AppError):
    status = 405


class Conflict(AppError):
    status = 409


class PayloadTooLarge(AppError):
    status = 413


class UnsupportedMediaType(AppError):
    status = 415


class UnprocessableContent(AppError):
    status = 422


class ServiceUnavailable(AppError):
    status = 503

    def __init__(self, detail: str, retry_after_seconds: int = 1) -> None:
        super().__init__(detail)
        self.retry_after_seconds = retry_after_seconds


class DependencyFailed(AppError):
    """A dependency refuses the app for a reason only an operator can fix. The response says no more than that;
    ``cause`` (logged once, never a secret) names it, e.g. "login failed (18456)"."""

    status = 500

    def __init__(self, dependency: str, cause: str) -> None:
        super().__init__(f"The {dependency} is not available to the service; the operator has been told.")
        self.cause = f"{dependency}: {cause}"

    @property
    def log_detail(self) -> str:
        return self.cause


def status_title(status: int) -> str:
    """The ``title`` of a problem with this status, in HTTP responses and blob upload reports alike."""
    return HTTPStatus(status).phrase
