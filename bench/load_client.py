"""The load generator's transport: many keep-alive HTTP/1.1 connections driven by one ``selectors`` loop.

A generator process runs its clients on one thread: each client owns one connection and sends its next request
as soon as the previous response has been read to its last byte, with no think time (as ``wrk`` does). Compared
with a thread per client on ``http.client``, this spends far less of the shared two cores on the generator
itself: no GIL hand-off between client threads, and no ``email.parser`` run over every response's headers.
Every response is still read whole and checked: its status against the expected one, and its framing
(``Content-Length`` or chunked) to the last byte. A response that cannot be read counts as status 0.
"""

from __future__ import annotations

import selectors
import socket
import time
from collections.abc import Callable
from typing import NamedTuple


class Request(NamedTuple):
    kind: str
    method: str
    path: str
    expected: int
    body: bytes | None = None


class Record(NamedTuple):
    kind: str
    status: int
    seconds: float
    ok: bool


class _Response:
    """The response being read on one connection, parsed as its bytes arrive."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.status = 0
        self.body_start = -1  # offset of the body once the head is complete
        self.length: int | None = None  # Content-Length; None while unknown or chunked
        self.chunked = False
        self.close = False

    def feed(self, data: bytes) -> bool:
        """Add bytes; True once the whole response has arrived. Raises ValueError on a malformed response."""
        self.buffer += data
        if self.body_start < 0:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return False
            self._head(bytes(self.buffer[:end]))
            self.body_start = end + 4
        if self.chunked:
            return _chunked_end(self.buffer, self.body_start) is not None
        if self.length is None:
            raise ValueError("a response without Content-Length on a keep-alive connection")
        received = len(self.buffer) - self.body_start
        if received > self.length:
            raise ValueError("more bytes than the response's Content-Length")
        return received == self.length

    def _head(self, head: bytes) -> None:
        status_line, *lines = head.split(b"\r\n")
        version, status, *_ = status_line.split(b" ", 2)
        if not version.startswith(b"HTTP/1."):
            raise ValueError(f"not an HTTP/1.x status line: {status_line!r}")
        self.status = int(status)
        for line in lines:
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                self.length = int(value)
            elif name == b"transfer-encoding":
                self.chunked = value == b"chunked"
            elif name == b"connection":
                self.close = value == b"close"


def _chunked_end(buffer: bytearray, start: int) -> int | None:
    """Where a chunked body that starts at ``start`` ends, or None while it is incomplete."""
    position = start
    while True:
        line_end = buffer.find(b"\r\n", position)
        if line_end < 0:
            return None
        size = int(bytes(buffer[position:line_end]).split(b";", 1)[0], 16)
        if size == 0:  # the last chunk; no trailers are sent by devhost
            end = line_end + 4
            return end if len(buffer) >= end else None
        position = line_end + 2 + size + 2
        if len(buffer) < position:
            return None


class Connection:
    """One client: its keep-alive connection, the request in flight, and where its next requests come from."""

    def __init__(self, port: int, headers: dict[str, str], plan: Callable[[], list[Request]]) -> None:
        self.port, self.plan = port, plan
        self.head = "".join(f"{name}: {value}\r\n" for name, value in {"Host": f"127.0.0.1:{port}", **headers}.items())
        self.queue: list[Request] = []
        self.sock = self._connect()
        self.request: Request | None = None
        self.response = _Response()
        self.started = 0.0
        self.broken = False  # renew the connection before the next request

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def encode(self, request: Request) -> bytes:
        body = request.body or b""
        length = f"Content-Length: {len(body)}\r\n" if request.body is not None else ""
        return f"{request.method} {request.path} HTTP/1.1\r\n{self.head}{length}\r\n".encode("latin-1") + body

    def blocking(self, request: Request) -> tuple[int, bytes]:
        """Send ``request`` and read its response on this thread; returns the status and the body as sent (a chunked
        body keeps its framing)."""
        self.sock.setblocking(True)
        self.sock.sendall(self.encode(request))
        response = _Response()
        while not response.feed(self.sock.recv(262144) or _closed()):
            pass
        return response.status, bytes(response.buffer[response.body_start :])

    def send_next(self) -> Record | None:
        """Send the client's next request; a failed record if it cannot be sent (the connection is then renewed)."""
        if not self.queue:
            self.queue = self.plan()
        self.request = self.queue.pop(0)
        self.response = _Response()
        self.started = time.perf_counter()
        try:
            if self.broken:
                self.sock.close()
                self.sock = self._connect()
                self.broken = False
            self.sock.setblocking(False)
            self.sock.sendall(self.encode(self.request))  # small requests: the socket buffer takes them whole
        except OSError:
            return self.fail()
        return None

    def readable(self) -> Record | None:
        """Read what arrived; the finished request's record once its response is complete."""
        try:
            done = self.response.feed(self.sock.recv(262144) or _closed())
        except (OSError, ValueError):
            return self.fail()
        if not done:
            return None
        request, status = self._finished()
        self.broken = self.response.close
        return Record(request.kind, status, time.perf_counter() - self.started, status == request.expected)

    def fail(self) -> Record:
        """Count the request in flight as failed (status 0) and renew the connection before the next one."""
        request, _ = self._finished()
        self.broken = True
        return Record(request.kind, 0, time.perf_counter() - self.started, False)

    def _finished(self) -> tuple[Request, int]:
        request, self.request = self.request, None
        assert request is not None
        return request, self.response.status


def _closed() -> bytes:
    raise ConnectionError("the server closed the connection mid-response")


def drive(connections: list[Connection], start: float, end: float) -> list[Record]:
    """From ``start`` (wall clock), keep one request in flight per connection; stop starting mix items at ``end``,
    finish the ones begun (at most 60 s more: what is still unanswered then counts as failed), return every record."""
    while time.time() < start:
        time.sleep(0.002)
    records: list[Record] = []
    with selectors.DefaultSelector() as selector:

        def send(connection: Connection) -> None:
            while (failed := connection.send_next()) is not None:  # a refused connection is counted, then retried
                records.append(failed)
                time.sleep(0.01)
                if time.time() >= end and not connection.queue:
                    return
            selector.register(connection.sock, selectors.EVENT_READ, connection)

        for connection in connections:
            send(connection)
        while selector.get_map() and time.time() < end + 60:
            for key, _ in selector.select(timeout=1.0):
                record = key.data.readable()
                if record is None:
                    continue
                records.append(record)
                selector.unregister(key.fileobj)
                if key.data.queue or time.time() < end:  # a mix item's requests all run (reserve, then unreserve)
                    send(key.data)
        for key in list(selector.get_map().values()):  # unanswered after the grace period
            records.append(key.data.fail())
    for connection in connections:
        connection.sock.close()
    return records
