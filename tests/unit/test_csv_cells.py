"""Cells -> typed values a column at a time, and stored values -> cells exactly as the JSON API represents them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.bulk.exporting.cell_text import (
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
from shared.bulk.reading.cells import convert
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


_STORED = st.one_of(
    st.none(), st.just(""), st.text(max_size=12), st.sampled_from(["=x", "'-5", "ABC-def", "2026-03-01", "2026-03-01 10:11:12.123456"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=0, max_value=10**6).map(plain_decimal),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=0, max_value=10**6),
    st.dates(), st.uuids().map(str), st.uuids().map(lambda value: str(value).upper()),
)


@pytest.mark.parametrize(("column", "cell"), [
    (guid_column, guid_cell), (text_column, text_cell), (decimal_column, decimal_cell), (date_column, date_cell),
])
@given(values=st.lists(_STORED, max_size=6))
def test_a_column_formatted_at_once_reads_as_each_cell_formatted_alone(column: Any, cell: Any, values: list[Any]) -> None:
    try:
        expected = ["" if value is None else cell(value) for value in values]
    except (ValueError, ArithmeticError, AttributeError, TypeError):
        return  # a value this kind of column never holds
    assert ["" if value is None else value for value in column(values)] == expected


@given(st.lists(st.none() | st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30)).map(sqlite_timestamp)
                | st.sampled_from(["2026-03-01 10:11:12 123456", "x" * 26]), min_size=1, max_size=6))
def test_a_timestamp_column_formatted_at_once_reads_as_each_cell_formatted_alone(values: list[Any]) -> None:
    try:
        expected = [timestamp_cell(value) for value in values]
    except ValueError:
        return
    assert list(timestamp_column(values)) == expected
