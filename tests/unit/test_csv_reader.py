"""Reading uploaded CSV bytes: encodings, delimiters, strict parsing, row numbers as a spreadsheet shows them, limits."""

from __future__ import annotations

import pytest

from shared.bulk.columns import Kind
from shared.bulk.import_service import read_upload
from shared.bulk.reading.csv_reader import MAX_RECORD_CHARS, CsvFile, RawTable, read_csv
from shared.bulk.reading.files import Limits, UploadedFile
from shared.bulk.reading.text_checks import SAVE_AS_UTF8, double_encoded, encoding_of
from shared.bulk.reading.upload_problems import Problems
from shared.errors import BadRequest, PayloadTooLarge


def read(data: bytes, max_rows: int = 100) -> tuple[RawTable, Problems]:
    problems = Problems()
    return read_csv("f.csv", data, max_rows, problems), problems


def test_utf8_with_a_bom_loses_the_bom_and_warns_of_nothing() -> None:
    table, _ = read("\ufeffOrderReference,Site\r\nSO-1,Zürich\r\n".encode())
    assert table.headers == ["OrderReference", "Site"] and table.columns == {0: ("SO-1",), 1: ("Zürich",)} and table.warnings == []


def test_windows_1252_is_read_with_a_warning() -> None:
    table, _ = read("OrderReference;Site\r\nSO-1;Müller €\r\n".encode("cp1252"))
    assert table.columns[1] == ("Müller €",)
    assert table.warnings == ["f.csv is not UTF-8; it was read as Windows-1252. Save it as 'CSV UTF-8' to keep every character."]


def test_a_bom_followed_by_bytes_that_are_not_utf8_is_an_error() -> None:
    with pytest.raises(BadRequest):
        read(b"\xef\xbb\xbfOrderReference\r\nM\xfcller\r\n")


@pytest.mark.parametrize(("header", "delimiter"), [("A,B", ","), ("A;B", ";"), ("A", ","), ("A;B,C;D", ";")])
def test_the_delimiter_is_the_one_the_header_row_uses(header: str, delimiter: str) -> None:
    assert read(f"{header}\r\n".encode())[0].delimiter == delimiter


def test_rows_are_numbered_as_a_spreadsheet_numbers_them() -> None:
    table, _ = read(b'A,B\r\n1,"two\r\nlines"\r\n\r\n,\r\n3,x\n')
    assert table.row_numbers == [2, 5]  # the blank and the empty row are skipped, but counted
    assert table.columns == {0: ("1", "3"), 1: ("two\r\nlines", "x")}


def test_an_unterminated_quote_is_an_error_naming_the_line_where_the_broken_row_starts() -> None:
    with pytest.raises(BadRequest) as raised:
        read(b'A,B\r\n1,2\r\n3,"oops\r\n4,5\r\n')
    assert raised.value.errors == [{"file": "f.csv", "line": 3, "message": "is not valid CSV from line 3: unexpected end of data."}]


def test_a_nul_byte_is_left_to_the_cell_checks_which_refuse_control_characters() -> None:
    assert read(b"A,B\r\n1,\x00\r\n")[0].columns == {0: ("1",), 1: ("\x00",)}


def test_rows_wider_or_narrower_than_the_header_are_reported_unless_the_extra_cells_are_empty() -> None:
    table, problems = read(b"A,B\r\n1,2,,\r\n1\r\n1,2,3\r\n")
    assert [(item["row"], item["message"]) for item in problems.items] == [
        (3, "has 1 cells but the header has 2 columns"), (4, "has 3 cells but the header has 2 columns")]
    assert table.columns == {0: ("1", "1", "1"), 1: ("2", "", "2")}


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b",,\r\nx,y,z\r\n"])
def test_a_file_without_a_header_row_is_an_error(data: bytes) -> None:
    with pytest.raises(BadRequest) as raised:
        read(data)
    assert raised.value.errors == [{"file": "f.csv", "row": 1, "message": "is empty; the first row must be the header."}]


def test_more_rows_than_allowed_is_payload_too_large() -> None:
    read(b"A\r\n1\r\n2\r\n", max_rows=2)
    with pytest.raises(PayloadTooLarge) as raised:
        read(b"A\r\n1\r\n2\r\n3\r\n", max_rows=2)
    assert raised.value.detail == "f.csv has more than 2 rows; split it into several uploads."


def test_only_the_columns_asked_for_are_kept_and_cells_without_a_header_are_reported_once() -> None:
    problems = Problems()
    table = CsvFile("f.csv", b"A,,B,C\r\n1,,2,3\r\n4,x,5,6\r\n7,y,8,9\r\n").read([2], 10, problems)
    assert table.columns == {2: ("2", "5", "8")} and table.row_numbers == [2, 3, 4]
    assert problems.items == [{"file": "f.csv", "row": 3, "message": "column 2 has no header but holds values"}]


