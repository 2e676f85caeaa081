"""An uploaded ZIP's CSV members (``zip_upload.read_csv_members``): which entries are skipped (folders, macOS resource
forks, hidden files), which are refused and with what message, and the unpacked-bytes budget shared by the members.
The hostile archives (bombs, huge directories, ZIP64) are in tests/hardening/test_hostile_zips.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from shared.bulk.reading.files import UploadedFile
from shared.bulk.reading.zip_upload import read_csv_members
from shared.errors import BadRequest, PayloadTooLarge

ORDERS = b"OrderReference\r\nSO-1\r\n"


def archive(*members: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members:
            target.writestr(name, content)
    return out.getvalue()


def refusal(data: bytes, max_bytes: int = 10_000) -> str:
    with pytest.raises(BadRequest) as raised:
        read_csv_members("up.zip", data, max_bytes)
    return raised.value.detail


def test_folders_resource_forks_and_hidden_files_are_skipped() -> None:
    data = archive(("exports/", b""), ("__MACOSX/._orders.csv", b"fork"), ("__MACOSX/x/y.txt", b"fork"), (".DS_Store", b"x"),
                   ("orders.csv", ORDERS), ("lines.CSV", b"OrderReference,LineNumber\r\n"))
    assert read_csv_members("up.zip", data, 10_000) == [UploadedFile("orders.csv", ORDERS),
                                                        UploadedFile("lines.CSV", b"OrderReference,LineNumber\r\n")]


def test_a_folder_named_like_macos_forks_in_another_case_is_not_skipped() -> None:
    detail = refusal(archive(("__macosx/orders.csv", ORDERS)))
    assert detail == "up.zip may hold only CSV files at its top level, not '__macosx/orders.csv'."


@pytest.mark.parametrize(("members", "detail"), [
    ((), "up.zip must hold one or two CSV files; it holds 0 files."),
    ((("a.csv", ORDERS), ("b.csv", ORDERS), ("c.csv", ORDERS)), "up.zip must hold one or two CSV files; it holds 3 files."),
    ((("orders.txt", ORDERS),), "up.zip may hold only CSV files at its top level, not 'orders.txt'."),
    ((("exports/orders.csv", ORDERS),), "up.zip may hold only CSV files at its top level, not 'exports/orders.csv'."),
    (((".", ORDERS),), "up.zip holds a file without a name."),
    ((("X/orders.csv", ORDERS),), "up.zip may hold only CSV files at its top level, not 'X/orders.csv'."),
])
def test_refused_archives_say_why(members: tuple[tuple[str, bytes], ...], detail: str) -> None:
    assert refusal(archive(*members)) == detail


def test_a_member_with_an_empty_name_is_refused_not_skipped() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr(zipfile.ZipInfo(""), ORDERS)
    assert refusal(out.getvalue()) == "up.zip holds a file without a name."


def test_the_unpacked_budget_is_shared_by_the_members() -> None:
    first, second = b"a" * 600, b"b" * 400
    data = archive(("one.csv", first), ("two.csv", second))
    assert [file.data for file in read_csv_members("up.zip", data, 1000)] == [first, second]
    with pytest.raises(PayloadTooLarge) as raised:
        read_csv_members("up.zip", data, 999)
    assert raised.value.detail == "up.zip unpacks to more bytes than an upload may have."
    with pytest.raises(PayloadTooLarge):
        read_csv_members("up.zip", archive(("one.csv", first)), 599)
    assert read_csv_members("up.zip", archive(("one.csv", first)), 600)[0].data == first


def test_a_broken_stream_names_the_file() -> None:
    data = archive(("orders.csv", ORDERS * 50))
    start = data.index(b"orders.csv") + len("orders.csv")
    broken = data[:start] + bytes(byte ^ 0xFF for byte in data[start : start + 20]) + data[start + 20 :]
    assert refusal(broken).startswith("up.zip is not a readable ZIP file: ")


def test_bytes_without_an_end_record_name_the_file() -> None:
    assert refusal(b"PK\x03\x04 nothing more") == "up.zip is not a readable ZIP file: it has no end of central directory record."


def test_a_leading_slash_is_no_folder() -> None:
    assert read_csv_members("up.zip", archive(("/orders.csv", ORDERS)), 10_000) == [UploadedFile("orders.csv", ORDERS)]


def test_members_that_are_encrypted_or_compressed_otherwise_are_refused_by_name() -> None:
    encrypted = bytearray(archive(("orders.csv", ORDERS)))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # the flag bits, in the local header and the directory entry
        at = encrypted.index(header) + (6 if header == b"PK\x03\x04" else 8)
        encrypted[at] |= 0x1
    assert refusal(bytes(encrypted)) == "up.zip: 'orders.csv' is encrypted; zip it again without a password."
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_BZIP2) as target:
        target.writestr("orders.csv", ORDERS)
    assert refusal(out.getvalue()) == ("up.zip: 'orders.csv' uses compression method 12; only stored and deflated "
                                       "(the usual ZIP) members can be read.")


def test_a_member_is_read_only_up_to_the_budget() -> None:
    # Beyond the budget nothing more is read: the damaged checksum (checked at the member's end) of a stored member
    # far larger than the budget is never reached, so the refusal is the size, not the damage.
    content = ORDERS * 5000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        target.writestr("orders.csv", content)
    data = bytearray(out.getvalue())
    for header, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):  # the CRC-32, in both headers
        data[data.index(header) + offset] ^= 0xFF
    assert refusal(bytes(data), max_bytes=len(content)) == "up.zip is not a readable ZIP file: Bad CRC-32 for file 'orders.csv'."
    with pytest.raises(PayloadTooLarge) as raised:
        read_csv_members("up.zip", bytes(data), 1000)
    assert raised.value.detail == "up.zip unpacks to more bytes than an upload may have."
