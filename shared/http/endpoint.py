"""The one decorator every HTTP function goes through.

Order of work: correlation id -> authenticate (401) -> company check (403) -> handler -> response. Only after
auth is any path, query or body looked at, so 401/403 never reveal what exists. Domain errors become
problem+json by their class; anything unexpected is logged with the correlation id and becomes a bare 500.
"""

from __future__ import annotations

import logging
import sys
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import azure.functions as func
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from shared import context
from shared.auth import Principal, authenticate, authorize_company
from shared.errors import AppError, BadRequest
from shared.http.jsonio import dump_bytes
from shared.http.problem_responses import internal_error_response, problem_response
from shared.http.replies import FileReply, JsonReply
from shared.http.request import ApiRequest

log = logging.getLogger("orders_api")
OCTET_STREAM = "application/octet-stream"

Handler = Callable[[ApiRequest], Any]
HttpFunction = Callable[[func.HttpRequest], func.HttpResponse]


def endpoint(*, status: int = 200, anonymous: bool = False) -> Callable[[Handler], HttpFunction]:  # pragma: no mutate block
    """Wrap ``handler(ApiRequest)`` as an Azure Functions HTTP handler ``(req: HttpRequest) -> HttpResponse``.

    This runs when ``function_app`` is imported, so it only binds: all the work is in ``_serve``, per request.
    (Not mutated: mutmut switches a mutant on after the import, so a mutant here could never run; see
    docs/mutation-report.md.)
    """

    def decorate(handler: Handler) -> HttpFunction:
        def http_function(req: func.HttpRequest) -> func.HttpResponse:
            return _serve(handler, status, anonymous, req)

        # Present the host the exact signature it binds (req: HttpRequest); keep the handler's identity.
        http_function.__name__ = handler.__name__
        http_function.__qualname__ = handler.__qualname__
        http_function.__module__ = handler.__module__
        http_function.__doc__ = handler.__doc__
        return http_function

    return decorate


def _serve(handler: Handler, status: int, anonymous: bool, req: func.HttpRequest) -> func.HttpResponse:
    correlation_id = uuid.uuid4().hex
    try:
        app = context.current()
        principal = None if anonymous else _authorised_principal(app.db, req)
        _refuse_nameless_parameters(req)
        result = handler(ApiRequest(req, app, principal))
        return _response(result, status, req, correlation_id)
    except AppError as exc:
        if exc.status >= 500:
            level = logging.ERROR if exc.status == 500 else logging.WARNING
            log.log(level, "%s %s -> %s (%s) correlation_id=%s", req.method, _path(req), exc.status, exc.log_detail, correlation_id)
        return problem_response(exc, correlation_id)
    except Exception as exc:
        if _is_validation_error(exc):
            return _invalid_fields(exc, correlation_id)
        log.exception("%s %s failed; correlation_id=%s", req.method, _path(req), correlation_id)
        return internal_error_response(correlation_id)


def _refuse_nameless_parameters(req: func.HttpRequest) -> None:
    """``?=x`` names no parameter: a malformed query is a 400, not silently ignored like an unknown name."""
    if any(not name for name, _ in parse_qsl(urlsplit(str(req.url)).query, keep_blank_values=True)):
        raise BadRequest("A query parameter has no name.", [{"field": "", "message": "a query parameter needs a name"}])


def _is_validation_error(exc: Exception) -> bool:
    """A pydantic ValidationError, told without importing pydantic (only a request that used it can raise one)."""
    pydantic = sys.modules.get("pydantic")
    return pydantic is not None and isinstance(exc, pydantic.ValidationError)


def _invalid_fields(exc: Exception, correlation_id: str) -> func.HttpResponse:
    from pydantic import ValidationError

    from shared.models.parsing import validation_errors

    assert isinstance(exc, ValidationError)
    return problem_response(BadRequest("The request has invalid fields.", validation_errors(exc)), correlation_id)


def _authorised_principal(db: Any, req: func.HttpRequest) -> Principal:
    principal = authenticate(db, req.headers.get("Authorization"))
    company_id = req.route_params.get("companyId")
    if company_id is not None:
        authorize_company(principal, company_id)
    return principal


def _response(result: Any, status: int, req: func.HttpRequest, correlation_id: str) -> func.HttpResponse:
    headers = {"X-Correlation-Id": correlation_id}
    if isinstance(result, FileReply):
        return _file_response(result, req, headers)
    if isinstance(result, JsonReply):
        headers.update(result.headers)
        return _json_response(result.body, result.status, headers)
    return _json_response(result, status, headers)


def _json_response(body: Any, status: int, headers: dict[str, str]) -> func.HttpResponse:
    return func.HttpResponse(dump_bytes(body), status_code=status, headers=headers, mimetype="application/json", charset="utf-8")


def _file_response(reply: FileReply, req: func.HttpRequest, headers: dict[str, str]) -> func.HttpResponse:
    headers.update(reply.headers)
    if reply.etag:
        headers["ETag"] = f'"{reply.etag}"'
        headers["Cache-Control"] = "private, no-cache"
        if _etag_matches(req.headers.get("If-None-Match"), reply.etag):
            return func.HttpResponse(b"", status_code=HTTPStatus.NOT_MODIFIED, headers=headers)
    if reply.filename:
        headers["Content-Disposition"] = (
            f"attachment; filename=\"{_ascii_filename(reply.filename)}\"; filename*=UTF-8''{quote(reply.filename, safe='')}"
        )
    content = reply.content() if callable(reply.content) else reply.content
    return func.HttpResponse(content, status_code=200, headers=headers, mimetype=_media_type(reply.media_type, req.headers.get("Accept")))


def _media_type(media_type: str, accept: str | None) -> str:
    """A download is also served as ``application/octet-stream`` when ``Accept`` prefers that (the binary type
    every client generator reads); anything else gets the file's own type."""
    if not accept:
        return media_type
    return parse_accept_header(accept, MIMEAccept).best_match([media_type, OCTET_STREAM]) or media_type


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/").strip('"') for tag in if_none_match.split(",")}
    return etag in candidates or "*" in candidates


def _ascii_filename(name: str) -> str:
    return "".join(ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in name)


def _path(req: func.HttpRequest) -> str:
    # The path only: the query string may hold user data and is not needed to find the request.
    return str(req.url).split("?", 1)[0]
