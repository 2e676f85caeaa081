"""Hostile or oversized certificate files become a flag with a reason, never an exception (SECURITY §3)."""

from __future__ import annotations

import zlib
from io import BytesIO

import pytest
from pypdf import PdfWriter
from pypdf.generic import EncodedStreamObject, NameObject

from shared.certificate_pack import PackCertificate, certificates
from shared.certificate_pack.certificates import MAX_CERTIFICATE_BYTES, prepare_certificate
from shared.certificate_pack.pdf_input import MAX_PDF_PAGES
from tests.child_process import MIB, run_in_child


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


def inflating_pdf(pages: int, inflated_bytes: int) -> bytes:
    """A small PDF whose every page's drawing instructions inflate to ``inflated_bytes`` (blank spaces)."""
    writer = PdfWriter()
    compressed = zlib.compress(b" " * inflated_bytes, 9)
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        stream = EncodedStreamObject()
        stream._data = compressed
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
    return written(writer)


def _prepare_in_child(content: bytes) -> str | None:
    return problem_with(content)


def test_a_pdf_whose_pages_inflate_to_gigabytes_is_refused_in_small_memory_and_time() -> None:
    hostile = inflating_pdf(30, 60 * MIB)  # ~1.8 MB on disk, 1.8 GB of drawing instructions
    assert len(hostile) < 3 * MIB
    measured = run_in_child(_prepare_in_child, hostile)
    assert measured.result == "the PDF expands beyond the safe size limits"
    assert measured.work_rss < 40 * MIB, measured.work_rss / MIB  # decoded bytes are counted, never kept
    assert measured.cpu_seconds < 5


def test_an_ordinary_compressed_pdf_passes_the_decoded_size_check() -> None:
    assert problem_with(inflating_pdf(3, 2 * MIB)) is None


def test_certificates_over_the_packs_decoded_budget_are_flagged_and_the_earlier_ones_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(certificates, "MAX_PACK_DECODED_BYTES", 50 * MIB)
    budget = certificates.pack_budget()
    each = inflating_pdf(1, 20 * MIB)
    problems = [prepare_certificate(PackCertificate(f"c{n}", "c.pdf", None, "0" * 64, each), budget).problem for n in range(3)]
    assert problems == [None, None, "the pack's certificates together expand beyond 50 MiB"]


def test_running_out_of_memory_is_not_a_verdict_on_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object) -> tuple[bytes, int]:
        raise MemoryError

    monkeypatch.setattr(certificates, "normalise_pdf", exhausted)
    with pytest.raises(MemoryError):  # propagates: nothing is flagged, so nothing wrong is cached
        problem_with(inflating_pdf(1, 1024))