def test_a_single_kept_column_and_no_kept_column_both_work() -> None:
    assert CsvFile("f.csv", b"A,B\r\n1,2\r\n").read([0], 10, Problems()).columns == {0: ("1",)}
    assert CsvFile("f.csv", b"A,B\r\n1,2\r\n").read([], 10, Problems()).columns == {}


@pytest.mark.parametrize("data", [
    b"A\r\n" + b"," * MAX_RECORD_CHARS + b"\r\n",  # one endless line
    b"A\r\n" + b"," * (MAX_RECORD_CHARS + 10),  # and no line end at all
    b"A,B\r\n" + b'"x\n",' * (MAX_RECORD_CHARS // 5 + 10) + b"\r\n",  # one record over many short lines
], ids=["long-line", "no-line-end", "many-lines"])
def test_a_row_longer_than_the_record_limit_is_an_error_naming_its_first_line(data: bytes) -> None:
    with pytest.raises(BadRequest) as raised:
        read(data)
    assert raised.value.errors == [{"file": "f.csv", "line": 2,
                                    "message": f"has a row longer than {MAX_RECORD_CHARS} characters from line 2."}]


def test_a_header_longer_than_the_record_limit_is_an_error() -> None:
    with pytest.raises(BadRequest) as raised:
        read(b"A" * (MAX_RECORD_CHARS + 1) + b"\r\n1\r\n")
    assert raised.value.errors == [{"file": "f.csv", "row": 1, "message": f"has a header row longer than {MAX_RECORD_CHARS} characters."}]


def test_utf8_encoding_a_lone_surrogate_is_read_as_that_character_not_as_windows_1252() -> None:
    table, _ = read(b"A,B\r\n1,SUR-\xed\xa0\x80\r\n")
    assert table.columns[1] == ("SUR-\ud800",) and table.warnings == []
    assert read(b"A\xed\xa0\x80,B\r\n1,2\r\n")[0].headers == ["A\ufffd", "B"]  # headers are quoted in messages: valid text


@pytest.mark.parametrize(("line", "word"), [
    (b"Tr?inec,Site", "Tr?inec"),  # the word's first letter is the file's first byte
    (b"A" * 45 + b"b?c" + b"d" * 45, "A" * 40 + "b?c" + "d" * 40),  # at most 40 bytes either side
])
def test_a_question_mark_inside_a_word_is_quoted_with_its_word(line: bytes, word: str) -> None:
    assert encoding_of("f.csv", line + b"\r\n") == ("utf-8", [
        f"f.csv: line 1 holds '{word}': a '?' inside a word is what a spreadsheet saving as Windows-1252 (Excel's plain 'CSV') "
        "writes for a character it cannot encode (such as ř or ł); if another character was meant, save the file as UTF-8."])


LOST = ("a '?' inside a word is what a spreadsheet saving as Windows-1252 (Excel's plain 'CSV') writes for a character "
        "it cannot encode (such as ř or ł)")


def test_a_question_mark_in_a_link_is_skipped_and_the_line_counts_every_line_break() -> None:
    data = b"\nOrderReference,Notes\r\nSO-1,https://example.com/page?id=1\r\nSO-2,Tr?inec\r\n"
    assert encoding_of("f.csv", data) == ("utf-8", [f"f.csv: line 4 holds 'Tr?inec': {LOST}; if another character was "
                                                    "meant, save the file as UTF-8."])


def test_a_windows_1252_file_with_a_question_mark_inside_a_word_is_refused_quoting_the_word() -> None:
    with pytest.raises(BadRequest) as raised:
        encoding_of("f.csv", "OrderReference;Site\r\nSO-1;Zür?ich\r\n".encode("cp1252"))
    assert raised.value.errors == [{"file": "f.csv", "line": 2, "message": f"is not UTF-8 and line 2 holds 'Zür?ich': {LOST}, "
                                    f"so that text would be stored wrong. {SAVE_AS_UTF8}"}]


def test_double_encoding_through_a_byte_windows_1252_leaves_undefined_is_read_as_latin_1() -> None:
    assert double_encoded("Ã\x81") == ("Ã\x81", "Á")  # Á is C3 81; cp1252 has no 0x81, Latin-1 shows U+0081
    assert double_encoded("TÃ´le") == ("Ã´", "ô") and double_encoded("Tôle") is None and double_encoded("plain") is None


def test_a_cell_holding_a_lone_surrogate_is_reported_once_and_read_as_empty() -> None:
    data = b"OrderReference,Site\r\nSO-1,SUR-\xed\xa0\x80\r\nSO-2,Leeds\r\nSO-3,\xed\xbf\xbf\r\n"
    upload = read_upload([UploadedFile("o.csv", data)], Limits(max_bytes=10_000, max_rows=100))
    message = "is not valid text: it holds a lone UTF-16 surrogate (invalid UTF-8)"
    assert upload.problems.items == [{"file": "o.csv", "row": 2, "column": "Site", "message": message},
                                     {"file": "o.csv", "row": 4, "column": "Site", "message": message}]
    assert upload.tables[Kind.ORDERS].values["site"] == [None, "Leeds", None]
