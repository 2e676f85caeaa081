"""Connections spread evenly over devhost's worker processes: the parent accepts them, and hands each to the worker
with the fewest open connections.

When the workers polled one shared listening socket, whichever woke first accepted, and a keep-alive connection
stays with the worker that accepted it: in one load run 50 clients were split 17/31, and the busier worker's
clients waited almost twice as long. The Functions host spreads invocations evenly over its worker processes.
So the parent accepts every connection and passes it (``SCM_RIGHTS`` over a Unix socket pair, as Node's cluster
module does by default) to the worker with the fewest open connections; the worker adds it to its waitress loop
as if it had accepted it itself. A worker that has died is skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import select
import socket
from multiprocessing.sharedctypes import RawArray
from typing import Any

from waitress import wasyncore


class Counts:
    """Per worker, in memory shared with the forked workers: its open connections, and the connections it has
    received in all (both written by the worker, so the parent can add the ones still on their way)."""

    def __init__(self, workers: int) -> None:
        self.slots = RawArray(ctypes.c_long, 2 * workers)

    def publish(self, index: int, open_connections: int, received: int) -> None:
        self.slots[2 * index], self.slots[2 * index + 1] = open_connections, received

    def open_connections(self, index: int, sent: int) -> int:
        return int(self.slots[2 * index]) + sent - int(self.slots[2 * index + 1])


def pipes(workers: int) -> list[tuple[socket.socket, socket.socket]]:
    """One (parent end, worker end) pair per worker; message boundaries keep one connection per message."""
    return [socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET) for _ in range(workers)]


def dispatch(listener: socket.socket, ends: list[socket.socket], counts: Counts) -> None:
    """The parent's loop (on a thread): accept, and pass each connection to the least busy live worker."""
    sent = [0] * len(ends)
    alive = set(range(len(ends)))
    while alive:
        select.select([listener], [], [])
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, ConnectionAbortedError):  # the workers share the socket's non-blocking flag
            continue
        with connection:
            for index in sorted(alive, key=lambda worker: (counts.open_connections(worker, sent[worker]), sent[worker])):
                try:
                    socket.send_fds(ends[index], [b"c"], [connection.fileno()])
                except OSError:  # the worker is gone
                    alive.discard(index)
                    continue
                sent[index] += 1
                break


def serve_handed(server: Any, end: socket.socket, counts: Counts, index: int) -> None:
    """Make the waitress ``server`` (of a worker) serve the connections handed over ``end``, and never accept."""
    maintenance = server.readable  # waitress closes idle connections in it: keep calling it

    def readable() -> bool:
        maintenance()
        return False

    server.readable = readable
    _Receiver(end, server, counts, index)


class _Receiver(wasyncore.dispatcher):  # type: ignore[misc]  # waitress has no type hints
    """In the worker's waitress loop: takes each connection the parent hands over and makes it a waitress channel."""

    def __init__(self, end: socket.socket, server: Any, counts: Counts, index: int) -> None:
        super().__init__(end, map=server._map)
        self.server, self.counts, self.index, self.received = server, counts, index, 0

    def readable(self) -> bool:
        self.counts.publish(self.index, len(self.server.active_channels), self.received)
        return True

    def writable(self) -> bool:
        return False

    def handle_read(self) -> None:
        while True:
            try:
                message, fds, _flags, _address = socket.recv_fds(self.socket, 1, 1)
            except BlockingIOError:
                return
            if not message:  # the parent is gone
                self.close()
                return
            self.received += 1
            connection = socket.socket(fileno=fds[0])
            try:
                address = connection.getpeername()
            except OSError:  # the client has already gone
                connection.close()
                continue
            connection.setblocking(False)
            self.server.set_socket_options(connection)
            with contextlib.suppress(OSError):
                self.server.channel_class(self.server, connection, self.server.fix_addr(address), self.server.adj, map=self.server._map)
