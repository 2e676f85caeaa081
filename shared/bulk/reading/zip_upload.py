"""An uploaded ZIP -> its CSV files, with every limit checked before the work it bounds.

Before ``zipfile`` reads the central directory (one ``ZipInfo`` object per entry, a few hundred bytes each) its
size is read from the end record and bounded, so a ZIP listing 800,000 entries costs nothing. Members must be
plain (not encrypted), stored or deflated (what Windows, macOS, Excel and ``zip`` write; bzip2 and LZMA are
refused too, LZMA's dictionary size being the file's choice), named, at the top level, and ``.csv``. Inflating is
counted as it goes (the sizes a ZIP declares are not to be trusted) and a corrupt stream is a 400, not a crash.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import PurePosixPath

from shared.bulk.reading.files import UploadedFile
from shared.errors import BadRequest, PayloadTooLarge

MAX_MEMBERS = 2
MAX_DIRECTORY_BYTES = 256 * 1024  # a few thousand entries; two CSVs and macOS's resource forks need well under 1 KiB

_END = struct.Struct("<4s4H2LH")  # end of central directory record
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_END = struct.Struct("<4sQ2H2L4Q")
_SUPPORTED = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflated"}


def read_csv_members(name: str, data: bytes, max_bytes: int) -> list[UploadedFile]:
    """The CSV files of an uploaded ZIP (one or two, no folders beyond macOS's resource forks)."""
    check_directory_size(name, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [info for info in archive.infolist() if not _ignored(info)]
            _check_members(name, members)
            return _read_members(name, archive, members, max_bytes)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BadRequest(f"{name} is not a readable ZIP file: {exc}.") from None


def check_directory_size(name: str, data: bytes) -> None:
    size = _directory_size(data)
    if size is None:
        raise BadRequest(f"{name} is not a readable ZIP file: it has no end of central directory record.")
    if size > MAX_DIRECTORY_BYTES:
        raise BadRequest(f"{name} lists too many entries (a {size}-byte directory); a ZIP of one or two CSV files needs "
                         f"at most {MAX_DIRECTORY_BYTES}.")


def _directory_size(data: bytes) -> int | None:
    """The central directory's size in bytes as the end record (or its ZIP64 version) gives it."""
    start = data.rfind(b"PK\x05\x06", max(0, len(data) - _END.size - 0xFFFF))  # the record ends the file or a comment
    if start < 0 or len(data) - start < _END.size:
        return None
    size: int = _END.unpack_from(data, start)[5]
    locator = start - _ZIP64_LOCATOR.size
    if size == 0xFFFFFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        end64 = _ZIP64_LOCATOR.unpack_from(data, locator)[2]
        if end64 + _ZIP64_END.size > len(data) or data[end64 : end64 + 4] != b"PK\x06\x06":
            return None
        size = _ZIP64_END.unpack_from(data, end64)[8]
    return size


def _ignored(info: zipfile.ZipInfo) -> bool:
    if not info.filename:
        return False  # refused by _check_members
    path = PurePosixPath(info.filename)
    return info.is_dir() or path.parts[:1] == ("__MACOSX",) or path.name.startswith(".")


def _check_members(name: str, members: list[zipfile.ZipInfo]) -> None:
    if not members or len(members) > MAX_MEMBERS:
        raise BadRequest(f"{name} must hold one or two CSV files; it holds {len(members)} files.")
    for info in members:
        if not PurePosixPath(info.filename).name:
            raise BadRequest(f"{name} holds a file without a name.")
        if not info.filename.lower().endswith(".csv") or "/" in info.filename.strip("/"):
            raise BadRequest(f"{name} may hold only CSV files at its top level, not '{info.filename}'.")
        check_plain_member(name, info)


def check_plain_member(name: str, info: zipfile.ZipInfo) -> None:
    """Not encrypted, and stored or deflated (what every ZIP and XLSX writer uses)."""
    if info.flag_bits & 0x1:
        raise BadRequest(f"{name}: '{info.filename}' is encrypted; zip it again without a password.")
    if info.compress_type not in _SUPPORTED:
        raise BadRequest(f"{name}: '{info.filename}' uses compression method {info.compress_type}; "
                         "only stored and deflated (the usual ZIP) members can be read.")


def _read_members(name: str, archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], max_bytes: int) -> list[UploadedFile]:
    budget, files = max_bytes, []
    for info in members:
        content = _read_bounded(archive, info, budget, name)
        budget -= len(content)
        files.append(UploadedFile(PurePosixPath(info.filename).name, content))
    return files


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> bytes:
    with archive.open(info) as member:
        content = member.read(budget + 1)
    if len(content) > budget:
        raise PayloadTooLarge(f"{name} unpacks to more bytes than an upload may have.")
    return content
