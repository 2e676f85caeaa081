"""``shared.bounded_child.run_bounded`` through its API: each way a child can end, mapped to its outcome (issue 21).
The targets are module-level so the forkserver child can unpickle them."""

from __future__ import annotations

import importlib.util
import os
import signal
import time
from collections.abc import Callable

import pytest

from shared.bounded_child import (
    FORKSERVER_PRELOAD,
    MIB,
    ChildFailed,
    ChildLimits,
    LimitExceeded,
    TimedOut,
    run_bounded,
)

LIMITS = ChildLimits(cpu_seconds=30, memory_bytes=2048 * MIB, wall_seconds=60.0)


def add(a: int, b: int) -> int:
    return a + b


def touch(megabytes: int, cpu_seconds: float) -> int:
    block = bytearray(megabytes * MIB)
    for offset in range(0, len(block), 4096):
        block[offset] = 1
    start = time.process_time()
    while time.process_time() - start < cpu_seconds:
        pass
    return len(block)


def raise_memory_error() -> None:
    raise MemoryError


def spin() -> None:
    while True:
        pass


def allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * MIB))


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def raise_value_error() -> None:
    raise ValueError("no such grade")


def die_by(signal_number: int) -> None:
    os.kill(os.getpid(), signal_number)
    time.sleep(30)


def exit_with(code: int) -> None:
    os._exit(code)


def test_a_result_comes_back_with_the_childs_cpu_time_and_peak_rss() -> None:
    assert run_bounded(add, (2, 3), LIMITS)[0] == 5
    result, stats = run_bounded(touch, (100, 0.3), LIMITS)
    assert result == 100 * MIB
    assert stats.cpu_seconds >= 0.3
    assert stats.peak_rss >= 100 * MIB


def touch_in_a_grandchild(megabytes: int, cpu_seconds: float) -> int:
    """As the certificate pack's cover helper does: a forked process does part of the work and is reaped."""
    pid = os.fork()
    if pid == 0:
        os._exit(0 if touch(megabytes, cpu_seconds) else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_the_cpu_time_and_peak_rss_of_what_the_child_forked_count_too() -> None:
    result, stats = run_bounded(touch_in_a_grandchild, (120, 0.4), LIMITS)
    assert result == 0
    assert stats.cpu_seconds >= 0.4
    assert stats.peak_rss >= 120 * MIB


def test_a_memory_error_is_the_memory_limit() -> None:
    with pytest.raises(LimitExceeded) as raised:
        run_bounded(raise_memory_error, (), LIMITS)
    assert raised.value.limit == "memory"


def test_allocating_past_the_address_space_limit_is_the_memory_limit() -> None:
    with pytest.raises(LimitExceeded) as raised:
        run_bounded(allocate, (4096,), ChildLimits(cpu_seconds=30, memory_bytes=1024 * MIB, wall_seconds=60.0))
    assert raised.value.limit == "memory"


def test_a_busy_loop_past_the_cpu_limit_is_the_cpu_limit() -> None:
    with pytest.raises(LimitExceeded) as raised:
        run_bounded(spin, (), ChildLimits(cpu_seconds=1, memory_bytes=2048 * MIB, wall_seconds=60.0))
    assert raised.value.limit == "cpu"


@pytest.mark.parametrize(("signal_number", "limit"), [
    (signal.SIGKILL, "cpu"),  # the hard CPU limit
    (signal.SIGABRT, "memory"), (signal.SIGSEGV, "memory"), (signal.SIGBUS, "memory"),  # C code's failed allocation
])
def test_a_death_by_a_limits_signal_names_that_limit(signal_number: int, limit: str) -> None:
    with pytest.raises(LimitExceeded) as raised:
        run_bounded(die_by, (signal_number,), LIMITS)
    assert raised.value.limit == limit


def test_sleeping_past_the_wall_clock_times_out() -> None:
    with pytest.raises(TimedOut, match=r"no result after 0\.5 s"):
        run_bounded(sleep, (30.0,), ChildLimits(cpu_seconds=30, memory_bytes=2048 * MIB, wall_seconds=0.5))


def test_another_exception_is_a_failure_naming_it() -> None:
    with pytest.raises(ChildFailed) as raised:
        run_bounded(raise_value_error, (), LIMITS)
    assert raised.value.detail == "ValueError: no such grade"
    assert raised.value.exitcode is None


@pytest.mark.parametrize(("target", "argument", "exitcode"), [
    (die_by, signal.SIGTERM, -signal.SIGTERM),  # a signal no limit sends
    (exit_with, 3, 3),
])
def test_another_death_is_a_failure_with_its_exit_code(target: Callable[[int], None], argument: int, exitcode: int) -> None:
    with pytest.raises(ChildFailed) as raised:
        run_bounded(target, (argument,), LIMITS)
    assert raised.value.exitcode == exitcode
    assert raised.value.detail == f"process ended with exit code {exitcode}"


def test_every_preloaded_module_exists() -> None:
    assert {"shared.certificate_pack.assemble", "shared.bulk.reading.workbook_sheets"} <= set(FORKSERVER_PRELOAD)
    assert [name for name in FORKSERVER_PRELOAD if importlib.util.find_spec(name) is None] == []
