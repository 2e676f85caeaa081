"""The child-process meter sees memory the work allocates, which tracemalloc-free tests rely on."""

from __future__ import annotations

import pytest

from tests.child_process import MIB, ChildFailed, run_in_child


def _allocate(megabytes: int) -> int:
    block = bytearray(megabytes * MIB)
    for offset in range(0, len(block), 4096):  # touch every page so it is resident
        block[offset] = 1
    return len(block)


def _fail() -> None:
    raise ValueError("seeded failure")


def test_the_work_s_peak_memory_is_measured_in_the_child() -> None:
    small = run_in_child(_allocate, 1)
    large = run_in_child(_allocate, 200)
    assert large.result == 200 * MIB
    assert large.work_rss >= 190 * MIB
    assert small.work_rss < 50 * MIB
    assert large.cpu_seconds >= 0


def test_an_exception_in_the_child_fails_the_caller() -> None:
    with pytest.raises(ChildFailed, match="ValueError: seeded failure"):
        run_in_child(_fail)
