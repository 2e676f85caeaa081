"""Serving the WSGI app: one process, or several worker processes fed by one listening socket.

Azure runs ``FUNCTIONS_WORKER_PROCESS_COUNT`` Python worker processes per instance (default 1), each running
synchronous functions on a fixed pool of ``PYTHON_THREADPOOL_THREAD_COUNT`` threads (default: CPUs + 4, at most
32) and queueing the invocations beyond that; the host keeps its clients' connections alive. ``--workers N
--threads T`` does the same here with waitress: the parent binds the port, forks N workers after the app is
imported (so each starts warm), accepts every connection and hands it to the worker with the fewest open
connections (devhost/handoff.py), and each worker serves its keep-alive connections, running requests on a fixed
pool of T threads and queueing the rest in arrival order. A fixed pool also keeps each thread's SQLite connection
(``shared.db.sqlite``) for the life of the process, as on Azure.

Werkzeug's development server, used before, closed the connection after every response and started a thread per
connection, so every request paid a TCP handshake, a thread start and a new SQLite connection (with its schema
read), and under 50 clients the accept queue overflowed and handshakes waited for the kernel's 1 s SYN retry:
that was the latency tail of the load benchmark, not the app. The parent only accepts and waits; stopping it (SIGTERM or
Ctrl-C) stops the workers, and a worker whose parent is gone stops by itself.
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

from waitress.channel import HTTPChannel
from waitress.server import create_server

from devhost import handoff
from devhost.access_log import logged

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
BACKLOG = 1024
# Connections one worker keeps open at once (waitress refuses to accept beyond it; its default is 100).
CONNECTION_LIMIT = 1000


def default_threads() -> int:
    """The Python worker's default thread pool size for synchronous functions."""
    return min(32, (os.cpu_count() or 1) + 4)


def serve(
    app: WsgiApp, host: str, port: int, workers: int = 1, threads: int | None = None, started: Callable[[], object] = lambda: None
) -> None:
    """Serve until stopped; ``started`` runs in this process once the workers exist (threads must not be forked)."""
    listener = socket.create_server((host, port), backlog=BACKLOG)
    threads = threads or default_threads()
    if workers <= 1:
        started()
        print(f" * devhost: serving on http://{host}:{port}/ ({threads} threads)", flush=True)
        _server(app, listener, threads).run()
        return
    parent, counts, pairs = os.getpid(), handoff.Counts(workers), handoff.pipes(workers)
    children = [_fork_worker(app, listener, threads, parent, (counts, pairs, index)) for index in range(workers)]
    for _parent_end, worker_end in pairs:
        worker_end.close()
    threading.Thread(target=handoff.dispatch, args=(listener, [end for end, _ in pairs], counts), daemon=True).start()
    started()
    print(f" * devhost: {workers} worker processes on http://{host}:{port}/ (pids {', '.join(map(str, children))})", flush=True)
    _wait_for(children)


def _server(app: WsgiApp, listener: socket.socket, threads: int) -> Any:
    server = create_server(
        logged(app), sockets=[listener], threads=threads, connection_limit=CONNECTION_LIMIT, backlog=BACKLOG,
        asyncore_use_poll=True,  # select() cannot watch descriptors above 1023
        clear_untrusted_proxy_headers=True, ident="devhost",
    )
    server.channel_class = _Channel
    return server


class _Channel(HTTPChannel):  # type: ignore[misc]  # waitress has no type hints
    """waitress's connection, without its busy loop.

    A request's thread sends its response itself, holding the connection's output lock while it does. Meanwhile the
    buffered bytes made waitress's loop ask the kernel whether the socket is writable; it is, at once, and the loop
    could do nothing with it (the lock is taken), so it asked again: about 20,000 times a second per worker under
    50 clients, each round handing the GIL back and forth with the request threads. So the loop does not ask while
    a request's thread holds the lock; the thread wakes the loop when it leaves bytes for it to send (a full socket
    buffer, the output high-water mark) and when the request ends, as waitress does anyway.
    """

    def writable(self) -> bool:
        if self.requests and not (self.will_close or self.close_when_flushed):
            if not self.outbuf_lock.acquire(False):
                return False
            self.outbuf_lock.release()
        return bool(super().writable())


Handoff = tuple[handoff.Counts, list[tuple[socket.socket, socket.socket]], int]


def _fork_worker(app: WsgiApp, listener: socket.socket, threads: int, parent: int, handed: Handoff) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the worker: serve the connections the parent hands it until killed, or until the parent is gone
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
        counts, pairs, index = handed
        for number, (parent_end, worker_end) in enumerate(pairs):
            parent_end.close()
            if number != index:
                worker_end.close()
        server = _server(app, listener, threads)
        handoff.serve_handed(server, pairs[index][1], counts, index)
        server.run()
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
