"""devhost's adapters give the function exactly the request, and the client exactly the response, that Werkzeug's
``Request`` and ``Response`` objects gave before they were taken out of the per-request path (the reference
adapters below are the previous code, kept here as the oracle)."""

from __future__ import annotations

import io
from http import HTTPStatus
from typing import Any

import azure.functions as func
import pytest
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from devhost import wsgi
from devhost.wsgi import MAX_REQUEST_BYTES, _start, _to_functions

COMPANY = "/api/companies/2b7b3d5e-3f0e-4a57-9d0a-4c1f1e0f6a11/orders"


def reference_request(environ: dict[str, Any], route_params: dict[str, str]) -> func.HttpRequest:
    request = Request(environ)
    request.max_content_length = MAX_REQUEST_BYTES
    return func.HttpRequest(method=request.method, url=request.url, headers=dict(request.headers), params=dict(request.args),
                            route_params=route_params, body=request.get_data(cache=False))


def reference_response(response: func.HttpResponse) -> Response:
    headers = dict(response.headers)
    if not any(name.lower() == "content-type" for name in headers):
        mimetype = response.mimetype or "text/plain"
        textual = mimetype.startswith(("text/", "application/json", "application/problem+json"))
        headers["Content-Type"] = f"{mimetype}; charset={response.charset}" if textual else mimetype
    return Response(response.get_body(), status=response.status_code, headers=headers)


def _fields(req: func.HttpRequest) -> tuple[Any, ...]:
    return req.method, req.url, dict(req.headers), dict(req.params), dict(req.route_params), req.get_body()


REQUESTS: list[dict[str, Any]] = [
    {"path": COMPANY, "query_string": "limit=100", "headers": {"Authorization": "Bearer ordk_x", "Accept": "*/*"}},
    {"path": COMPANY, "query_string": "status=Open&status=Draft&limit=&=x&cursor=ab%3D%3D", "method": "get"},
    {"path": COMPANY, "query_string": "search=%C3%A9t%FF%ED%A0%80&x=a+b&y=%2B&z=%26", "headers": {"X-Custom_Name": "v"}},
    {"path": "/api/companies/x/orders/caf\u00e9 d%2Fe", "query_string": "q=\u00e9", "base_url": "http://LocalHost:7071/"},
    {"path": COMPANY, "base_url": "https://xn--n3h.net:8443/", "headers": {"Host": "Example.COM:80"}},
    {"path": "/api/x", "base_url": "http://127.0.0.1:7071/root/", "method": "HEAD"},
    {"path": COMPANY, "method": "POST", "data": b'{"orders": []}', "content_type": "application/json; charset=utf-8"},
    {"path": COMPANY, "method": "PUT", "data": "\u00e9t\u00e9".encode(),
     "headers": {"Content-Type": "text/csv", "If-None-Match": 'W/"a", "b"'}},
    {"path": COMPANY, "method": "POST", "data": b"", "headers": {"Content-Length": "0"}},
    {"path": COMPANY, "environ_overrides": {"CONTENT_TYPE": "", "CONTENT_LENGTH": "", "HTTP_CONTENT_TYPE": "text/x"}},
    {"path": COMPANY, "method": "POST", "stream": b"chunked body", "headers": {"Transfer-Encoding": "chunked"},
     "environ_overrides": {"wsgi.input_terminated": True}},
]


def _environ(spec: dict[str, Any]) -> dict[str, Any]:
    """A fresh environ (its own input stream) for each adapter."""
    spec = dict(spec)
    if "stream" in spec:
        spec["input_stream"] = io.BytesIO(spec.pop("stream"))
    environ: dict[str, Any] = EnvironBuilder(**spec).get_environ()
    return environ


@pytest.mark.parametrize("spec", REQUESTS, ids=range(len(REQUESTS)))
def test_the_function_gets_the_request_werkzeug_gave_it(spec: dict[str, Any]) -> None:
    expected = _fields(reference_request(_environ(spec), {"companyId": "a"}))
    assert _fields(_to_functions(_environ(spec), {"companyId": "a"})) == expected


def test_a_body_over_the_host_limit_is_refused_as_before() -> None:
    spec = {"path": COMPANY, "method": "POST", "data": b"x", "environ_overrides": {"CONTENT_LENGTH": str(MAX_REQUEST_BYTES + 1)}}
    with pytest.raises(RequestEntityTooLarge):
        reference_request(_environ(spec), {})
    with pytest.raises(RequestEntityTooLarge):
        _to_functions(_environ(spec), {})


def _captured(app_iter_of: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    started: list[Any] = []
    body = b"".join(app_iter_of(environ, lambda status, headers, exc_info=None: started.append((status, headers))))
    (status, headers), = started
    return status, list(headers), body


RESPONSES: list[dict[str, Any]] = [
    {"body": b'[{"a":1}]', "headers": {"X-Correlation-Id": "c1", "Change-Token": "7", "Link": '<http://h/x?c=1>; rel="next"'},
     "mimetype": "application/json", "charset": "utf-8"},
    {"body": b'{"type":"about:blank"}', "status_code": 422, "headers": {"X-Correlation-Id": "c"}, "mimetype": "application/problem+json"},
    {"body": b"%PDF-1.7", "headers": {"Content-Disposition": "attachment; filename=\"a.pdf\"", "ETag": '"e"'},
     "mimetype": "application/pdf"},
    {"body": "t\u00e9xt", "mimetype": "text/csv", "charset": "utf-8"},
    {"body": b"", "status_code": HTTPStatus.NOT_MODIFIED, "headers": {"ETag": '"e"', "Cache-Control": "private, no-cache"}},
    {"body": b"", "status_code": 204},
    {"body": b"x", "status_code": 599},
    {"body": b"x", "status_code": 201, "headers": {"Location": "/api/caf\u00e9?x=\u00e9"}},
    {"body": b"x", "status_code": 200, "headers": {"Content-Length": "1", "content-type": "text/plain"}},
    {"body": b"x", "headers": {"Retry-After": 2}},
    {"body": b"x", "status_code": 503, "headers": {"Retry-After": "2"}, "mimetype": None},
]


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
@pytest.mark.parametrize("spec", RESPONSES, ids=range(len(RESPONSES)))
def test_the_client_gets_the_response_werkzeug_sent(spec: dict[str, Any], method: str) -> None:
    environ = EnvironBuilder(path=COMPANY, method=method).get_environ()
    expected = _captured(reference_response(func.HttpResponse(**spec)), environ)
    assert _captured(lambda env, start: _start(func.HttpResponse(**spec), env, start), environ) == expected


def test_the_page_answer_takes_the_direct_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The common answer (JSON, 200, GET) is written without a Werkzeug Response (what makes it cheap)."""
    built: list[Any] = []

    def response(*args: Any, **kwargs: Any) -> Response:
        built.append(args)
        return Response(*args, **kwargs)

    monkeypatch.setattr(wsgi, "Response", response)
    environ = EnvironBuilder(path=COMPANY).get_environ()
    answer = func.HttpResponse(b"[]", mimetype="application/json")
    status, _headers, body = _captured(lambda env, start: _start(answer, env, start), environ)
    assert (status, body, built) == ("200 OK", b"[]", [])
