"""retry_when_busy: a unit of work the busy database refused runs again after an exponential, jittered pause, until
it succeeds, the attempts run out, or the next pause would outlast the request's waiting budget."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from shared.errors import BadRequest, ServiceUnavailable
from shared.services import busy_retry


def refused(times: int, error: Exception | None = None) -> tuple[Callable[[], str], list[int]]:
    calls: list[int] = []

    def work() -> str:
        calls.append(len(calls) + 1)
        if len(calls) <= times:
            raise error or ServiceUnavailable("busy")
        return "done"

    return work, calls


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    monkeypatch.setattr("random.random", lambda: 0.5)  # the jitter: half the base delay again
    return slept


def test_refused_work_runs_again_after_doubling_pauses(pauses: list[float]) -> None:
    work, calls = refused(2)
    assert busy_retry.retry_when_busy(work) == "done"
    assert calls == [1, 2, 3] and pauses == pytest.approx([0.075, 0.15])


def test_the_last_attempt_refused_is_the_503(pauses: list[float]) -> None:
    work, calls = refused(10)
    with pytest.raises(ServiceUnavailable):
        busy_retry.retry_when_busy(work, attempts=3)
    assert calls == [1, 2, 3] and pauses == pytest.approx([0.075, 0.15])
    work, calls = refused(10)
    with pytest.raises(ServiceUnavailable):
        busy_retry.retry_when_busy(work)
    assert calls == [1, 2, 3, 4, 5, 6]


def test_no_pause_outlasts_the_waiting_budget(pauses: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    second_pause = busy_retry.BASE_DELAY_SECONDS * 2 * (1 + 0.5)
    monkeypatch.setattr(busy_retry, "remaining_seconds", lambda: second_pause)
    work, calls = refused(10)
    with pytest.raises(ServiceUnavailable):
        busy_retry.retry_when_busy(work)
    assert calls == [1, 2] and pauses == pytest.approx([0.075])  # the second pause would use the whole budget


def test_other_errors_are_not_retried(pauses: list[float]) -> None:
    work, calls = refused(1, BadRequest("no"))
    with pytest.raises(BadRequest):
        busy_retry.retry_when_busy(work)
    assert (calls, pauses) == ([1], [])
