"""The upload's multipart/form-data reader (``multipart.uploaded_files``), called directly: the bounds on the body,
the parts and the plain fields, the refusals' exact wording, and the file names and contents it hands over."""

from __future__ import annotations

import pytest

from shared.bulk.reading.files import UploadedFile
from shared.bulk.reading.multipart import MALFORMED_MULTIPART, MAX_FIELD_BYTES, uploaded_files
from shared.errors import AppError, BadRequest, PayloadTooLarge, UnsupportedMediaType

FORM = "multipart/form-data; boundary=XyZ"


def body(*parts: tuple[str, str | None, bytes]) -> bytes:
    """(field, file name or None for a plain field, content) of each part."""
    out = b""
    for field, filename, content in parts:
        disposition = f'form-data; name="{field}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--XyZ\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return out + b"--XyZ--\r\n"


def refusal(kind: type[AppError], content_type: str | None, data: bytes, max_bytes: int = 10**7, max_parts: int = 10) -> str:
    with pytest.raises(kind) as raised:
        uploaded_files(content_type, data, max_bytes, max_parts)
    return raised.value.detail


def test_files_come_back_in_order_under_their_base_names_or_their_field_names() -> None:
    big = b"x" * 200_000  # several read chunks (the parser's buffer limit once refused bodies over ~130 KB)
    windows_path = "C:\\\\Users\\\\me\\\\orders.csv"  # a Windows path, each backslash escaped in the quoted header
    data = body(("file1", windows_path, b"OrderReference\r\nSO-1\r\n"), ("note", None, b"ignored"),
                ("file2", "/home/me/lines.csv", big), ("file3", "", b"no name"))
    assert uploaded_files(FORM, data, len(data)) == [UploadedFile("orders.csv", b"OrderReference\r\nSO-1\r\n"),
                                                     UploadedFile("lines.csv", big), UploadedFile("file3", b"no name")]


def test_a_body_over_the_byte_limit_is_refused_before_parsing() -> None:
    data = body(("file", "a.csv", b"A\r\n"))
    assert uploaded_files(FORM, data, len(data)) == [UploadedFile("a.csv", b"A\r\n")]
    assert refusal(PayloadTooLarge, FORM, data, len(data) - 1) == f"The upload is {len(data)} bytes; at most {len(data) - 1} are accepted."


@pytest.mark.parametrize(("content_type", "detail"), [
    ("text/csv", "Send the CSV files as multipart/form-data, not text/csv."),
    (None, "Send the CSV files as multipart/form-data, not no content type."),
    ("", "Send the CSV files as multipart/form-data, not no content type."),
])
def test_a_body_that_is_not_multipart_is_refused(content_type: str | None, detail: str) -> None:
    assert refusal(UnsupportedMediaType, content_type, body(("file", "a.csv", b"A\r\n"))) == detail


def test_a_multipart_type_without_a_boundary_is_refused() -> None:
    assert refusal(BadRequest, "multipart/form-data", body(("file", "a.csv", b"A\r\n"))) == (
        "The multipart/form-data content type has no boundary.")


def test_the_parts_and_plain_fields_are_bounded() -> None:
    detail = ("The multipart body has more than 3 parts, a non-file field over 65536 bytes, or part headers over 32 KiB.")
    three = [("f1", "a.csv", b"A"), ("f2", "b.csv", b"B"), ("f3", None, b"C")]
    assert len(uploaded_files(FORM, body(*three), 10**7, 3)) == 2
    assert refusal(PayloadTooLarge, FORM, body(*three, ("f4", None, b"D")), max_parts=3) == detail
    assert len(uploaded_files(FORM, body(("note", None, b"n" * MAX_FIELD_BYTES)), 10**7)) == 0
    assert refusal(PayloadTooLarge, FORM, body(("note", None, b"n" * (MAX_FIELD_BYTES + 1))), max_parts=3) == detail


def test_a_body_ending_before_its_closing_boundary_is_refused_in_our_words() -> None:
    assert refusal(BadRequest, FORM, body(("file", "a.csv", b"A\r\n"))[:-12]) == MALFORMED_MULTIPART
