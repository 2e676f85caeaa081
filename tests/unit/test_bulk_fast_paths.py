"""The import's whole-column shortcuts give exactly what the per-cell checks they replace give (issue 12.1: the
import's speed).

Each shortcut only decides faster (one C-level scan of a column instead of a Python-level test per cell); these
properties compare it with the per-cell rule on generated columns, the shapes a spreadsheet writes included.
"""

from __future__ import annotations

import dataclasses
import uuid
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from shared.bulk.columns import COLUMNS, Kind
from shared.bulk.planning import damage
from shared.bulk.reading import plain_columns
from shared.bulk.reading.cells_to_values import _KINDS, _cell_by_cell, convert
from shared.bulk.reading.csv_reader import CsvFile
from shared.bulk.reading.tables import ImportTable, build_table, layout
from shared.bulk.reading.upload_problems import Problems
from shared.bulk.reformatting import column_may_have_shapes, shape_candidate
from shared.errors import BadRequest
from shared.models import fields
from shared.models.fields import OrderStatus

SHAPES = ["3.00E+05", "-1.5E-07", "TRUE", "FALSE", "06/04/26", "2026-06-04", "1.2.2026", "4-Jun", "04-Jun-2026", "Jun-4",
          "-12", "--7", "00123", "1234567890123460", "SO-1", "PL-S355", "jun-4x", "12-", "1.4310", "E+05", ""]
