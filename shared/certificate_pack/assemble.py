"""One PDF for dispatch: the cover, then every distinct certificate of the reserved stock in line order,
with a bookmark for each, page numbers over the whole pack and document metadata naming the order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from shared.certificate_pack.certificates import PreparedCertificate, pack_budget, prepare_certificate
from shared.certificate_pack.cover import RenderedCover, render_cover
from shared.certificate_pack.hashing import pack_hash
from shared.certificate_pack.model import PackOrder
from shared.certificate_pack.stamp import stamp_page_numbers, stamp_references


def build_pack(order: PackOrder, generated_at: datetime) -> bytes:
    """Render the certificate pack. Unreadable certificates are flagged on the cover, never raised.

    ``generated_at`` must be timezone-aware; it is printed (in UTC) and is not part of ``pack_hash``.
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (UTC)")
    # Certificates first: the cover has to know which of them could not be read.
    budget = pack_budget()
    prepared = [prepare_certificate(cert, budget) for cert in order.certificates()]
    cover = render_cover(order, prepared, generated_at)
    return _merge(order, cover, prepared, pack_hash(order), generated_at)


def outline_title(order: PackOrder, item: PreparedCertificate) -> str:
    heats = order.heat_numbers_of(item.certificate.certificate_id)
    label = "Heat " + ", ".join(heats) if heats else "Certificate"
    return f"{label} — {item.certificate.file_name}"


def _merge(
    order: PackOrder,
    cover: RenderedCover,
    prepared: Sequence[PreparedCertificate],
    content_hash: str,
    generated_at: datetime,
) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    # The inputs here are our own output (the cover, and certificates re-written by pdf_input), so a
    # failure at this point is a bug, not a bad upload: let it raise.
    for part in cover.parts:
        reader = _without_named_destinations(pypdf.PdfReader(BytesIO(part.pdf), strict=True))
        writer.append(reader, pages=(part.first_page, part.pages), import_outline=False)
    writer.add_outline_item(title="Cover", page_number=0)
    first_pages: dict[str, int] = {}
    for item in prepared:
        if item.pdf is None:
            continue
        start = len(writer.pages)
        first_pages[item.certificate.certificate_id] = start + 1
        writer.append(pypdf.PdfReader(BytesIO(item.pdf), strict=True), import_outline=False)
        writer.add_outline_item(title=outline_title(order, item), page_number=start)
    stamp_references(writer, cover.refs, first_pages)
    stamp_page_numbers(writer)
    writer.page_mode = "/UseOutlines"  # open with the bookmarks showing: they are the table of contents
    writer.metadata = _metadata(order, content_hash, generated_at)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def _without_named_destinations(reader: Any) -> Any:
    """WeasyPrint names a destination after every element id of the cover (three per line); nothing links to them,
    and pypdf inserts each name into one sorted array, which made the merge quadratic in the cover's length."""
    from pypdf.generic import NameObject

    names = reader.root_object.get(NameObject("/Names"))
    if names is not None:
        names.get_object().pop(NameObject("/Dests"), None)
    reader.root_object.pop(NameObject("/Dests"), None)
    return reader


def _metadata(order: PackOrder, content_hash: str, generated_at: datetime) -> dict[str, Any]:
    customer = f" for {order.customer_name}" if order.customer_name else ""
    return {
        "/Title": f"Certificate pack {order.order_reference}",
        "/Subject": f"Inspection certificates of the stock reserved for order {order.order_reference}{customer}",
        "/Author": order.company_name,
        "/Creator": "Orders API certificate pack",
        "/Keywords": f"certificate pack; order {order.order_reference}; content hash {content_hash}",
        "/CreationDate": generated_at.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ"),
    }
