"""Serving the WSGI app: one process, or several worker processes sharing one listening socket.

Azure runs ``FUNCTIONS_WORKER_PROCESS_COUNT`` Python worker processes per instance (default 1), each running
synchronous functions on a thread pool of ``PYTHON_THREADPOOL_THREAD_COUNT`` threads (default: CPUs + 4, at most
32) and queueing the invocations beyond that. ``--workers N --threads T`` does the same here: the parent binds the
port, forks N workers after the app is imported (so each starts warm), each accepts connections from the shared
socket with a thread per connection, and at most T requests per worker run the app at once, the rest waiting in
arrival order. That queue matters under load: dozens of threads competing for one GIL finish in random order
(a long latency tail), a bounded pool in turn. The parent only waits; stopping it (SIGTERM or Ctrl-C) stops the
workers, and a worker whose parent is gone stops by itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.serving import make_server, run_simple

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def default_threads() -> int:
    """The Python worker's default thread pool size for synchronous functions."""
    return min(32, (os.cpu_count() or 1) + 4)


def bounded(app: WsgiApp, threads: int) -> WsgiApp:
    """At most ``threads`` requests inside ``app`` at once; the others wait in arrival order (Condition is FIFO)."""
    slots = threading.Semaphore(threads)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with slots:
            return app(environ, start_response)

    return application


def serve(
    app: WsgiApp, host: str, port: int, workers: int = 1, threads: int | None = None, started: Callable[[], object] = lambda: None
) -> None:
    """Serve until stopped; ``started`` runs in this process once the workers exist (threads must not be forked)."""
    app = bounded(app, threads or default_threads())
    if workers <= 1:
        started()
        run_simple(host, port, app, threaded=True, use_reloader=False)
        return
    listener = socket.create_server((host, port), backlog=1024)
    parent = os.getpid()
    children = [_fork_worker(app, host, port, listener, parent) for _ in range(workers)]
    started()
    print(f" * devhost: {workers} worker processes on http://{host}:{port}/ (pids {', '.join(map(str, children))})", flush=True)
    _wait_for(children)


def _fork_worker(app: WsgiApp, host: str, port: int, listener: socket.socket, parent: int) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the worker: serve until killed, or until the parent is gone
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
        server = make_server(host, port, app, threaded=True, fd=listener.fileno())
        server.serve_forever()
    finally:
        os._exit(0)


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _wait_for(children: list[int]) -> None:
    def stop(signum: int, _frame: object) -> None:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children:
        pid, _status = os.wait()
        children.remove(pid)  # a worker died: the others keep serving
