"""50 clients race for one stock row over real HTTP (devhost on a SQLite file): never more reserved than exists."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from tests.reservation_race import RaceResult, race

pytestmark = pytest.mark.slow
ZERO = Decimal(0)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> RaceResult:
    outcome = race(tmp_path_factory.mktemp("race"), clients=50)
    print(f"\nreservation race: {outcome.summary()}")
    return outcome


def test_every_request_is_either_a_reservation_or_a_409_and_none_fails(result: RaceResult) -> None:
    assert len(result.attempts) == 50
    assert set(result.statuses) <= {201, 409}, result.statuses
    assert result.successes, "nobody got any stock"
    assert all(attempt.body["status"] == 409 for attempt in result.attempts if attempt.status == 409)


def test_no_more_is_reserved_than_existed_and_no_stock_is_lost(result: RaceResult) -> None:
    assert result.reserved <= result.stock
    # Conservation: the original row and the rows split off it still add up to what existed.
    assert result.family_total == result.stock
    whole_row_taken = any(not attempt.body["wasSplit"] for attempt in result.successes)
    free = ZERO if whole_row_taken else result.remaining_on_original
    assert result.reserved + free == result.stock


def test_no_row_is_linked_twice_and_every_success_is_an_active_link(result: RaceResult) -> None:
    linked = [attempt.body["linkedInventoryId"] for attempt in result.successes]
    assert len(linked) == len(set(linked))
    assert Counter(stock_id for stock_id, _ in result.active_links) == Counter(linked)
    assert sum((quantity for _, quantity in result.active_links), ZERO) == result.reserved


def test_a_whole_row_request_only_wins_when_nothing_was_split_before(result: RaceResult) -> None:
    whole = [attempt for attempt in result.successes if not attempt.split]
    assert len(whole) <= 1
    if whole:
        assert result.successes == whole


def test_the_threaded_devhost_logs_every_request_and_no_server_error(result: RaceResult) -> None:
    text = result.log.read_text(encoding="utf-8", errors="replace")
    assert text.count("/reservations?") == len(result.attempts)
    assert "Traceback" not in text and "Exception" not in text
    assert '" 500 ' not in text and '" 503 ' not in text
