"""devhost on a real loopback socket in a background thread: for tests and benchmarks that must go through HTTP
as a client does (curl, a browser), not through an in-process WSGI call."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

import function_app
from devhost.wsgi import create_app


@contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the function app on a free port of ``host``; yields the base URL (``http://127.0.0.1:PORT``)."""
    server = make_server(host, 0, create_app(function_app.app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="devhost-server", daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
