"""An XLSX workbook's sheets as the CSV files the CSV path reads (``workbook_sheets.sheets_as_csv``), called in this
process: the upload runs it in a bounded child (``workbook_child``), where neither coverage nor mutation testing can
see it. Which sheets become files, their names, each cell type's text, the header and row widths, the row limit."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from openpyxl import Workbook

from shared.bulk.reading.workbook_sheets import sheets_as_csv
from shared.errors import BadRequest, PayloadTooLarge


def book(sheets: dict[str, list[list[Any]]], formats: dict[tuple[str, str], str] | None = None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for (title, cell), number_format in (formats or {}).items():
        workbook[title][cell].number_format = number_format
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def with_rows_xml(data: bytes, rows: bytes) -> bytes:
    """The workbook with raw rows added to its first sheet (e.g. an empty text cell, which openpyxl does not write)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"</sheetData>", rows + b"</sheetData>")
            target.writestr(info, part)
    return out.getvalue()


def text(data: bytes) -> str:
    assert data.startswith(b"\xef\xbb\xbf")
    return data[3:].decode()


def test_only_sheets_naming_orders_or_line_items_columns_become_files_named_after_the_sheet() -> None:
    data = book({"Notes": [["hello", "OrderReference is below"], ["OrderReference"]],
                 "Orders": [["OrderReference"], ["SO-1"]],
                 "Lines": [["OrderReference", "LineNumber"], ["SO-1", 1]],
                 "Empty": []})
    files = sheets_as_csv("up.xlsx", data, 10)
    assert [(name, text(content)) for name, content in files] == [
        ("up.xlsx (sheet Orders)", "OrderReference\r\nSO-1\r\n"),
        ("up.xlsx (sheet Lines)", "OrderReference,LineNumber\r\nSO-1,1\r\n"),
    ]


def test_each_cell_type_becomes_the_text_the_csv_path_parses() -> None:
    rows: list[list[Any]] = [["OrderReference", "Value"],
            ["text", " 00123 "], ["true", True], ["false", False], ["int", 7], ["negative", -3],
            ["whole float", 3.0], ["fraction", 2.125], ["tenth", 0.1], ["big whole", 2.0 ** 60], ["tiny", 1e-7],
            ["midnight", datetime(2026, 3, 1)], ["with time", datetime(2026, 3, 1, 12, 30, 5)],
            ["date", date(2026, 3, 2)], ["time", time(12, 30)], ["duration", timedelta(hours=36)]]
    data = book({"Orders": rows}, {("Orders", "B16"): "[h]:mm:ss"})
    [(_, content)] = sheets_as_csv("up.xlsx", data, 100)
    read = [line.split(",") for line in text(content).splitlines()]
    assert dict(read[1:]) == {
        "text": " 00123 ", "true": "true", "false": "false", "int": "7", "negative": "-3", "whole float": "3",
        "fraction": "2.125", "tenth": "0.1", "big whole": "1152921504606847000", "tiny": "0.0000001",
        "midnight": "2026-03-01", "with time": "2026-03-01 12:30:05", "date": "2026-03-02", "time": "12:30:00",
        "duration": "1.5",
    }


def test_the_header_is_stripped_and_cut_after_its_last_name_and_rows_fit_it() -> None:
    rows: list[list[Any]] = [[" OrderReference ", None, "Site", None, None],
                             ["short"],
                             ["empty beyond", None, "x", None, ""],
                             ["filled beyond", None, "x", None, "kept for the CSV path to report"]]
    [(_, content)] = sheets_as_csv("up.xlsx", book({"Orders": rows}), 10)
    assert text(content) == ("OrderReference,,Site\r\nshort,,\r\nempty beyond,,x\r\n"
                             "filled beyond,,x,,kept for the CSV path to report\r\n")


def test_empty_rows_keep_their_place_but_those_below_the_data_are_dropped() -> None:
    rows: list[list[Any]] = [["OrderReference", "Site"], ["SO-1", "a"], [None, None], ["SO-3", "c"]]
    empty_cell = b'<row r="7"><c r="B7" t="inlineStr"><is><t></t></is></c></row>'  # calamine reads rows 5 to 7 as empty
    [(_, content)] = sheets_as_csv("up.xlsx", with_rows_xml(book({"Orders": rows}), empty_cell), 10)
    assert text(content) == "OrderReference,Site\r\nSO-1,a\r\n,\r\nSO-3,c\r\n"


def test_a_header_only_sheet_is_a_file_of_its_header() -> None:
    [(_, content)] = sheets_as_csv("up.xlsx", book({"Orders": [["OrderId", None]]}), 10)
    assert text(content) == "OrderId\r\n"


def test_the_row_limit_counts_filled_rows_only() -> None:
    rows: list[list[Any]] = [["OrderReference"], ["SO-1"], [None], ["SO-2"], [None]]
    [(_, content)] = sheets_as_csv("up.xlsx", book({"Orders": rows}), 2)
    assert text(content) == "OrderReference\r\nSO-1\r\n\"\"\r\nSO-2\r\n"
    with pytest.raises(PayloadTooLarge) as raised:
        sheets_as_csv("up.xlsx", book({"Orders": [*rows, ["SO-3"]]}), 2)
    assert raised.value.detail == "up.xlsx (sheet Orders) has more than 2 rows; split it into several uploads."


def test_iso_date_time_cells_are_dates_at_midnight_and_date_times_otherwise() -> None:
    iso = b'<row r="3"><c r="A3" t="d"><v>2026-03-01T00:00:00</v></c><c r="B3" t="d"><v>2026-03-01T10:30:00</v></c></row>'
    [(_, content)] = sheets_as_csv("up.xlsx", with_rows_xml(book({"Orders": [["OrderReference", "Site"], ["SO-1", "a"]]}), iso), 10)
    assert text(content) == "OrderReference,Site\r\nSO-1,a\r\n2026-03-01,2026-03-01 10:30:00\r\n"


def test_a_file_that_is_no_workbook_is_refused() -> None:
    with pytest.raises(BadRequest) as raised:
        sheets_as_csv("up.xlsx", b"PK\x03\x04 not really a zip", 10)
    assert raised.value.detail == "up.xlsx is not a readable Excel workbook (CalamineError)."


def test_a_sheet_that_cannot_be_read_is_refused_by_name() -> None:
    bad_boolean = b'<row r="3"><c r="A3" t="b"><v>2</v></c></row>'
    with pytest.raises(BadRequest) as raised:
        sheets_as_csv("up.xlsx", with_rows_xml(book({"Orders": [["OrderReference"]]}), bad_boolean), 10)
    assert raised.value.detail == "up.xlsx: sheet Orders is not readable (CalamineError)."


def test_a_workbook_without_an_orders_or_line_items_sheet_is_refused() -> None:
    with pytest.raises(BadRequest) as raised:
        sheets_as_csv("up.xlsx", book({"Notes": [["Reference", "Date"], ["SO-1", "2026-03-01"]]}), 10)
    assert raised.value.detail == ("up.xlsx has no sheet whose first row names orders or line items columns "
                                   "(e.g. OrderReference).")
