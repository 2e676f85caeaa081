"""``build_pack`` in a child process with a fixed budget: CPU seconds and address space (rlimits), and a wall
clock the parent enforces. Whatever an order or its certificate files hold, the worker that serves the request
spends at most that budget and stays at its own size.

Children are forked from a forkserver that imported WeasyPrint and pypdf once, so a render does not pay for
those imports. Outcomes:

    bytes                    the pack
    RenderLimitExceeded      the render needed more CPU time or memory than the budget (same input, same answer)
    RenderTimedOut           the wall clock ran out first (a busy machine: worth retrying later)
    RenderFailed             the child crashed for another reason (a bug: logged, a 500)
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.certificate_pack.model import PackOrder

MIB = 1024 * 1024
_PRELOAD = ["shared.certificate_pack.assemble", "weasyprint", "pypdf", "jinja2"]
# Deaths a memory limit causes in C code (an allocation failing where the library aborts or crashes).
_MEMORY_SIGNALS = frozenset({signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS})


@dataclass(frozen=True)
class RenderLimits:
    cpu_seconds: int = 120
    memory_bytes: int = 2048 * MIB  # address space, not resident memory: Pango and pypdf reserve more than they touch
    wall_seconds: float = 180.0  # below the Functions host's 230 s HTTP limit
    max_lines: int = 10_000  # refused up front: the cover alone would not fit the CPU budget


@dataclass(frozen=True)
class RenderStats:
    cpu_seconds: float
    peak_rss: int  # bytes, the child's high-water mark


class RenderLimitExceeded(Exception):
    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit  # "cpu" or "memory"


class RenderTimedOut(Exception):
    pass


class RenderFailed(Exception):
    pass


def render_bounded(order: PackOrder, generated_at: datetime, limits: RenderLimits) -> tuple[bytes, RenderStats]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)  # takes effect when the forkserver starts (first render)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, order, generated_at, limits), daemon=True)
    process.start()
    sender.close()
    try:
        outcome = _wait(receiver, limits.wall_seconds)
    finally:
        process.kill()
        process.join()
    if outcome is None:
        raise _death(process.exitcode)
    return _result(outcome)


def _wait(receiver: Any, seconds: float) -> tuple[Any, ...] | None:
    if not receiver.poll(seconds):
        raise RenderTimedOut(f"no pack after {seconds:g} s")
    try:
        return receiver.recv()  # type: ignore[no-any-return]
    except EOFError:  # the child died without a word: a signal
        return None


def _death(exitcode: int | None) -> Exception:
    if exitcode is None or exitcode >= 0:
        return RenderFailed(f"render process ended with exit code {exitcode}")
    if -exitcode in (signal.SIGXCPU, signal.SIGKILL):  # the soft and the hard CPU limit
        return RenderLimitExceeded("cpu")
    if -exitcode in _MEMORY_SIGNALS:
        return RenderLimitExceeded("memory")
    return RenderFailed(f"render process ended with exit code {exitcode}")


def _result(outcome: tuple[Any, ...]) -> tuple[bytes, RenderStats]:
    kind, value, stats = outcome
    if kind == "ok":
        return value, stats
    if kind == "memory":
        raise RenderLimitExceeded("memory")
    raise RenderFailed(value)


def _child(sender: Any, order: PackOrder, generated_at: datetime, limits: RenderLimits) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    from shared.certificate_pack.assemble import build_pack

    try:
        pdf = build_pack(order, generated_at)
    except MemoryError:
        sender.send(("memory", None, _stats()))
        return
    except Exception as exc:  # reported to the parent, which logs it as a failed render
        sender.send(("error", f"{type(exc).__name__}: {exc}", _stats()))
        return
    sender.send(("ok", pdf, _stats()))


def _stats() -> RenderStats:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return RenderStats(usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)
