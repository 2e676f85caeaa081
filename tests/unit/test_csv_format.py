"""Formula-injection neutralising (SECURITY_NOTES §2): export guards, upload restores, exactly one apostrophe."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.bulk.csv_format import csv_bytes, neutralise, restore

TRIGGERS = ["=", "+", "-", "@", "\t", "\r", "\n"]


@pytest.mark.parametrize("text", ["=1+2", "+44 114", "-5", "@SUM(A1)", "\tx", "\rx", "\nx", "'=x", "''-x"])
def test_text_a_spreadsheet_would_evaluate_gets_one_more_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["", "SO-1", "'quoted", "''", "a=b", " =x", "5-3"])
def test_other_text_is_written_and_read_as_it_is(text: str) -> None:
    assert neutralise(text) == text
    assert restore(text) == text


def test_a_guarded_cell_never_starts_with_a_trigger() -> None:
    for trigger in TRIGGERS:
        assert neutralise(trigger + "x")[0] == "'"


@given(st.text(st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "\n", "a", " "]), max_size=8) | st.text())
def test_restoring_a_neutralised_text_gives_the_text_back(text: str) -> None:
    assert restore(neutralise(text)) == text


@given(st.lists(st.lists(st.text(), min_size=1, max_size=4), max_size=4))
def test_csv_bytes_are_bom_crlf_utf8_and_parse_back(rows: list[list[str]]) -> None:
    data = csv_bytes(["A", "B"], rows)
    assert data.startswith(b"\xef\xbb\xbfA,B\r\n")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), strict=True))
    assert parsed == [["A", "B"], *rows]
