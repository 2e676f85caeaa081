"""Hostile or oversized certificate files become a flag with a reason, never an exception (SECURITY §3)."""

from __future__ import annotations

import zlib
from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import EncodedStreamObject, NameObject

from shared.certificate_pack import PackCertificate
from shared.certificate_pack.certificates import MAX_CERTIFICATE_BYTES, prepare_certificate
from shared.certificate_pack.pdf_input import MAX_PDF_PAGES


def problem_with(content: bytes, file_name: str = "cert.pdf") -> str | None:
    prepared = prepare_certificate(PackCertificate("c", file_name, "application/pdf", "0" * 64, content))
    assert (prepared.pdf is None) == (prepared.problem is not None)
    return prepared.problem


def written(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_flate_bomb_in_the_page_content_is_refused_within_pypdf_limits() -> None:
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    bomb = EncodedStreamObject()
    bomb._data = zlib.compress(b" " * 100_000_000, 9)  # ~100 kB that inflates past pypdf's 75 MB cap
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    page[NameObject("/Contents")] = writer._add_object(bomb)
    assert problem_with(written(writer)) == "the PDF expands beyond the safe size limits"


def test_a_pdf_with_more_pages_than_the_limit_is_refused() -> None:
    writer = PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        writer.add_blank_page(595, 842)
    assert problem_with(written(writer)) == f"the PDF has {MAX_PDF_PAGES + 1} pages (1 to {MAX_PDF_PAGES} allowed)"


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    assert problem_with(b"%PDF-1.7\n" + bytes(MAX_CERTIFICATE_BYTES)) == "the file is larger than 50 MiB"


def test_the_type_comes_from_the_bytes_not_the_name() -> None:
    assert problem_with(b"PK\x03\x04 a zip file", "cert.pdf") == "the file is neither a PDF nor a PNG or JPEG image"
    assert problem_with(b"\x89PNG\r\n\x1a\n but truncated", "cert.png") == "the file is damaged or not a valid PDF or image"
