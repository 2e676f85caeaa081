"""devhost's waitress connection (``devhost.serving._Channel``): no busy loop while a request's thread writes, and
responses larger than the socket buffers still arrive whole."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from devhost.serving import _Channel, _server

CHUNK = 16 * 1024 * 1024  # more than the socket buffers take: the loop sends the rest, during and after the request


def _chunks(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(2 * CHUNK))])
    yield b"a" * CHUNK
    yield b"b" * CHUNK


@pytest.fixture
def served() -> Iterator[Any]:
    listener = socket.create_server(("127.0.0.1", 0))
    server = _server(_chunks, listener, threads=2)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.close()  # ends the loop
        thread.join(10)
        server.task_dispatcher.shutdown()  # and the request threads


def test_the_loop_does_not_poll_a_connection_whose_request_thread_is_writing(served: Any) -> None:
    left, right = socket.socketpair()
    with left, right:
        channel = _Channel(served, right, ("127.0.0.1", 1), served.adj, map={})
        channel.requests = [object()]  # a request is running
        channel.total_outbufs_len = 194  # its response head, being sent by its thread
        holder_has_lock, release = threading.Event(), threading.Event()

        def write() -> None:
            with channel.outbuf_lock:
                holder_has_lock.set()
                release.wait(10)

        writer = threading.Thread(target=write)
        writer.start()
        holder_has_lock.wait(10)
        try:
            assert not channel.writable()  # waitress's own answer is "writable": the loop then spins
        finally:
            release.set()
            writer.join(10)
        assert channel.writable()  # bytes left and the lock free: the loop sends them as the socket drains
        channel.total_outbufs_len = 0
        assert not channel.writable()
        channel.will_close = True
        assert channel.writable()


def test_a_response_larger_than_the_socket_buffers_arrives_whole(served: Any) -> None:
    port = served.effective_port
    with httpx.Client(timeout=30) as client:
        response = client.get(f"http://127.0.0.1:{port}/")
    assert response.status_code == 200
    assert len(response.content) == 2 * CHUNK
    assert response.content[:CHUNK] == b"a" * CHUNK and response.content[CHUNK:] == b"b" * CHUNK
