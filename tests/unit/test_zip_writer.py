"""The ZIP files we write carry the time they are given (ZIP can say nothing before 1980: earlier or none is 1980-01-01)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from shared.bulk.exporting.zip_writer import build_zip


@pytest.mark.parametrize(("stamp", "expected"), [
    (datetime(1980, 6, 15, 10, 20, 30), (1980, 6, 15, 10, 20, 30)),
    (datetime(2026, 12, 2, 23, 59, 58), (2026, 12, 2, 23, 59, 58)),
    (datetime(1979, 12, 31, 23, 59, 59), (1980, 1, 1, 0, 0, 0)),
    (None, (1980, 1, 1, 0, 0, 0)),
])
def test_members_carry_the_stamp_from_1980_on_and_the_zip_epoch_before(stamp: datetime | None, expected: tuple[int, ...]) -> None:
    content = build_zip({"a.csv": lambda text: text.write("x\r\n"), "b.csv": lambda text: text.write("é")}, stamp)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert [(info.filename, info.date_time, info.compress_type) for info in archive.infolist()] == [
        ("a.csv", expected, zipfile.ZIP_DEFLATED), ("b.csv", expected, zipfile.ZIP_DEFLATED)]
    assert (archive.read("a.csv"), archive.read("b.csv")) == (b"x\r\n", "é".encode())
