"""Scanned certificates (PNG or JPEG) placed on an A4 page, so they sit in the pack like any PDF."""

from __future__ import annotations

import base64
from io import BytesIO

from shared.certificate_pack.errors import UnreadableCertificate
from shared.certificate_pack.inflate import DecodeBudget
from shared.certificate_pack.render import html_to_pdf, render_template

# A 600 dpi A4 scan is ~35 megapixels; beyond this an "image" is more likely a decompression bomb.
MAX_IMAGE_PIXELS = 60_000_000
_MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


def image_to_pdf(content: bytes, kind: str, file_name: str, *budgets: DecodeBudget) -> tuple[bytes, int]:
    """Return (one-page PDF, 1) showing the image fitted to A4, or raise ``UnreadableCertificate``."""
    width, height = _checked_size(content, kind, budgets)
    data_url = f"data:{_MIME_TYPES[kind]};base64,{base64.b64encode(content).decode('ascii')}"
    html = render_template(
        "certificate_image.html.j2",
        image_url=data_url,
        file_name=file_name,
        landscape=width > height,
    )
    return html_to_pdf(html).pdf, 1


def _checked_size(content: bytes, kind: str, budgets: tuple[DecodeBudget, ...] = ()) -> tuple[int, int]:
    from PIL import Image  # Pillow comes with WeasyPrint

    # formats= keeps Pillow to the decoder the bytes claim to need, not every plugin it has.
    with Image.open(BytesIO(content), formats=[kind.upper()]) as image:
        width, height = image.size
        if width * height > MAX_IMAGE_PIXELS:
            raise UnreadableCertificate(f"the image is too large ({width} × {height} pixels)")
        for budget in budgets:
            budget.spend(width * height * len(image.getbands()))  # what decoding it takes
        image.load()  # decode fully now: a truncated scan must be flagged, not drawn as a blank page
    return width, height
