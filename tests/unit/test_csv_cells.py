"""Cells -> typed values a column at a time, and stored values -> cells exactly as the JSON API represents them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.bulk.csv_format import restore
from shared.bulk.exporting.values_to_cells import (
    date_cell,
    date_column,
    decimal_cell,
    decimal_column,
    guid_cell,
    guid_column,
    text_cell,
    text_column,
    timestamp_cell,
    timestamp_column,
)
from shared.bulk.reading.cells_to_values import convert
from shared.db.values import plain_decimal, sqlite_timestamp
from shared.models.fields import OrderStatus
from shared.representation import api_timestamp


def test_blank_cells_are_none_and_good_cells_are_typed() -> None:
    assert convert("date", ["2026-03-01", "", "  ", "5/3/2026", "31/12/2026"]) == (
        [date(2026, 3, 1), None, None, date(2026, 3, 5), date(2026, 12, 31)], [])
    assert convert("guid", ["{0B7F3C1E-8F1A-4F9E-9A36-2F0C6F1D2A4B}"]) == (["0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b"], [])
    assert convert("status", ["in progress", "CANCELLED"]) == ([OrderStatus.IN_PROGRESS, OrderStatus.CANCELLED], [])
    assert convert("line_number", ["12"]) == ([12], [])
    assert convert("text100", ["  padded  "]) == (["padded"], [])


def test_every_bad_cell_is_named_by_its_index_and_the_good_ones_are_kept() -> None:
    values, errors = convert("quantity", ["1.5", "-2", "abc", "1.23456", ""])
    assert values[0] == Decimal("1.5") and values[1:] == [None, None, None, None]
    assert [index for index, _ in errors] == [1, 2, 3]


@pytest.mark.parametrize(("kind", "cell"), [
    ("date", "2026-02-30"), ("date", "03/01/26"), ("date", "1 March 2026"), ("guid", "1234"), ("line_number", "0"),
    ("line_number", "1.0"), ("line_number", "²"), ("positive_quantity", "0"), ("quantity", "NaN"), ("status", "Shipped"),
    ("text20", "x" * 21), ("text100", "bell\x07"), ("text100", "nul\x00"), ("reference", "r" * 101),
])
def test_a_bad_cell_is_an_error(kind: str, cell: str) -> None:
    values, errors = convert(kind, [cell])
    assert values == [None] and len(errors) == 1


def test_a_decimal_comma_is_read_only_in_semicolon_files() -> None:
    assert convert("quantity", ["12,5"], decimal_comma=True) == ([Decimal("12.5")], [])
    assert convert("quantity", ["12,5"])[1]
    assert convert("quantity", ["1,000.5"], decimal_comma=True)[1]


@given(st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)))
def test_stored_timestamps_become_the_json_apis_timestamps(moment: datetime) -> None:
    assert timestamp_cell(sqlite_timestamp(moment)) == api_timestamp(moment)  # SQLite's text
    assert timestamp_cell(moment.replace(tzinfo=None)) == api_timestamp(moment)  # SQL Server's naive UTC datetime2


@given(st.decimals(min_value=0, max_value=Decimal("99999999999999.9999"), places=4))
def test_stored_decimals_become_the_json_apis_numbers(value: Decimal) -> None:
    assert decimal_cell(plain_decimal(value)) == decimal_cell(value) == str(Decimal(plain_decimal(value)))


def test_ids_and_dates_from_either_database_read_the_same() -> None:
    assert guid_cell("0B7F3C1E-8F1A-4F9E-9A36-2F0C6F1D2A4B") == "0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b"
    assert date_cell("2026-03-01") == date_cell(date(2026, 3, 1)) == "2026-03-01"
    assert (guid_cell(None), date_cell(None), decimal_cell(None), timestamp_cell(None)) == ("", "", "", "")


# Values each kind of column really holds, from either database (SQLite: text; SQL Server: typed values); every
# example generated is checked, none is discarded.
FORMULA_STARTS = "=+-@\t\r\n"  # what Excel and friends read as the start of a formula (or a cell break)
FULL_WIDTH_STARTS = "\uff1d\uff0b\uff0d\uff20"  # ＝ ＋ － ＠
_PLAIN_TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=12)
_FORMULA_LIKE = st.builds(
    lambda quotes, start, rest: quotes + start + rest,
    st.sampled_from(["", "'", "''"]), st.sampled_from(list(FORMULA_STARTS + FULL_WIDTH_STARTS)), _PLAIN_TEXT,
)
_DECIMAL_EDGES = st.sampled_from([
    Decimal("0"), Decimal("0.0000"), Decimal("0E-4"), Decimal("0.0001"), Decimal("1.5000"), Decimal("10"), Decimal("1E+1"),
    Decimal("99999999999.9999"), Decimal("100.0100"),
])
_DECIMALS = st.decimals(min_value=0, max_value=Decimal("99999999999.9999"), places=4) | _DECIMAL_EDGES  # the stored bound
_DATES = st.dates() | st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2024, 2, 29), date(2026, 12, 31)])
STORED = {
    "guid": st.none() | st.uuids().map(str) | st.uuids().map(lambda value: str(value).upper()),
    "text": st.none() | st.just("") | _PLAIN_TEXT | _FORMULA_LIKE,
    "decimal": st.none() | _DECIMALS | _DECIMALS.map(plain_decimal),
    "date": st.none() | _DATES | _DATES.map(date.isoformat),
}
COLUMNS = {"guid": (guid_column, guid_cell), "text": (text_column, text_cell), "decimal": (decimal_column, decimal_cell),
           "date": (date_column, date_cell)}


@pytest.mark.parametrize("kind", sorted(COLUMNS))
@given(data=st.data())
def test_a_column_formatted_at_once_reads_as_each_cell_formatted_alone(kind: str, data: st.DataObject) -> None:
    column, cell = COLUMNS[kind]
    values = data.draw(st.lists(STORED[kind], max_size=6))
    expected = ["" if value is None else cell(value) for value in values]
    assert ["" if value is None else value for value in column(values)] == expected


@given(st.lists(STORED["text"], min_size=1, max_size=6))
def test_no_text_cell_starts_with_a_formula_character_and_the_guard_is_undone_on_reading(values: list[str | None]) -> None:
    for value, written in zip(values, text_column(values), strict=True):
        if value:
            assert written[0] not in FORMULA_STARTS, (value, written)
            assert restore(written) == value


@pytest.mark.parametrize("start", list(FORMULA_STARTS))
def test_a_column_where_only_one_cell_needs_the_guard_guards_it(start: str) -> None:
    assert list(text_column(["plain", f"{start}=cmd|' /C calc'!A0"])) == ["plain", f"'{start}=cmd|' /C calc'!A0"]


@given(_DECIMALS)
def test_a_written_decimal_reads_back_as_the_same_quantity(value: Decimal) -> None:
    assert convert("quantity", [decimal_cell(value)]) == ([value], [])


@given(_DATES)
def test_a_written_date_reads_back_as_the_same_date_in_both_accepted_forms(value: date) -> None:
    assert convert("date", [date_cell(value)]) == ([value], [])
    assert convert("date", [f"{value.day}/{value.month}/{value.year:04}"]) == ([value], [])


_TIMESTAMPS = st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30))


@given(st.lists(st.none() | _TIMESTAMPS.map(sqlite_timestamp) | _TIMESTAMPS, min_size=1, max_size=6))
def test_a_timestamp_column_formatted_at_once_reads_as_each_cell_formatted_alone(values: list[Any]) -> None:
    assert list(timestamp_column(values)) == [timestamp_cell(value) for value in values]


def test_a_line_number_column_with_a_bad_cell_still_reads_the_good_ones_padded_or_not() -> None:
    assert convert("line_number", [" 7 ", "x", "8"]) == ([7, None, 8], [(1, "must be a whole number")])
