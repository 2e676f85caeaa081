"""The "is this only a spreadsheet's reformatting of that" rule (issue 18.3), case by case."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.bulk.reformatting import column_may_have_shapes, reformatting, shape_candidate, suspicious_shape, thousands_misread

DAMAGE = [
    ("00123", "123", "leading zeros dropped"),
    ("00457", "457", "leading zeros dropped"),
    ("007", "7", "leading zeros dropped"),
    ("1.4310", "1.431", "trailing zeros dropped"),
    ("2.50", "2.5", "trailing zeros dropped"),
    ("10.0", "10", "trailing zeros dropped"),
    ("1,4310", "1,431", "trailing zeros dropped"),
    ("3E5", "3.00E+05", "written in another scientific notation"),
    ("3E5", "300000", "written in another scientific notation"),
    ("1234567890123456", "1234567890123460", "rounded to 15 significant digits"),
    ("1234567890123456", "1.23457E+15", "rounded into scientific notation"),
    ("6/4", "06/04/26", "turned into a date"),
    ("6/4", "04/06/2026", "turned into a date"),
    ("6/4", "2026-06-04", "turned into a date"),
    ("1.2", "01.02.26", "turned into a date"),
    ("6-4", "4-Jun", "turned into a date"),
    ("6/4/26", "06/04/2026", "turned into a date"),
    ("4/6/26", "06/04/26", "turned into a date"),  # day and month swapped by a month-first spreadsheet
    ("6/4/2026", "06/04/26", "turned into a date"),  # the year compared by its last two digits
    ("6-4", "Jun-4", "turned into a date"),  # month name first
    ("4/6/26", "4-Jun-26", "turned into a date"),  # month name with a year
    ("-007", "-7", "leading zeros dropped"),  # behind a sign
    ("01.5", "1.5", "leading zeros dropped"),  # one leading zero before the point
    ("true", "TRUE", "a true/false text turned into a spreadsheet boolean"),
    ("False", "FALSE", "a true/false text turned into a spreadsheet boolean"),
]

REAL_EDITS = [
    ("00123", "00124"),  # an edit keeping the zeros
    ("00123", "124"),  # another number
    ("123", "00123"),  # the stored form restored: a person's fix, never a spreadsheet's
    ("1.431", "1.4310"),
    ("1.4310", "1.4311"),
    ("1.4310", "1.43"),  # a real rounding by a person
    ("1234567890123456", "1234567890123457"),
    ("123456789012345", "123456789012340"),  # 15 digits survive a spreadsheet: this is an edit
    ("6/4", "07/04/26"),
    ("6/4", "6/5"),
    ("6/4/26", "07/05/2027"),  # another date
    ("6/4/26", "06/04/27"),  # another year
    ("SO-1", "SO-2"),
    ("true", "false"),
    ("TRUE", "true"),
    ("yes", "YES"),
    ("12 mm", "12mm"),
    ("", "0"),
]


@pytest.mark.parametrize(("stored", "uploaded", "phrase"), DAMAGE)
def test_a_spreadsheets_reformatting_is_named(stored: str, uploaded: str, phrase: str) -> None:
    assert reformatting(stored, uploaded) == phrase


@pytest.mark.parametrize(("stored", "uploaded"), REAL_EDITS)
def test_a_real_edit_is_not_reformatting(stored: str, uploaded: str) -> None:
    assert reformatting(stored, uploaded) is None


@pytest.mark.parametrize(("text", "shape"), [
    ("3.00E+05", "is in scientific notation"),
    ("TRUE", "is a spreadsheet boolean"),
    ("06/04/26", "is shaped like a date"),
    ("4-Jun", "is shaped like a date"),
    ("1234567890123460", "is a number of more than 15 digits ending in 0 (a spreadsheet rounds such numbers)"),
])
def test_spreadsheet_shapes_of_new_values_are_named(text: str, shape: str) -> None:
    assert suspicious_shape(text) == shape


@pytest.mark.parametrize("text", ["00123", "1.4310", "SO-1", "true", "123456789012345", "1234567890123456", "6/4"])
def test_ordinary_values_have_no_suspicious_shape(text: str) -> None:
    assert suspicious_shape(text) is None


@given(st.lists(st.one_of(st.sampled_from(["3.00E+05", "TRUE", "06/04/26", "4-Jun", "Jun-4", "-12", "00123", "SO-1", ""]),
                          st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x1f"), max_size=12)),
                max_size=6))
def test_a_column_with_any_candidate_is_never_skipped_by_the_joined_scan(texts: list[str]) -> None:
    # The per-column scan only lets the planner skip work: it must see every cell a per-cell check would.
    if any(shape_candidate(text) for text in texts) or not all(text.isascii() for text in texts):
        assert column_may_have_shapes(texts)
    assert column_may_have_shapes(texts) or not any(suspicious_shape(text) for text in texts)


@pytest.mark.parametrize(("stored", "uploaded", "misread"), [
    ("2.125", "2125", True), ("2.1250", "2125", True),  # a dot and exactly three digits, read as grouping
    ("2.5", "2500", False), ("2.12", "2120", False), ("2.1255", "2125.5", False),  # other fractions: never grouping
    ("2.125", "2126", False), ("2.125", "2.125", False),
])
def test_a_decimal_point_read_as_a_thousands_separator_is_named(stored: str, uploaded: str, misread: bool) -> None:
    assert thousands_misread(Decimal(stored), Decimal(uploaded)) is misread
