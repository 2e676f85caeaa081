"""Turn each stored certificate into pack-ready PDF pages, or into a reason it cannot be included.

This runs before the cover is drawn, because the cover must say which certificates are unreadable.
``prepare_certificate`` is bytes in, bytes out and shares no state, so production can move it into a
subprocess with rlimits (CPU seconds, address space) and a wall-clock timeout: pypdf and Pillow parse
hostile input in-process here, and their limits bound memory, not every pathological loop.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from shared.certificate_pack.errors import UnreadableCertificate
from shared.certificate_pack.image_input import image_to_pdf
from shared.certificate_pack.inflate import MIB, DecodeBudget
from shared.certificate_pack.model import PackCertificate
from shared.certificate_pack.pdf_input import normalise_pdf

MAX_CERTIFICATE_BYTES = 50 * MIB
# Decoded content (page drawing instructions, image pixels) of all certificates of one pack together. Past it,
# the remaining certificates are flagged as unreadable: the same inputs always give the same pack.
MAX_PACK_DECODED_BYTES = 512 * MIB
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PreparedCertificate:
    certificate: PackCertificate
    pdf: bytes | None  # clean PDF ready to append; None when the file is unreadable
    page_count: int
    problem: str | None  # why it is left out, in words for the cover

    @property
    def readable(self) -> bool:
        return self.pdf is not None


def pack_budget() -> DecodeBudget:
    limit = MAX_PACK_DECODED_BYTES // MIB
    return DecodeBudget(MAX_PACK_DECODED_BYTES, f"the pack's certificates together expand beyond {limit} MiB")


def prepare_certificate(certificate: PackCertificate, *budgets: DecodeBudget) -> PreparedCertificate:
    """Only a definite verdict on the file becomes "unreadable" (it is cached with the pack): running out of
    memory says nothing about the file, so ``MemoryError`` propagates and nothing is stored."""
    try:
        pdf, pages = _convert(certificate, budgets)
    except UnreadableCertificate as exc:
        return PreparedCertificate(certificate, None, 0, str(exc))
    except MemoryError:
        raise
    except Exception:  # hostile or broken input: flag it on the cover, never fail the whole pack
        _log.warning("certificate %s could not be parsed", certificate.certificate_id, exc_info=True)
        return PreparedCertificate(certificate, None, 0, "the file is damaged or not a valid PDF or image")
    return PreparedCertificate(certificate, pdf, pages, None)


def sniff(content: bytes) -> str | None:
    """The file's real type from its first bytes; the stored content type and name are only claims."""
    if b"%PDF-" in content[:1024]:  # the PDF spec tolerates a little junk before the header
        return "pdf"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def _convert(certificate: PackCertificate, budgets: tuple[DecodeBudget, ...]) -> tuple[bytes, int]:
    content = certificate.content
    if content is None:
        raise UnreadableCertificate("the file is missing from storage")
    if len(content) > MAX_CERTIFICATE_BYTES:
        raise UnreadableCertificate(f"the file is larger than {MAX_CERTIFICATE_BYTES // 2**20} MiB")
    kind = sniff(content)
    if kind == "pdf":
        return normalise_pdf(content, *budgets)
    if kind in ("png", "jpeg"):
        return image_to_pdf(content, kind, certificate.file_name, *budgets)
    raise UnreadableCertificate("the file is neither a PDF nor a PNG or JPEG image")
