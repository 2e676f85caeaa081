"""The workbook reader's adapter over ``shared.bounded_child`` (issue 21): each outcome of the child becomes the
upload's own error (the limits' 413 is in test_workbook_hostile.py)."""

from __future__ import annotations

import pytest

from shared.bulk.reading import workbook_child
from shared.bulk.reading.workbook_child import read_bounded
from shared.errors import BadRequest, PayloadTooLarge, ServiceUnavailable
from tests.unit.test_workbook_hostile import workbook


def test_the_childs_own_refusals_come_back_as_they_were_raised() -> None:
    with pytest.raises(BadRequest, match=r"^junk\.xlsx is not a readable Excel workbook"):
        read_bounded("junk.xlsx", b"PK not a workbook", 100)
    rows = workbook(("A1", "OrderReference"), *((f"A{n}", f"SO-{n}") for n in range(2, 6)))
    with pytest.raises(PayloadTooLarge, match="has more than 3 rows"):
        read_bounded("long.xlsx", rows, 3)


def test_a_read_past_the_wall_clock_is_a_503_to_retry_later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_child, "WALL_SECONDS", 0.0)
    with pytest.raises(ServiceUnavailable, match=r"took longer than 0 s; try again later\.") as raised:
        read_bounded("slow.xlsx", workbook(("A1", "OrderReference")), 100)
    assert raised.value.retry_after_seconds == 30


def test_in_the_child_the_sheets_or_the_refusal_are_what_is_sent_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # _read runs in the child, where mutation testing cannot see it: here it is called in this process.
    assert workbook_child._read("up.xlsx", workbook(("A1", "OrderReference"), ("A2", "SO-1")), 10) == (
        "ok", [("up.xlsx (sheet Orders)", b"\xef\xbb\xbfOrderReference\r\nSO-1\r\n")])
    assert workbook_child._read("junk.xlsx", b"PK not a workbook", 10) == (
        "BadRequest", "junk.xlsx is not a readable Excel workbook (CalamineError).")
    rows = workbook(("A1", "OrderReference"), *((f"A{n}", f"SO-{n}") for n in range(2, 6)))
    assert workbook_child._read("long.xlsx", rows, 3) == (
        "PayloadTooLarge", "long.xlsx (sheet Orders) has more than 3 rows; split it into several uploads.")

    def out_of_memory(name: str, data: bytes, max_rows: int) -> None:
        raise MemoryError

    monkeypatch.setattr(workbook_child, "sheets_as_csv", out_of_memory)
    assert workbook_child._read("big.xlsx", b"", 10) == ("PayloadTooLarge", "big.xlsx needs more memory to read than an upload may use.")
