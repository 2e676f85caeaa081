"""The SQLite database's write lock, shared by every process that writes the file: taken before ``BEGIN IMMEDIATE``.

SQLite lets one writer in at a time. A writer that finds the database locked waits in SQLite's busy handler, which
polls: it sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms between tries, whenever the lock was
released. Under concurrent requests from several worker processes that polling made the long tail of writes: a
writer slept on while the lock was free, or while the writers of another process took it in turn.

So writers queue instead:

- the writers of one process queue on a ``threading.Lock``, which hands the lock on when it is released;
- the writer at the head of that queue takes an exclusive ``flock`` on a lock file beside the database
  (``<database file>-writer.lock``) at once if it is free; else the process's keeper thread waits for it, blocked
  in the kernel, which wakes it the moment the writer of another process releases the file, and hands the lock to
  the waiting writer. A second file (``-writer.turn``) keeps the waiters of different processes in turn;
- only then does the writer run ``BEGIN IMMEDIATE``, so it meets SQLite's busy handler only when something outside
  this protocol holds the database (the sqlite3 shell, a backup, a process of an older version).

Each step waits at most what is left of the request's one waiting budget (``shared.db.waiting``, issue 12.8): a
writer that cannot get the lock in time gives up with 503 and ``Retry-After``, as before. The lock is released as
soon as the transaction ends, committed or not. A lock held by a process that dies is released by the kernel.
A process forked from one that used the lock opens the files again: a ``flock`` belongs to the open file, and a
forked child would share its parent's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

KEEPER_IDLE_SECONDS = 30.0  # a keeper thread with no writer to wait for ends; the next wait starts another


class WriteLockTimeout(Exception):
    """The write lock was not free within the time given."""


class WriteLock:
    """Writers of this process, one at a time, holding the lock file against writers of other processes."""

    _keeper: _Keeper | None

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(f"{database.name}-writer.lock")
        self.turn_path = database.with_name(f"{database.name}-writer.turn")
        self._forget()
        _LOCKS.add(self)

    def _forget(self) -> None:
        """Start afresh: in a new object, and in a forked child (which must not share its parent's open lock file,
        nor inherit a gate some thread of the parent held at the fork)."""
        self._gate = threading.Lock()
        self._keeper = None

    @contextlib.contextmanager
    def held(self, timeout: float) -> Iterator[None]:
        """Hold the lock for the block; ``WriteLockTimeout`` if it is not ours within ``timeout`` seconds.
        Raises ``OSError`` when the lock file cannot be opened (a folder that cannot be written)."""
        deadline = time.monotonic() + timeout
        if not self._gate.acquire(timeout=max(0.0, timeout)):
            raise WriteLockTimeout
        try:
            if self._keeper is None:  # created under the gate, once per process
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._keeper = _Keeper(self.path, self.turn_path)
            keeper = self._keeper
            if not keeper.acquire(max(0.0, deadline - time.monotonic())):
                raise WriteLockTimeout
            try:
                yield
            finally:
                keeper.release()
        finally:
            self._gate.release()


_LOCKS: weakref.WeakSet[WriteLock] = weakref.WeakSet()


def _forget_in_child() -> None:
    for lock in list(_LOCKS):
        lock._forget()


os.register_at_fork(after_in_child=_forget_in_child)


class _Keeper:
    """A thread that blocks in ``flock`` for this process's writer at the head of the queue (one at a time: the
    caller holds the process's gate), so the writer can stop waiting when its budget runs out.

    Two files make the order fair between processes: a waiter holds the turn file while it waits for the lock file
    and lets it go once it has the lock. A writer that just released the lock and comes back finds the turn taken
    by the other process's waiter, so it cannot overtake it."""

    def __init__(self, lock_path: Path, turn_path: Path) -> None:
        self.lock_fd = _open(lock_path)
        self.turn_fd = _open(turn_path)
        weakref.finalize(self, _close, self.lock_fd, self.turn_fd)
        self.condition = threading.Condition()
        self.wanted = False  # a writer waits for the lock
        self.pending = False  # the keeper is in flock() (possibly for a writer that gave up)
        self.held = False  # the lock is the writer's
        self.running = False  # the keeper thread runs (it ends after KEEPER_IDLE_SECONDS without work)

    def acquire(self, timeout: float) -> bool:
        with self.condition:
            if not self.pending and self._try_both():  # free, nobody waiting: no hand-off to the keeper needed
                self.held = True
                return True
            self.wanted = True
            self.condition.notify_all()
            if not self.running:
                self.running = True
                threading.Thread(target=self._run, name="sqlite-writer-lock", daemon=True).start()
            if self.condition.wait_for(lambda: self.held, timeout):
                return True
            self.wanted = False  # given up: if the keeper gets the lock now, it lets it go at once
            return False

    def release(self) -> None:
        with self.condition:
            fcntl.flock(self.lock_fd, fcntl.LOCK_UN)  # at once, here: a waiting keeper of another process wakes now
            self.held = False

    def _try_both(self) -> bool:
        if not _try_lock(self.turn_fd):
            return False
        try:
            return _try_lock(self.lock_fd)
        finally:
            fcntl.flock(self.turn_fd, fcntl.LOCK_UN)

    def _run(self) -> None:
        while True:
            with self.condition:
                if not self.condition.wait_for(lambda: self.wanted, KEEPER_IDLE_SECONDS):
                    self.running = False
                    return
                self.pending = True
            fcntl.flock(self.turn_fd, fcntl.LOCK_EX)
            fcntl.flock(self.lock_fd, fcntl.LOCK_EX)
            fcntl.flock(self.turn_fd, fcntl.LOCK_UN)
            with self.condition:
                self.pending = False
                if self.wanted:
                    self.wanted, self.held = False, True
                    self.condition.notify_all()
                else:  # the writer gave up while the keeper waited
                    fcntl.flock(self.lock_fd, fcntl.LOCK_UN)


def _open(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def _close(*fds: int) -> None:
    for fd in fds:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
