"""ZIP files we write: deterministic (fixed member times, so equal data gives equal bytes), members streamed in.
Uploaded ZIPs are read by ``zip_upload``."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TextIO

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP member can carry


class ZipWriter:
    def __init__(self, stamp: datetime | None = None) -> None:
        self.buffer = io.BytesIO()
        self.archive = zipfile.ZipFile(self.buffer, "w", compression=zipfile.ZIP_DEFLATED)
        self.date_time = _date_time(stamp)

    @contextmanager
    def text_member(self, name: str) -> Iterator[TextIO]:
        """A CSV member written as text (UTF-8, newlines as the writer gives them), streamed into the archive."""
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with io.TextIOWrapper(self.archive.open(info, "w"), encoding="utf-8", newline="") as text:
            yield text

    def close(self) -> bytes:
        self.archive.close()
        return self.buffer.getvalue()


def build_zip(members: dict[str, Callable[[TextIO], object]], stamp: datetime | None = None) -> bytes:
    writer = ZipWriter(stamp)
    for name, write in members.items():
        with writer.text_member(name) as text:
            write(text)
    return writer.close()


def _date_time(stamp: datetime | None) -> tuple[int, int, int, int, int, int]:
    if stamp is None or stamp.year < 1980:
        return ZIP_EPOCH
    return (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
