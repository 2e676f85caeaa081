"""Certificate packs: one PDF with a cover and every certificate of the stock reserved for an order.

Pure rendering, no database, HTTP or blob store: the service loads a ``PackOrder``, uses ``pack_hash``
as its cache key and calls ``build_pack`` on a miss. Importing this package is cheap; WeasyPrint, pypdf,
Pillow and Jinja2 are imported on first render.

    model.py         the inputs (frozen dataclasses)
    hashing.py       pack_hash, TEMPLATE_VERSION
    assemble.py      build_pack: prepare certificates → cover → merge, outline, metadata
    certificates.py  each stored file → clean PDF pages or a reason (pdf_input.py, image_input.py)
    cover.py         the cover (cover_view.py decides what it says, templates/ how it looks)
    render.py        HTML → PDF through the locked URL fetcher (fetcher.py)
"""

from shared.certificate_pack.assemble import build_pack
from shared.certificate_pack.hashing import TEMPLATE_VERSION, pack_hash
from shared.certificate_pack.model import PackCertificate, PackLetterhead, PackLine, PackLogo, PackOrder, PackReservation

__all__ = [
    "TEMPLATE_VERSION",
    "PackCertificate",
    "PackLetterhead",
    "PackLine",
    "PackLogo",
    "PackOrder",
    "PackReservation",
    "build_pack",
    "pack_hash",
]
