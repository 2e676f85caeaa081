"""Hostile workbooks for the XLSX reader (issue 18): calamine's XML parser expands no entities (billion laughs stays
small), and a sheet whose extent is astronomic is refused by the reader's child process, which alone pays for it."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from shared.bulk.reading.workbook_child import read_bounded
from shared.bulk.reading.workbook_sheets import sheets_as_csv
from shared.errors import BadRequest, PayloadTooLarge
from tests.child_process import MIB, run_in_child

LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BOMB_SHEET = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">{LAUGHS}]>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
              '<row r="1"><c r="A1" t="inlineStr"><is><t>OrderReference</t></is></c></row>'
              '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def workbook(*cells: tuple[str, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Orders"
    for reference, value in cells:
        sheet[reference] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(content: bytes, sheet_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else source.read(info))
    return out.getvalue()


def read_in_child(content: bytes) -> str:
    try:
        files = sheets_as_csv("bomb.xlsx", content, 100)
    except BadRequest as exc:
        return f"refused: {exc.detail}"
    return files[0][1].decode("utf-8-sig")


def test_a_billion_laughs_sheet_expands_nothing() -> None:
    content = with_sheet(workbook(("A1", "OrderReference")), BOMB_SHEET)
    measured = run_in_child(read_in_child, content)
    assert measured.result == "refused: bomb.xlsx: sheet Orders is not readable (XmlError)."  # never 3 GB of text
    assert measured.work_rss < 50 * MIB


def test_a_sheet_of_astronomic_extent_is_refused_in_the_child() -> None:
    content = workbook(("A1", "OrderReference"), ("A2", "SO-1"), ("XFD1048576", "far"))
    assert len(content) < 10_000
    with pytest.raises(PayloadTooLarge, match="span too many cells"):
        read_bounded("far.xlsx", content, 100)
    assert read_bounded("near.xlsx", workbook(("A1", "OrderReference"), ("A2", "SO-1")), 100) == \
           [("near.xlsx (sheet Orders)", "OrderReference\r\nSO-1\r\n".encode("utf-8-sig"))]
