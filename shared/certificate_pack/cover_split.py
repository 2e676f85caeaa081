"""A second process for the cover: a forked copy of the render lays out the cover's second half while the render
lays out the first (cover.py decides where the halves meet). Two cores give a long cover in a little over half the
time; where there is one, or the work fails, the render lays out everything itself.

The helper is a plain ``os.fork`` of the render process (which is itself a bounded child, see ``bounded.py``): it
inherits what is laid out so far without pickling it, has what is left of the render's CPU budget and the same
address-space limit, dies with the render (``PR_SET_PDEATHSIG``), and sends back one pickled result through a pipe.
Its CPU time and peak RSS count in the render's own figures (``bounded_child`` adds its reaped children's).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import resource
import signal
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_log = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1


def available() -> bool:
    """Whether a second process can run at the same time (a second core this process may use)."""
    return hasattr(os, "fork") and len(os.sched_getaffinity(0)) > 1


class Helper(Generic[T]):
    """``work()`` running in a forked child; ``result()`` waits for it (None if it failed in any way)."""

    _pid: int
    _reader: int | None  # the pipe's end the result comes through, until it is read or the helper abandoned

    def __init__(self, work: Callable[[], T]) -> None:
        used = time.process_time()  # the render's CPU time so far; the helper's own count starts from zero
        reader, writer = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the helper: never returns into the caller's stack
            os.close(reader)
            _run_child(work, writer, used)
        os.close(writer)
        self._reader = reader

    def result(self) -> T | None:
        if self._reader is None:
            raise RuntimeError("the helper's result was already taken")
        chunks = []
        with contextlib.closing(os.fdopen(self._reader, "rb")) as stream:
            self._reader = None
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self._pid, 0)
        outcome = b"".join(chunks)
        if os.waitstatus_to_exitcode(status) != 0 or not outcome:
            _log.warning("cover helper process ended with status %s; laying out the rest in one process",
                         os.waitstatus_to_exitcode(status))
            return None
        kind, value = pickle.loads(outcome)  # noqa: S301 - our own forked child's output
        if kind != "ok":
            _log.warning("cover helper process failed (%s); laying out the rest in one process", value)
            return None
        return value  # type: ignore[no-any-return]

    def abandon(self) -> None:
        """Stop the helper and reap it (the render no longer needs its result)."""
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)


def _run_child(work: Callable[[], object], writer: int, parent_used: float) -> None:
    status = 1
    try:
        _die_with_parent()
        _limit_cpu_to_what_is_left(parent_used)
        try:
            payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # reported to the render, which then carries on alone
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
        with os.fdopen(writer, "wb") as stream:
            stream.write(payload)
        status = 0
    finally:
        os._exit(status)  # a forked copy: no cleanup of the parent's state (atexit, buffers, temp files)


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _limit_cpu_to_what_is_left(parent_used: float) -> None:
    """The helper may use what the render had left of its CPU limit when it forked."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY:
        return
    left = max(1, soft - int(parent_used))
    margin = hard - soft  # between SIGXCPU and SIGKILL, as the render has it
    resource.setrlimit(resource.RLIMIT_CPU, (left, hard if hard == resource.RLIM_INFINITY else left + margin))
