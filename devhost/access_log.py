"""One line per request in the devhost log, in the common log format Werkzeug's server wrote before:
``127.0.0.1 - - [02/Dec/2026 03:04:05] "GET /api/health HTTP/1.1" 200 123`` (logger ``devhost.access``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
log = logging.getLogger("devhost.access")


def logged(app: WsgiApp) -> WsgiApp:
    """``app`` logging each request's line, status and body size once its response has started."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            size = next((value for name, value in headers if name.lower() == "content-length"), "-")
            code = status.split(" ", 1)[0]
            log.info('%s - - [%s] "%s" %s %s', environ.get("REMOTE_ADDR", "-"), _now(), _request_line(environ), code, size)
            return start_response(status, headers, exc_info) if exc_info is not None else start_response(status, headers)

        return app(environ, start)

    return application


def _request_line(environ: dict[str, Any]) -> str:
    target = environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    query = environ.get("QUERY_STRING")
    if query and "?" not in target:
        target = f"{target}?{query}"
    return f"{environ.get('REQUEST_METHOD', '-')} {target} {environ.get('SERVER_PROTOCOL', '-')}"


def _now() -> str:
    return time.strftime("%d/%b/%Y %H:%M:%S", time.localtime())
