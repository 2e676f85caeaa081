"""Run one piece of work in a fresh child process and measure what it cost: peak RSS and CPU time.

Resource limits must be measured where nothing else shares the process: tracemalloc misses C allocations
(zlib, pypdf's buffers, WeasyPrint's Pango) and the wall clock in an xdist worker measures its neighbours too.
The child starts with ``spawn``, so it imports only what the work needs; ``baseline_rss`` is what such a child
costs before the work, so tests can bound the work's own memory (``peak_rss - baseline_rss``).

    measured = run_in_child(_import_file, tmp_path, content)
    assert measured.result == "rejected"
    assert measured.work_rss < 3 * len(content) + 50 * MIB
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Measured(Generic[T]):
    result: T
    baseline_rss: int  # bytes resident after the child imported the work's module, before the work ran
    peak_rss: int  # bytes, the child's high-water mark when the work returned
    cpu_seconds: float  # user + system CPU time of the work alone
    wall_seconds: float

    @property
    def work_rss(self) -> int:
        """Peak memory the work added on top of the child's starting size."""
        return max(0, self.peak_rss - self.baseline_rss)


def run_in_child(work: Callable[..., T], *args: Any, timeout: float = 300.0) -> Measured[T]:
    """Call ``work(*args)`` in a spawned child; its exception is raised here as ``ChildFailed``.

    ``work`` must be a module-level function (spawn pickles it by name) and its result picklable.
    """
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, work, args), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TimeoutError(f"{work.__qualname__} ran longer than {timeout} s in the child process")
        outcome = receiver.recv()
    finally:
        process.kill()
        process.join()
    if outcome[0] == "error":
        raise ChildFailed(outcome[1])
    return outcome[1]  # type: ignore[no-any-return]


class ChildFailed(AssertionError):
    """The work raised in the child; the message is its type and text."""


def _child_main(sender: Any, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _reset_peak_rss()
    baseline = _current_rss()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    try:
        result = work(*args)
    except BaseException as exc:  # reported to the parent, which raises
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    measured = Measured(result, baseline, _peak_rss(), _cpu_seconds() - cpu_before, time.perf_counter() - started)
    sender.send(("ok", measured))


def _reset_peak_rss() -> None:
    # Linux >= 4.0: writing 5 resets the high-water mark (VmHWM), so imports before the work do not count.
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def _status_bytes(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024  # reported in kB
    raise RuntimeError(f"{field} missing from /proc/self/status")


def _current_rss() -> int:
    return _status_bytes("VmRSS")


def _peak_rss() -> int:
    return _status_bytes("VmHWM")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