_TEXT = st.one_of(st.sampled_from(SHAPES), st.text(alphabet="0123456789-./+EeTRUFALSjunJUN x", max_size=10),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x1f"), max_size=12))


def flagged_by_the_cell(text: str) -> bool:
    """The per-cell rule the planner's row checks start from: a non-ASCII text or a spreadsheet shape candidate."""
    return bool(text) and (not text.isascii() or shape_candidate(text))


@pytest.mark.parametrize("text", [*SHAPES, *"0123456789", "9-Jun", "9/4/26", "9E+05", "-9", "Ä", "٣"])
@pytest.mark.parametrize("around", [[], ["SO-1"], ["a", ""]])
def test_each_shape_is_seen_by_the_joined_scan_wherever_it_is(text: str, around: list[str]) -> None:
    assert column_may_have_shapes([*around, text, *around]) == flagged_by_the_cell(text)


@given(_TEXT)
def test_the_joined_scan_of_one_cell_is_the_per_cell_check(text: str) -> None:
    assert column_may_have_shapes([text]) == flagged_by_the_cell(text)


@given(st.lists(_TEXT, max_size=8))
def test_the_joined_scan_is_exactly_the_per_cell_check(texts: list[str]) -> None:
    assert column_may_have_shapes(texts) == any(flagged_by_the_cell(text) for text in texts)


@given(st.lists(_TEXT, max_size=8), st.integers(0, 8), st.text(max_size=5))
def test_a_text_holding_the_separator_can_only_make_the_scan_say_yes(texts: list[str], at: int, around: str) -> None:
    texts = [*texts[:at], around + "\x1f" + around, *texts[at:]]
    assert column_may_have_shapes(texts) or not any(flagged_by_the_cell(text) for text in texts if "\x1f" not in text)


@given(st.uuids())
def test_a_guid_is_never_a_suspect(value: uuid.UUID) -> None:
    # Why the planner may skip the GUID columns: what the reader makes of a GUID cell is ASCII and no shape.
    assert not flagged_by_the_cell(str(value)) and not flagged_by_the_cell(str(value).upper())


_VALUE = st.one_of(_TEXT, st.none(), st.just(""), st.decimals(allow_nan=False, allow_infinity=False, places=3),
                   st.integers(0, 10**20), st.sampled_from(list(OrderStatus)))


@st.composite
def tables(draw: st.DrawFn) -> ImportTable:
    kind = draw(st.sampled_from(list(Kind)))
    rows = draw(st.integers(0, 6))
    fields = draw(st.lists(st.sampled_from([column for column in COLUMNS[kind] if not column.read_only]), unique=True))
    values: dict[str, list[Any]] = {}
    for column in fields:
        cell = st.one_of(st.none(), st.uuids().map(str)) if column.kind == "guid" else _VALUE
        values[column.field] = draw(st.lists(cell, min_size=rows, max_size=rows))
    return ImportTable("upload.csv", kind, list(range(2, rows + 2)), values)


@given(tables())
def test_the_suspect_rows_are_the_rows_with_a_cell_flagged_by_the_per_cell_check(table: ImportTable) -> None:
    expected = {index for column in table.values.values() for index, value in enumerate(column)
                if type(value) is str and flagged_by_the_cell(value)}
    assert damage.suspects(table) == expected


def test_values_that_are_no_text_are_never_suspects() -> None:
    table = ImportTable("upload.csv", Kind.LINE_ITEMS, [2, 3, 4], {
        "line_number": [10**16, 1, 2], "quantity": [Decimal("1E+5"), Decimal(1), None], "unit": ["t", None, "TRUE"]})
    assert damage.suspects(table) == {2}


_CELLS = {
    "guid": ["0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b", "{0B7F3C1E-8F1A-4F9E-9A36-2F0C6F1D2A4B}", " 0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b ",
             "1234", "0b7f3c1e8f1a4f9e9a362f0c6f1d2a4b"],
    "date": ["2026-03-01", "5/3/2026", "31.12.2026", "2026-02-30", "03/01/26", " 2026-03-01", "1 March 2026"],
    "name": ["Acme", "  Acme  ", "x" * 300],
    "reference": ["SO-1", " SO-1 ", "r" * 100, "r" * 101, "bell\x07", "00123"],
    "text20": ["t", "x" * 20, "x" * 21, " padded ", "tab\tinside", "nul\x00"],
    "text2000": ["deliver before noon", "line\nbreak", "\x7f"],
    "quantity": ["1.5", "0", "-2", "abc", "1.23456", "12,5", "1.250", "1.250,5", "1E3", "NaN", "99999999999.9999"],
    "positive_quantity": ["7.714", "0", "0.0001", "-1", "1,5", "2.125"],
    "line_number": ["1", "12", "0", "1.0", "²", " 3 ", "1000001", "007"],
    "status": ["Open", "in progress", "CANCELLED", "Shipped", "in_progress"],
}


@st.composite
def columns(draw: st.DrawFn) -> tuple[str, list[str]]:
    kind = draw(st.sampled_from(sorted(_CELLS)))
    cell = st.one_of(st.sampled_from([*_CELLS[kind], "", "  "]), st.text(max_size=6))
    return kind, draw(st.lists(cell, max_size=10))


@given(columns(), st.booleans())
def test_a_column_converted_as_its_distinct_cells_is_the_column_converted_cell_by_cell(column: tuple[str, list[str]],
                                                                                         decimal_comma: bool) -> None:
    kind, cells = column
    assert same(convert(kind, cells, decimal_comma=decimal_comma), _cell_by_cell(_KINDS[kind], cells, decimal_comma))


@pytest.mark.parametrize("kind", sorted(_CELLS))
def test_every_sample_cell_alone_and_repeated_converts_as_cell_by_cell(kind: str) -> None:
    for cell in [*_CELLS[kind], "", "  "]:
        for cells in ([cell], [cell, "", cell], [_CELLS[kind][0], cell, _CELLS[kind][0]]):
            for decimal_comma in (False, True):
                assert same(convert(kind, cells, decimal_comma=decimal_comma), _cell_by_cell(_KINDS[kind], cells, decimal_comma))


def same(converted: tuple[list[Any], Any], expected: tuple[list[Any], Any]) -> bool:
    """Equal values of equal types and representation (``Decimal('1.50')`` is not ``Decimal('1.5')`` here), equal errors."""
    def shown(values: list[Any]) -> list[tuple[type, str]]:
        return [(type(value), repr(value)) for value in values]
    return shown(converted[0]) == shown(expected[0]) and converted[1] == expected[1]


_GUID_TEXT = "0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4B"
_QUANTITY_TEXT = st.from_regex(r"(?:0|[1-9][0-9]{0,10})(?:\.[0-9]{1,4})?", fullmatch=True)


@given(_QUANTITY_TEXT)
def test_a_plain_quantity_is_what_the_api_field_types_make_of_it(text: str) -> None:
    assert repr(plain_columns.quantities([text])) == repr([TypeAdapter(fields.Quantity).validate_python(text)])
    if Decimal(text):
        assert repr(plain_columns.positive_quantities([text])) == repr([TypeAdapter(fields.PositiveQuantity).validate_python(text)])
    else:
        assert plain_columns.positive_quantities([text]) is None


@given(st.lists(st.one_of(_QUANTITY_TEXT, st.uuids().map(str), st.sampled_from(["", " 1", "1 ", "01", "-0", "1e3", "\x1f"])),
                max_size=6), st.sampled_from(["guid", "quantity", "positive_quantity"]), st.booleans())
def test_a_column_read_the_plain_way_is_the_column_read_cell_by_cell(cells: list[str], kind: str, decimal_comma: bool) -> None:
    assert same(convert(kind, cells, decimal_comma=decimal_comma), _cell_by_cell(_KINDS[kind], cells, decimal_comma))


@pytest.mark.parametrize(("kind", "cells"), [
    ("guid", [f"{_GUID_TEXT}\x1f{_GUID_TEXT}", _GUID_TEXT]), ("guid", [_GUID_TEXT, f"{_GUID_TEXT}\x1f"]),
    ("quantity", ["1\x1f2", "3"]), ("quantity", ["1\x1f"]), ("positive_quantity", ["1", "0.000"]), ("quantity", []),
    ("quantity", ["12345678901.2345", "99999999999.9999", "0.0001"]), ("quantity", ["123456789012"]),
    ("quantity", ["1.23456"]), ("guid", [_GUID_TEXT.upper(), _GUID_TEXT]), ("guid", [_GUID_TEXT, ""]),
])
def test_cells_holding_the_separator_or_at_the_limits_read_as_cell_by_cell(kind: str, cells: list[str]) -> None:
    assert same(convert(kind, cells), _cell_by_cell(_KINDS[kind], cells, False))


_CELL_TEXT = st.builds(
    lambda guard, formula, rest: guard + formula + rest, st.sampled_from(["", "", "'", "''"]), st.sampled_from(["", "=", "-", "@"]),
    st.text(alphabet=st.sampled_from(["a", "1", "'", " ", "é", "한", "\ud800", "\udfff", "😀", "€"]), max_size=3))


@example([("'=a", "\ud800", "1")], False)
@example([("x", "'-1", "")], True)
@given(st.lists(st.tuples(_CELL_TEXT, _CELL_TEXT, _CELL_TEXT), min_size=1, max_size=5), st.booleans())
def test_the_file_level_facts_only_skip_scans_that_would_find_nothing(rows: list[tuple[str, str, str]], cp1252: bool) -> None:
    text = "OrderReference,Site,Quantity\r\n" + "".join(
        ",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n" for row in rows)
    data = text.encode("cp1252", errors="replace") if cp1252 else text.encode("utf-8", errors="surrogatepass")
    tables = []
    for always_scan in (False, True):
        try:
            opened = CsvFile("orders.csv", data)
        except BadRequest:
            return  # refused as a file (e.g. read as Windows-1252 with a lost character): no cell is read at all
        problems = Problems()
        columns = layout("orders.csv", opened.headers, Kind.ORDERS, problems)
        raw = opened.read(list(columns.columns), 100, problems)
        if always_scan:
            raw = dataclasses.replace(raw, may_hold_surrogates=True, may_hold_apostrophes=True)
        table = build_table(raw, columns, problems)
        tables.append((table.values, table.bad_rows, problems.items))
    assert tables[0] == tables[1]
