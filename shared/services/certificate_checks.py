"""Whether an uploaded certificate can go into a certificate pack: the pack's own page and pixel limits, checked at
upload so a user hears about an unusable file when sending it, not at dispatch."""

from __future__ import annotations

from shared.certificate_pack.errors import UnreadableCertificate


def check_readable(kind: str, content: bytes) -> None:
    """ValueError naming the problem when the pack could not use the file (encrypted, too many pages, broken)."""
    try:
        if kind == "pdf":
            from shared.certificate_pack.pdf_input import normalise_pdf

            normalise_pdf(content)
        else:
            from shared.certificate_pack.image_input import _checked_size

            _checked_size(content, kind)
    except UnreadableCertificate as exc:
        raise ValueError(f"cannot be used: {exc}") from None
    except Exception:  # pypdf and Pillow raise many types on hostile input; none may become a 500
        raise ValueError("cannot be read as a certificate (damaged or not what its content claims)") from None
