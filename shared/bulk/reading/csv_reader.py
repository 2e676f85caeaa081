"""Uploaded CSV bytes -> the header row, then the cells of the columns the import uses, one list per column.

Encodings: UTF-8 with or without a BOM; otherwise Windows-1252 (what Excel's plain "CSV" saves), with a
warning; files that would lose data are refused (``shared.bulk.reading.text_checks``). The encoding is settled
by a chunked check before any row is read (nothing decoded is kept), so rows are read once. UTF-8 is decoded with
``surrogatepass``: an encoded lone surrogate becomes that character, and the cell checks report it with its row
and column instead of the whole file being misread as Windows-1252.
Delimiter: comma or semicolon, whichever the header row uses (a tab-separated file is refused). Parsing is the csv
module with ``strict=True``, so an unterminated quote is an error with its line number instead of a swallowed file.

Memory stays a small multiple of the file whatever its shape: only the columns asked for are kept (a file of
3,000 columns or of millions of empty cells keeps a handful of lists), a record may not be longer than
``MAX_RECORD_CHARS`` (lines are read at most that long, so one endless line is not read whole), and a cell not
longer than the csv module's field limit.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from shared.bulk.reading.text_checks import encoding_of, refuse_tab_separated
from shared.bulk.reading.upload_problems import Problems, fail
from shared.errors import PayloadTooLarge

MAX_RECORD_CHARS = 1024 * 1024  # one row, all its cells and separators; real rows are a few kilobytes
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_ENCODED_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")  # U+D800..U+DFFF in UTF-8 (decoded with surrogatepass)


@dataclass
class RawTable:
    file: str
    headers: list[str]
    columns: dict[int, tuple[str, ...]]  # header position -> one cell per row, for the positions asked for
    row_numbers: list[int]  # each row's number as a spreadsheet shows it (header = 1)
    delimiter: str
    warnings: list[str] = field(default_factory=list)
    # Facts of the whole file that let a column skip a check: False only when no cell can hold one.
    may_hold_surrogates: bool = True  # a lone UTF-16 surrogate (only UTF-8 bytes ED A0..ED BF decode to one)
    may_hold_apostrophes: bool = True  # a cell starting with ' (a guard against formula injection to restore)

    @property
    def rows(self) -> int:
        return len(self.row_numbers)


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The text's lines for csv.reader, none longer than the record limit, counting the current record's length."""

    def __init__(self, stream: io.TextIOWrapper) -> None:
        self.stream, self.record_chars = stream, 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_RECORD_CHARS + 1)
        if not line:
            raise StopIteration
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            raise _RecordTooLong
        return line


class CsvFile:
    """An uploaded CSV opened for reading: its encoding, delimiter and header row are known; ``read`` reads the rest."""

    def __init__(self, file: str, data: bytes) -> None:
        self.file = file
        encoding, self.warnings = encoding_of(file, data)
        errors = "strict" if encoding == "cp1252" else "surrogatepass"
        self._data, self._may_hold_surrogates = data, encoding != "cp1252" and _ENCODED_SURROGATE.search(data) is not None
        self._lines = _Lines(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors, newline=""))
        first = self._first_line()
        refuse_tab_separated(file, first)
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        self._reader = csv.reader(itertools.chain([first], self._lines), delimiter=self.delimiter, strict=True)
        header = self._next_record()
        self.headers = [_SURROGATES.sub("\ufffd", cell.strip()) for cell in header or []]  # shown in messages: valid text
        if not any(self.headers):
            fail(file, "is empty; the first row must be the header.", row=1)

    def read(self, positions: Sequence[int], max_rows: int, problems: Problems) -> RawTable:
        """The cells at ``positions`` of every row; other cells are looked at (width, cells without a header) and dropped."""
        rows = _Rows(self, positions, problems)
        number = 1
        while (row := self._next_record()) is not None:
            number += 1
            if row and (row[0] or any(row)):  # blank lines, and the empty rows spreadsheets leave, are skipped
                rows.add(row, number)
                if len(rows.numbers) > max_rows:
                    raise PayloadTooLarge(f"{self.file} has more than {max_rows} rows; split it into several uploads.")
        return RawTable(self.file, self.headers, rows.columns(), rows.numbers, self.delimiter, self.warnings,
                        may_hold_surrogates=self._may_hold_surrogates, may_hold_apostrophes=b"'" in self._data)

    def _first_line(self) -> str:
        try:
            return next(self._lines, "")
        except _RecordTooLong:
            fail(self.file, f"has a header row longer than {MAX_RECORD_CHARS} characters.", row=1)

    def _next_record(self) -> list[str] | None:
        complete_lines = self._reader.line_num  # physical lines of the records read so far: a broken one starts on the next
        self._lines.record_chars = 0
        try:
            return next(self._reader, None)
        except csv.Error as exc:
            fail(self.file, f"is not valid CSV from line {complete_lines + 1}: {exc}.", line=complete_lines + 1)
        except _RecordTooLong:
            fail(self.file, f"has a row longer than {MAX_RECORD_CHARS} characters from line {complete_lines + 1}.",
                 line=complete_lines + 1)


def read_csv(file: str, data: bytes, max_rows: int, problems: Problems) -> RawTable:
    """Every column of the file (for small files and tests; the import asks only for the columns it uses)."""
    opened = CsvFile(file, data)
    return opened.read(range(len(opened.headers)), max_rows, problems)


class _Rows:
    """The kept cells of the rows read so far (as one tuple per row, turned into columns at the end)."""

    kept: list[Any]
    numbers: list[int]

    def __init__(self, opened: CsvFile, positions: Sequence[int], problems: Problems) -> None:
        self.file, self.width, self.problems = opened.file, len(opened.headers), problems
        self.positions = list(positions)
        self.take = itemgetter(*self.positions) if len(self.positions) > 1 else (lambda row: tuple(row[p] for p in self.positions))
        self.unnamed = [position for position, header in enumerate(opened.headers) if not header]
        self.kept = []
        self.numbers = []

    def add(self, row: list[str], number: int) -> None:
        if len(row) != self.width:
            self._check_width(row, number)
            row = (row + [""] * self.width)[: self.width]
        if self.unnamed:
            self._check_unnamed(row, number)
        self.kept.append(self.take(row))
        self.numbers.append(number)

    def columns(self) -> dict[int, tuple[str, ...]]:
        cells = list(zip(*self.kept, strict=True)) if self.kept else [() for _ in self.positions]
        self.kept = []
        return dict(zip(self.positions, cells, strict=True))

    def _check_width(self, row: list[str], number: int) -> None:
        # Empty cells beyond the header are what spreadsheets leave behind; anything else is misaligned data.
        if len(row) < self.width or "".join(row[self.width :]).strip():
            self.problems.add(self.file, f"has {len(row)} cells but the header has {self.width} columns", row=number)

    def _check_unnamed(self, row: list[str], number: int) -> None:
        if not "".join(row[position] for position in self.unnamed).strip():
            return
        for position in [position for position in self.unnamed if row[position].strip()]:
            self.problems.add(self.file, f"column {position + 1} has no header but holds values", row=number)
            self.unnamed.remove(position)  # reported once, at its first value
