"""The HTTP glue every function goes through (``shared.http.endpoint``), on handlers made for the test.

The routes' own tests reach these paths only in passing (one download name, one ETag); here each rule of the glue
is pinned exactly: JSON and file responses, Content-Disposition for any file name, If-None-Match forms, the bare
500 and what is logged for it, 5xx logging, and a pydantic error that escapes a handler.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import azure.functions as func
import pytest
from pydantic import BaseModel

from shared.context import AppContext
from shared.errors import BadRequest, DependencyFailed, NotFound, ServiceUnavailable
from shared.http import ApiRequest, FileReply, JsonReply, endpoint

URL = "http://localhost/api/things/1"
Handler = Callable[[ApiRequest], Any]


def call(handler: Handler, *, status: int = 200, headers: dict[str, str] | None = None, query: str = "",
         method: str = "GET", route: dict[str, str] | None = None) -> func.HttpResponse:
    request = func.HttpRequest(method=method, url=URL + query, headers=headers or {}, params={}, route_params=route or {}, body=b"")
    return endpoint(status=status, anonymous=True)(handler)(request)


def returning(value: Any) -> Handler:
    return lambda req: value


def raising(error: BaseException) -> Handler:
    def handler(req: ApiRequest) -> Any:
        raise error

    return handler


def correlation_id(response: func.HttpResponse) -> str:
    value = response.headers["X-Correlation-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", value)
    return str(value)


def test_a_plain_result_is_json_with_the_endpoints_status(ctx: AppContext) -> None:
    response = call(returning({"quantity": Decimal("1.50"), "name": "Ü"}), status=201)
    assert (response.status_code, response.mimetype, response.charset) == (201, "application/json", "utf-8")
    assert response.get_body() == '{"quantity":1.50,"name":"Ü"}'.encode()
    correlation_id(response)


def test_a_json_reply_sets_its_own_status_and_headers(ctx: AppContext) -> None:
    response = call(returning(JsonReply({"ok": True}, 202, {"Location": "/api/things/2"})), status=201)
    assert (response.status_code, response.mimetype) == (202, "application/json")
    assert response.headers["Location"] == "/api/things/2"
    assert json.loads(response.get_body()) == {"ok": True}
    correlation_id(response)


@pytest.mark.parametrize(
    ("name", "disposition"),
    [
        ("orders.csv", "attachment; filename=\"orders.csv\"; filename*=UTF-8''orders.csv"),
        ('Pack "SO-1" Ü\\2\n.pdf', "attachment; filename=\"Pack _SO-1_ __2_.pdf\"; filename*=UTF-8''Pack%20%22SO-1%22%20%C3%9C%5C2%0A.pdf"),
        ("a/b;c.zip", "attachment; filename=\"a/b;c.zip\"; filename*=UTF-8''a%2Fb%3Bc.zip"),
        ("XLS X.xlsx", "attachment; filename=\"XLS X.xlsx\"; filename*=UTF-8''XLS%20X.xlsx"),
    ],
)
def test_a_download_names_its_file_in_ascii_and_in_utf8(ctx: AppContext, name: str, disposition: str) -> None:
    response = call(returning(FileReply(b"%PDF", "application/pdf", filename=name, headers={"X-Pack": "1"})))
    assert (response.status_code, response.mimetype, response.get_body()) == (200, "application/pdf", b"%PDF")
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["X-Pack"] == "1"
    assert "ETag" not in response.headers and "Cache-Control" not in response.headers
    correlation_id(response)


def test_a_file_without_a_name_is_shown_not_downloaded(ctx: AppContext) -> None:
    response = call(returning(FileReply(lambda: b"body", "text/html")))
    assert (response.status_code, response.mimetype, response.get_body()) == (200, "text/html", b"body")
    assert "Content-Disposition" not in response.headers


@pytest.mark.parametrize(
    ("if_none_match", "status"),
    [
        ('"v1"', 304),
        ('W/"v1"', 304),
        ('"v0", "v1"', 304),
        ('"v0" ,W/"v1" ', 304),
        ("*", 304),
        ("v1", 304),
        ('"v2"', 200),
        ('"V1"', 200),
        ('"v1x"', 200),
        ('"Xv1X"', 200),
        ('"v0", "v2"', 200),
        ("", 200),
        (None, 200),
    ],
)
def test_if_none_match_gives_a_304_only_for_the_current_etag(ctx: AppContext, if_none_match: str | None, status: int) -> None:
    produced: list[bool] = []

    def content() -> bytes:
        produced.append(True)
        return b"the document"

    headers = {} if if_none_match is None else {"If-None-Match": if_none_match}
    response = call(returning(FileReply(content, "application/zip", filename="orders.zip", etag="v1")), headers=headers)
    assert response.status_code == status
    assert response.headers["ETag"] == '"v1"' and response.headers["Cache-Control"] == "private, no-cache"
    correlation_id(response)
    if status == 304:
        assert response.get_body() == b"" and produced == [] and "Content-Disposition" not in response.headers
    else:
        assert response.get_body() == b"the document" and produced == [True]
        assert response.headers["Content-Disposition"] == "attachment; filename=\"orders.zip\"; filename*=UTF-8''orders.zip"


def test_an_unexpected_error_is_a_bare_500_logged_with_the_path_but_not_the_query(ctx: AppContext, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="orders_api"):
        response = call(raising(RuntimeError("secret internals")), query="?token=hunter2?x=1", method="POST")
    cid = correlation_id(response)
    assert (response.status_code, response.mimetype, response.charset) == (500, "application/problem+json", "utf-8")
    assert json.loads(response.get_body()) == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": f"An unexpected error occurred. Quote correlation id {cid}.",
        "correlationId": cid,
    }
    [record] = [r for r in caplog.records if r.name == "orders_api"]
    assert (record.levelno, record.getMessage()) == (logging.ERROR, f"POST {URL} failed; correlation_id={cid}")
    assert record.exc_info is not None and "secret internals" in str(record.exc_info[1])


@pytest.mark.parametrize(
    ("error", "level", "logged"),
    [
        (ServiceUnavailable("The database is busy.", retry_after_seconds=7), logging.WARNING, "503 (The database is busy.)"),
        (DependencyFailed("database", "login failed (18456)"), logging.ERROR, "500 (database: login failed (18456))"),
    ],
)
def test_a_5xx_domain_error_is_one_log_line_with_its_log_detail(ctx: AppContext, caplog, error: Exception, level: int,
                                                                logged: str) -> None:
    with caplog.at_level(logging.INFO, logger="orders_api"):
        response = call(raising(error), query="?q=private", method="PUT")
    cid = correlation_id(response)
    [record] = [r for r in caplog.records if r.name == "orders_api"]
    assert (record.levelno, record.getMessage()) == (level, f"PUT {URL} -> {logged} correlation_id={cid}")
    status = int(logged[:3])
    assert (response.status_code, response.mimetype) == (status, "application/problem+json")
    assert json.loads(response.get_body()) == {"type": "about:blank", "title": "Service Unavailable" if status == 503 else
                                               "Internal Server Error", "status": status, "detail": str(error), "correlationId": cid}
    assert "18456" not in str(error)
    if isinstance(error, ServiceUnavailable):
        assert response.headers["Retry-After"] == "7"
    else:
        assert "Retry-After" not in response.headers


def test_a_4xx_domain_error_is_not_logged_and_lists_its_errors(ctx: AppContext, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="orders_api"):
        bad = call(raising(BadRequest("The request has invalid fields.", [{"field": "site", "message": "too long"}])))
        missing = call(raising(NotFound("No such order.")))
    assert [r for r in caplog.records if r.name == "orders_api"] == []
    assert (bad.status_code, bad.mimetype, missing.status_code) == (400, "application/problem+json", 404)
    assert json.loads(bad.get_body()) == {"type": "about:blank", "title": "Bad Request", "status": 400,
                                          "detail": "The request has invalid fields.", "correlationId": correlation_id(bad),
                                          "errors": [{"field": "site", "message": "too long"}]}
    assert json.loads(missing.get_body()) == {"type": "about:blank", "title": "Not Found", "status": 404,
                                              "detail": "No such order.", "correlationId": correlation_id(missing)}
    assert "WWW-Authenticate" not in bad.headers and "Retry-After" not in bad.headers


class _Thing(BaseModel):
    name: str
    count: int


def test_a_validation_error_escaping_a_handler_is_a_400_naming_each_field(ctx: AppContext, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="orders_api"):
        response = call(lambda req: _Thing.model_validate({"count": "many"}))
    assert (response.status_code, response.mimetype) == (400, "application/problem+json")
    body = json.loads(response.get_body())
    assert (body["detail"], body["correlationId"]) == ("The request has invalid fields.", correlation_id(response))
    assert body["errors"] == [
        {"field": "name", "message": "Field required"},
        {"field": "count", "message": "Input should be a valid integer, unable to parse string as an integer"},
    ]
    assert [r for r in caplog.records if r.name == "orders_api"] == []
