"""The WSGI app: each request becomes an ``azure.functions.HttpRequest`` for the matching function."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

import azure.functions as func
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from devhost.discovery import functions_of, http_routes
from devhost.routing import build_map

# The Functions host refuses request bodies above 100 MB.
MAX_REQUEST_BYTES = 100 * 1024 * 1024
StartResponse = Callable[..., Any]


def create_app(function_app: func.FunctionApp) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    url_map = build_map(list(_http_functions(function_app)))

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        request.max_content_length = MAX_REQUEST_BYTES
        try:
            handler, route_params = url_map.bind_to_environ(environ).match()
            response = _to_werkzeug(handler(_to_functions(request, dict(route_params))))
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


def _to_functions(request: Request, route_params: dict[str, str]) -> func.HttpRequest:
    return func.HttpRequest(
        method=request.method,
        url=request.url,
        headers=dict(request.headers),
        params=dict(request.args),
        route_params=route_params,
        body=request.get_data(cache=False),
    )


def _to_werkzeug(response: func.HttpResponse) -> Response:
    headers = dict(response.headers)
    if not any(name.lower() == "content-type" for name in headers):
        mimetype = response.mimetype or "text/plain"
        textual = mimetype.startswith(("text/", "application/json", "application/problem+json"))
        headers["Content-Type"] = f"{mimetype}; charset={response.charset}" if textual else mimetype
    return Response(response.get_body(), status=response.status_code, headers=headers)


def _problem(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    correlation_id = uuid.uuid4().hex
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail, "correlationId": correlation_id}
    all_headers = {**(headers or {}), "X-Correlation-Id": correlation_id}
    return Response(json.dumps(body), status=status, headers=all_headers, content_type="application/problem+json")
