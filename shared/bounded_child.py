"""Run one function in a child process with a fixed budget: CPU seconds and address space (rlimits in the child),
and a wall clock the parent enforces. Whatever the input, the worker that calls it spends at most that budget and
stays at its own size. The certificate pack render (``certificate_pack.bounded``) and the workbook reader
(``bulk.reading.workbook_child``) are thin adapters over ``run_bounded``.

    result, stats = run_bounded(target, args, ChildLimits(cpu_seconds=120, memory_bytes=2048 * MIB, wall_seconds=180))

Outcomes:

    (result, ChildStats)     ``target(*args)`` returned; its CPU time and peak RSS
    LimitExceeded(limit)     "cpu": killed by SIGXCPU/SIGKILL (the soft and the hard RLIMIT_CPU); "memory": it raised
                             MemoryError, or died by SIGABRT/SIGSEGV/SIGBUS (C code whose allocation failed)
    TimedOut                 the wall clock ran out first (a busy machine: worth retrying later)
    ChildFailed              it raised another exception, or died another way (a bug)

``target`` and ``args`` are pickled, so ``target`` is a module-level function; it should import its heavy libraries
itself, in the child. Children fork from the process's one forkserver, whose preloads are fixed by whoever starts it
first: ``FORKSERVER_PRELOAD`` lists every caller's modules, so it does not matter who that is.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
MIB = 1024 * 1024
# Imported once in the forkserver, so a child does not pay for them: the pack renderer's (WeasyPrint, pypdf: seconds)
# and the workbook reader's (python-calamine: milliseconds). A module that fails to import is skipped.
FORKSERVER_PRELOAD = [
    "shared.certificate_pack.assemble", "weasyprint", "pypdf", "jinja2",  # certificate_pack.bounded
    "shared.bulk.reading.workbook_sheets", "python_calamine",  # bulk.reading.workbook_child
]
CPU_SIGNALS = frozenset({signal.SIGXCPU, signal.SIGKILL})  # the soft and the hard CPU limit
MEMORY_SIGNALS = frozenset({signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS})  # an allocation failing in C code
HARD_CPU_MARGIN = 5  # seconds between SIGXCPU and SIGKILL


@dataclass(frozen=True)
class ChildLimits:
    cpu_seconds: int
    memory_bytes: int  # address space (RLIMIT_AS), not resident memory
    wall_seconds: float


@dataclass(frozen=True)
class ChildStats:
    cpu_seconds: float  # the child's and its own children's
    peak_rss: int  # bytes: the child's high-water mark, plus its children's highest (together, an upper bound)


class LimitExceeded(Exception):
    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit  # "cpu" or "memory"


class TimedOut(Exception):
    pass


class ChildFailed(Exception):
    def __init__(self, detail: str, exitcode: int | None = None) -> None:
        super().__init__(detail)
        self.detail = detail  # "ExceptionType: message", or how the process ended
        self.exitcode = exitcode  # set when the child died without reporting (a signal or an exit)


def run_bounded(target: Callable[..., T], args: tuple[Any, ...], limits: ChildLimits) -> tuple[T, ChildStats]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(FORKSERVER_PRELOAD)  # takes effect when the forkserver starts
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, target, args, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.wall_seconds):
            raise TimedOut(f"no result after {limits.wall_seconds:g} s")
        try:
            outcome = receiver.recv()
        except EOFError:  # the child died without a word: a signal
            outcome = None
    finally:
        process.kill()
        process.join()
        receiver.close()
    if outcome is None:
        raise death(process.exitcode)
    kind, value, stats = outcome
    if kind == "ok":
        return value, stats
    if kind == "memory":
        raise LimitExceeded("memory")
    raise ChildFailed(value)


def death(exitcode: int | None) -> Exception:
    """What a child's exit code (``-N`` for signal N) says about how it ended without reporting."""
    if exitcode is not None and exitcode < 0 and -exitcode in CPU_SIGNALS:
        return LimitExceeded("cpu")
    if exitcode is not None and exitcode < 0 and -exitcode in MEMORY_SIGNALS:
        return LimitExceeded("memory")
    return ChildFailed(f"process ended with exit code {exitcode}", exitcode)


def _child(sender: Any, target: Callable[..., Any], args: tuple[Any, ...], limits: ChildLimits) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + HARD_CPU_MARGIN))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        result = target(*args)
    except MemoryError:
        sender.send(("memory", None, _stats()))
        return
    except Exception as exc:  # reported to the parent as a failure
        sender.send(("error", f"{type(exc).__name__}: {exc}", _stats()))
        return
    sender.send(("ok", result, _stats()))


def _stats() -> ChildStats:
    own = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)  # processes it forked and reaped (the cover's second one)
    cpu = own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime
    return ChildStats(cpu, (own.ru_maxrss + helpers.ru_maxrss) * 1024)
