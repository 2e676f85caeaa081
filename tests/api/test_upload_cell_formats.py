"""Numbers and dates in uploaded cells are read without guessing, and every cell error quotes its value (issue 18.4)."""

from __future__ import annotations

import pytest

from tests.bulk_support import csv_file, snapshot, upload
from tests.support import Api

AMBIGUOUS = ("'1.250' is ambiguous in a semicolon-separated file: a dot followed by exactly three digits may group thousands "
             "(1250) or be a decimal point; write 1,250 for the decimal or 1250 for the whole number")


def quantities(api: Api, delimiter: str, *cells: str) -> dict[str, float]:
    rows = [["OrderReference", "Quantity"], *[[f"SO-{n}", cell] for n, cell in enumerate(cells, start=1)]]
    upload(api, csv_file(rows, delimiter=delimiter))
    return {item["orderReference"]: item["quantity"] for item in snapshot(api)}


def test_a_dot_and_exactly_three_digits_in_a_semicolon_file_is_refused_quoting_the_value_and_the_rule(api: Api) -> None:
    rows = csv_file([["OrderReference", "Quantity"], ["SO-1", "1.250"], ["SO-2", "2,5"]], delimiter=";")
    body = upload(api, rows, expect=400)
    assert body["errors"] == [{"file": "file1.csv", "row": 2, "column": "Quantity", "message": AMBIGUOUS}]
    lines = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-1", "1", "2.125"]], delimiter=";")
    assert upload(api, lines, query="validateOnly=true", expect=400)["errors"][0]["message"].startswith(
        "'2.125' is ambiguous in a semicolon-separated file")
    assert snapshot(api) == []


def test_unambiguous_numbers_in_a_semicolon_file_are_read(api: Api) -> None:
    assert quantities(api, ";", "1.250,5", "1250", "12,5", "2.12", "2.1250", "1.250.000", "0,125") == {
        "SO-1": 1250.5, "SO-2": 1250, "SO-3": 12.5, "SO-4": 2.12, "SO-5": 2.125, "SO-6": 1250000, "SO-7": 0.125}


def test_a_dot_is_a_decimal_point_in_a_comma_separated_file(api: Api) -> None:
    assert quantities(api, ",", "1.250", "2.125") == {"SO-1": 1.25, "SO-2": 2.125}


def test_a_two_digit_year_is_refused_quoting_the_value(api: Api) -> None:
    rows = csv_file([["OrderReference", "OrderDate", "DeliveryDate"], ["SO-1", "01/12/26", "5.3.26"]])
    assert upload(api, rows, expect=400)["errors"] == [
        {"file": "file1.csv", "row": 2, "column": "OrderDate", "message":
         "'01/12/26' has a two-digit year (as a spreadsheet saves dates); write the year in full, e.g. 01/12/2026 or 2026-12-01"},
        {"file": "file1.csv", "row": 2, "column": "DeliveryDate", "message":
         "'5.3.26' has a two-digit year (as a spreadsheet saves dates); write the year in full, e.g. 05.03.2026 or 2026-03-05"},
    ]


def test_day_first_dates_with_dots_or_slashes_are_read(api: Api) -> None:
    rows = [["OrderReference", "OrderDate", "DeliveryDate"], ["SO-1", "01.12.2026", "1/12/2026"], ["SO-2", "2026-12-01", "5.3.2027"]]
    upload(api, csv_file(rows))
    assert {item["orderReference"]: (item["orderDate"], item["deliveryDate"]) for item in snapshot(api)} == {
        "SO-1": ("2026-12-01", "2026-12-01"), "SO-2": ("2026-12-01", "2027-03-05")}


# column -> (a bad cell, how its message starts); each kind of cell the reader converts
BAD_CELLS = {
    "OrderId": ("12-34", "must be a GUID"),
    "OrderDate": ("31/02/2026", "'31/02/2026' is not a valid date"),
    "DeliveryDate": ("next week", "'next week' is not a date: write YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY"),
    "Quantity": ("a lot", "Input should be a valid decimal"),
    "Status": ("Lost", "Input should be"),
    "Site": ("x" * 101, "String should have at most 100 characters"),
}


@pytest.mark.parametrize("column", sorted(BAD_CELLS))
def test_every_cell_error_quotes_its_value(api: Api, column: str) -> None:
    cell, start = BAD_CELLS[column]
    body = upload(api, csv_file([["OrderReference", column], ["SO-1", cell]]), expect=400)
    [error] = body["errors"]
    shown = cell if len(cell) <= 60 else cell[:60] + "…"
    assert (error["column"], error["message"].startswith(start), f"'{shown}'" in error["message"]) == (column, True, True), error


def test_a_bad_line_number_quotes_its_value(api: Api) -> None:
    body = upload(api, csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-1", "1a", "1"]]), expect=400)
    assert body["errors"] == [{"file": "file1.csv", "row": 2, "column": "LineNumber", "message": "must be a whole number (got '1a')"}]
