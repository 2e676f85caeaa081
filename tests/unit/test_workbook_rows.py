"""The export workbook's rows as written by ``sheet_rows`` (issue 18): any text survives as the same text cell, read
back by calamine (the upload's reader, which like Excel undoes the ``_xHHHH_`` escapes of control characters) and by
openpyxl (an independent reader, which does not); XML markup in a value is data, never markup."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from shared.bulk.columns import Column, Kind
from shared.bulk.exporting.sheet_rows import column_letter
from shared.bulk.exporting.workbook import workbook_bytes

COLUMNS: dict[Kind, tuple[Column, ...]] = {
    Kind.ORDERS: (Column("Text", "text", "text100"), Column("Day", "day", "date"), Column("Qty", "qty", "quantity"),
                  Column("Line", "line", "line_number")),
}
TEXTS = ["<r><t>injected</t></r>", "a & b < c > d", "_x0041_ stays", "tab\there", "two\nlines", "cr\rhere", "bell\x07",
         "  padded  ", "'=SUM(A1)", "Třinec ✓ 😀", "cdata ]]> end", "non\ufffechar\uffff"]
ESCAPED = {"_x0041_ stays": "_x005F_x0041_ stays", "cr\rhere": "cr_x000D_here", "bell\x07": "bell_x0007_",
           "non\ufffechar\uffff": "non_xFFFE_char_xFFFF_"}
# U+FFFE and U+FFFF cannot be XML text: written as _xFFFE_/_xFFFF_ (as Excel does), which calamine does not undo.
CALAMINE_KEEPS = {"non\ufffechar\uffff": "non_xFFFE_char_xFFFF_"}


def written(rows: list[list[object]]) -> bytes:
    pages = [rows[:3], rows[3:]]  # two pages, each handed over as its columns (as the export reads them)
    return workbook_bytes({Kind.ORDERS: lambda: [list(zip(*page, strict=True)) for page in pages if page]}, COLUMNS)


def test_every_text_is_read_back_as_the_same_text_cell() -> None:
    rows: list[list[object]] = [[text, "2026-03-01", "2.125", "7"] for text in TEXTS]
    sheet = load_workbook(io.BytesIO(written(rows)))["Orders"]
    assert [cell.value for cell in sheet[1]] == ["Text", "Day", "Qty", "Line"]
    assert [sheet.cell(row=n, column=1).value for n in range(2, 2 + len(TEXTS))] == [ESCAPED.get(t, t) for t in TEXTS]
    assert all(sheet.cell(row=n, column=1).data_type == "s" for n in range(2, 2 + len(TEXTS)))
    assert sheet["B2"].value == datetime(2026, 3, 1) and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == 2.125 and sheet["C2"].number_format == "0.0000" and sheet["D2"].value == 7
    assert sheet.freeze_panes == "A2" and sheet.max_row == 1 + len(TEXTS)


def test_calamine_reads_every_text_back_exactly() -> None:
    rows: list[list[object]] = [[text, "2026-03-01", "2.125", "7"] for text in TEXTS]
    with CalamineWorkbook.from_filelike(io.BytesIO(written(rows))) as book:
        read = list(book.get_sheet_by_name("Orders").iter_rows())
    assert [row[0] for row in read[1:]] == [CALAMINE_KEEPS.get(text, text) for text in TEXTS]


def test_empty_cells_are_left_out_and_rows_keep_their_numbers() -> None:
    sheet = load_workbook(io.BytesIO(written([["a", None, "", "1"], ["", "", None, None], ["c", "1900-03-01", "-0.5", "2"]])))["Orders"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == \
           [["a", None, None, 1], [None, None, None, None], ["c", datetime(1900, 3, 1), -0.5, 2]]


def test_the_same_content_gives_the_same_bytes() -> None:
    rows: list[list[object]] = [["x", "2026-01-01", "1", "1"]]
    first = written(rows)
    assert written(rows) == first
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


def test_column_letters() -> None:
    assert [column_letter(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
