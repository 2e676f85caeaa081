"""ZIP files: deterministic ones we write (fixed member times, so equal data gives equal bytes) and uploaded
ones we read with limits (member count, uncompressed size counted while reading, no nesting, no paths)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import PurePosixPath
from typing import TextIO

from shared.bulk.files import UploadedFile
from shared.errors import BadRequest, PayloadTooLarge

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP member can carry
MAX_MEMBERS = 2


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


def read_csv_members(name: str, data: bytes, max_bytes: int) -> list[UploadedFile]:
    """The CSV files of an uploaded ZIP (at most two, no folders beyond macOS's resource forks)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not _ignored(info)]
            _check_members(name, members)
            budget = max_bytes
            files = []
            for info in members:
                content = _read_bounded(archive, info, budget, name)
                budget -= len(content)
                files.append(UploadedFile(PurePosixPath(info.filename).name, content))
            return files
    except zipfile.BadZipFile as exc:
        raise BadRequest(f"{name} is not a readable ZIP file: {exc}.") from None


def _ignored(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename)
    return info.is_dir() or path.parts[0] == "__MACOSX" or path.name.startswith(".")


def _check_members(name: str, members: list[zipfile.ZipInfo]) -> None:
    if not members or len(members) > MAX_MEMBERS:
        raise BadRequest(f"{name} must hold one or two CSV files; it holds {len(members)} files.")
    for info in members:
        if not info.filename.lower().endswith(".csv") or "/" in info.filename.strip("/"):
            raise BadRequest(f"{name} may hold only CSV files at its top level, not '{info.filename}'.")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> bytes:
    # Counted while inflating: the sizes a ZIP declares are not to be trusted (zip bombs).
    with archive.open(info) as member:
        content = member.read(budget + 1)
    if len(content) > budget:
        raise PayloadTooLarge(f"{name} unpacks to more bytes than an upload may have.")
    return content
