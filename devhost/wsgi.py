"""The WSGI app: each request becomes an ``azure.functions.HttpRequest`` for the matching function.

Werkzeug routes the request and builds its URL (an IRI, as before), but the function's request and response are
adapted straight from and to the WSGI environ: no Werkzeug ``Request``/``Response`` object per request unless a
response needs Werkzeug's corrections (see ``_start``). ``tests/unit/test_devhost_wsgi.py`` holds the adapters to
what Werkzeug's objects give for the same requests and responses.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from functools import cache
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

import azure.functions as func
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from devhost.discovery import functions_of, http_routes
from devhost.routing import build_map

# The Functions host refuses request bodies above 100 MB.
MAX_REQUEST_BYTES = 100 * 1024 * 1024
StartResponse = Callable[..., Any]
_CONTENT_HEADERS = {"CONTENT_TYPE": "Content-Type", "CONTENT_LENGTH": "Content-Length"}
# Headers Werkzeug's response rewrites (URL-encodes, recomputes): a response with one goes through Werkzeug.
_REWRITTEN = {"location", "content-location", "content-length"}


def create_app(function_app: func.FunctionApp) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    url_map = build_map(list(_http_functions(function_app)))

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            handler, route_params = url_map.bind_to_environ(environ).match()
            return _start(handler(_to_functions(environ, dict(route_params))), environ, start_response)
        except MethodNotAllowed as exc:
            response = _problem(405, "This route does not accept that method.", {"Allow": ", ".join(exc.valid_methods or [])})
        except NotFound:
            response = _problem(404, "No such route.")
        except RequestEntityTooLarge:
            response = _problem(413, f"Request bodies are limited to {MAX_REQUEST_BYTES} bytes.")
        except HTTPException as exc:
            response = _problem(exc.code or 400, exc.description or "Bad request.")
        return response(environ, start_response)

    return application


def _http_functions(function_app: func.FunctionApp) -> Iterable[tuple[str, list[str] | None, Any]]:
    handlers = {function.get_function_name(): function.get_user_function() for function in functions_of(function_app)}
    for name, methods, route in http_routes(function_app):
        yield route, methods or None, handlers[name]


def _to_functions(environ: dict[str, Any], route_params: dict[str, str]) -> func.HttpRequest:
    request = Request(environ)  # lazy: only the URL and the body are taken from it
    request.max_content_length = MAX_REQUEST_BYTES
    return func.HttpRequest(
        method=request.method,
        url=request.url,
        headers=_headers(environ),
        params=_first_values(environ.get("QUERY_STRING", "")),
        route_params=route_params,
        body=request.get_data(cache=False),
    )


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers as Werkzeug's ``EnvironHeaders`` lists them (``HTTP_X_Y`` -> ``X-Y``; the function's
    headers ignore the case of names, so Werkzeug's title case is not repeated)."""
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                headers[key[5:].replace("_", "-")] = value
        elif key in _CONTENT_HEADERS and value:
            headers[_CONTENT_HEADERS[key]] = value
    return headers


def _first_values(query_string: str) -> dict[str, str]:
    """The first value of each query parameter, decoded as Werkzeug's ``Request.args`` decodes it."""
    params: dict[str, str] = {}
    for name, value in parse_qsl(query_string.encode("latin1").decode(), keep_blank_values=True, errors="werkzeug.url_quote"):
        params.setdefault(name, value)
    return params


def _start(response: func.HttpResponse, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    """Answer with the function's response: status, its headers (a ``Content-Type`` from its mimetype and charset
    when it set none) and the body with its ``Content-Length``, exactly as a Werkzeug ``Response`` of them would.

    A response Werkzeug would change (a status without a body, a HEAD request, URL headers, a preset
    ``Content-Length``) is handed to Werkzeug itself. The header values are already checked text: the function's
    response headers are a Werkzeug ``Headers``."""
    headers = dict(response.headers)
    if not any(name.lower() == "content-type" for name in headers):
        mimetype = response.mimetype or "text/plain"
        textual = mimetype.startswith(("text/", "application/json", "application/problem+json"))
        headers["Content-Type"] = f"{mimetype}; charset={response.charset}" if textual else mimetype
    body, status = response.get_body(), response.status_code
    if (
        status < 200 or status in (204, 304) or environ.get("REQUEST_METHOD") == "HEAD"
        or any(name.lower() in _REWRITTEN for name in headers)
    ):
        werkzeug_response: Iterable[bytes] = Response(body, status=status, headers=headers)(environ, start_response)
        return werkzeug_response
    start_response(_status_line(status), [*headers.items(), ("Content-Length", str(len(body)))])
    return [body]


@cache
def _status_line(status: int) -> str:
    """Werkzeug's status line for a code (``200 OK``, ``404 NOT FOUND``, ``599 UNKNOWN``)."""
    return Response(status=status).status


def _problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    correlation_id = uuid.uuid4().hex
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, "correlationId": correlation_id}
    all_headers = {**(headers or {}), "X-Correlation-Id": correlation_id}
    return Response(json.dumps(body), status=status, headers=all_headers, content_type="application/problem+json")
