"""Certificate packs: the order's cover and certificates as one PDF, cached in blob storage by content hash.

The hash covers every input (order, lines, reservations, stock, certificate SHA-256s and whether each file could be
read, template version), so an unchanged order is served from storage without rendering, and any change to them
gives a new hash and a new pack. A render runs in a child process within the budget of ``Settings`` (CPU
seconds, memory, wall clock; see certificate_pack/bounded.py): beyond it the answer is a 422 naming the limit,
or a 503 when the wall clock ran out on a busy machine. Concurrent requests for one pack render it once
(pack_renders.py). Nothing is stored unless the render succeeded, so the next request tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

from shared.auth import Principal
from shared.blobs.base import BlobNotFound, BlobStore, storage_errors
from shared.bounded_child import ChildFailed, LimitExceeded, TimedOut
from shared.certificate_pack import (
    PackCertificate,
    PackLetterhead,
    PackLine,
    PackLogo,
    PackOrder,
    PackReservation,
    pack_hash,
)
from shared.certificate_pack.bounded import RenderLimits, render_bounded
from shared.clock import Clock
from shared.db.database import Database, Row, Transaction
from shared.db.values import decimal_value, guid, to_date, to_decimal
from shared.errors import NotFound, ServiceUnavailable, UnprocessableContent
from shared.materials.stock_names import face_name
from shared.repositories import accounts, company_profiles, line_items, orders, reservations
from shared.services.certificate_files import CERTIFICATES_CONTAINER
from shared.services.company_profiles import load_logo
from shared.services.pack_budget import over_budget, render_limits
from shared.services.pack_renders import CERTIFICATE_PACKS_CONTAINER, stored_or_rendered

__all__ = ["CERTIFICATE_PACKS_CONTAINER", "CertificatePack", "certificate_pack", "render_limits"]
log = logging.getLogger("orders_api")


@dataclass(frozen=True)
class CertificatePack:
    """A pack identified by its hash; ``content()`` reads it from storage or renders (and stores) it."""

    filename: str
    etag: str
    content: Callable[[], bytes]


def certificate_pack(
    db: Database, blobs: BlobStore, clock: Clock, actor: Principal, order_id: str, limits: RenderLimits | None = None
) -> CertificatePack:
    limits = limits or RenderLimits()
    with db.read() as tx:
        rows = _order_rows(tx, actor.company_id, order_id)
        profile = company_profiles.read(tx, actor.company_id)
    if len(rows[2]) > limits.max_lines:
        raise UnprocessableContent(
            f"This order has {len(rows[2]):,} line items; a certificate pack covers at most {limits.max_lines:,}."
        )
    with storage_errors():
        pack = _pack_order(*rows, load=lambda name: _load_certificate(blobs, name))
    pack = replace(pack, letterhead=_letterhead(profile, load_logo(blobs, profile)))
    digest = pack_hash(pack)
    blob_name = f"{actor.company_id}/{order_id}/{digest}.pdf"
    return CertificatePack(
        filename=f"certificate-pack-{pack.order_reference}.pdf",
        etag=digest,
        content=lambda: stored_or_rendered(blobs, clock, blob_name, lambda: _render(pack, clock, limits), limits.wall_seconds),
    )


def _order_rows(tx: Transaction, company_id: str, order_id: str) -> tuple[Row, Row, list[Row], dict[str, list[Row]]]:
    found = orders.by_ids(tx, company_id, [order_id])
    if order_id not in found:
        raise NotFound(f"No such order in this company: {order_id}.")
    company = accounts.company(tx, company_id)
    assert company is not None  # the principal's company exists
    lines = line_items.active_for_orders(tx, company_id, [order_id])[order_id]
    links = reservations.active_for_lines(tx, company_id, [guid(line["OrderLineItemId"]) for line in lines])
    return company, found[order_id], lines, _named_as_stock(tx, company_id, links)


def _named_as_stock(tx: Transaction, company_id: str, links: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """Each reservation named as the customer knows the material: a split row by the row it was split from."""
    rows = reservations.ancestors(tx, company_id, [guid(link["InventoryId"]) for found in links.values() for link in found])
    return {
        line_id: [{**link, "InventoryName": face_name(guid(link["InventoryId"]), rows)} for link in found]
        for line_id, found in links.items()
    }


def _pack_order(company: Row, order: Row, lines: list[Row], links: dict[str, list[Row]], load: Callable[[str], bytes | None]) -> PackOrder:
    certificates: dict[str, PackCertificate] = {}

    def certificate(row: Row) -> PackCertificate | None:
        if row["CertificateId"] is None:
            return None
        key = guid(row["CertificateId"])
        if key not in certificates:
            certificates[key] = PackCertificate(
                certificate_id=key,
                file_name=row["CertificateFileName"],
                content_type=row["CertificateContentType"],
                sha256=str(row["CertificateSha256"]).strip(),
                content=load(row["CertificateBlobName"]),
                number=row["CertificateNumber"],
                en10204_type=row["En10204Type"],
                manufacturer=row["Manufacturer"],
            )
        return certificates[key]

    return PackOrder(
        company_name=company["Name"],
        order_reference=order["OrderReference"],
        customer_name=order["CustomerName"],
        order_date=to_date(order["OrderDate"]),
        delivery_date=to_date(order["DeliveryDate"]),
        site=order["Site"],
        status=order["Status"],
        lines=[_pack_line(line, links[guid(line["OrderLineItemId"])], certificate) for line in lines],
        customer_reference=order["CustomerReference"],
        delivery_address=order["DeliveryAddress"],
    )


def _letterhead(profile: Row | None, logo: bytes | None) -> PackLetterhead | None:
    if profile is None:
        return None
    pack_logo = None
    if profile["LogoBlobName"] and logo is not None:
        pack_logo = PackLogo(str(profile["LogoContentType"]), str(profile["LogoSha256"]).strip(), logo)
    return PackLetterhead(
        name=profile["LetterheadName"], address=profile["Address"], logo=pack_logo,
        signatory_name=profile["SignatoryName"], signatory_role=profile["SignatoryRole"],
    )


def _pack_line(line: Row, links: list[Row], certificate: Callable[[Row], PackCertificate | None]) -> PackLine:
    return PackLine(
        line_number=int(line["LineNumber"]),
        product_code=line["ProductCode"],
        description=line["Description"],
        material_grade=line["MaterialGrade"],
        quantity=to_decimal(line["Quantity"]),
        unit=line["Unit"],
        reservations=[
            PackReservation(
                inventory_name=link["InventoryName"],
                heat_number=link["HeatNumber"],
                material_grade=link["MaterialGrade"],
                quantity=decimal_value(link["Quantity"]),
                unit=link["Unit"],
                certificate=certificate(link),
                substitute=bool(link["Substitute"]),
            )
            for link in links
        ],
    )


def _load_certificate(blobs: BlobStore, blob_name: str) -> bytes | None:
    """The certificate file, or None when it is gone (the cover then flags it as unreadable)."""
    try:
        return blobs.get(CERTIFICATES_CONTAINER, blob_name)
    except BlobNotFound:
        log.warning("certificate file %s is missing from storage", blob_name)
        return None


def _render(pack: PackOrder, clock: Clock, limits: RenderLimits) -> bytes:
    try:
        content, stats = render_bounded(pack, clock.now(), limits)
    except LimitExceeded as exc:
        raise UnprocessableContent(over_budget(exc.limit, limits)) from exc
    except TimedOut as exc:
        log.warning("certificate pack render of %s timed out: no pack after %g s", pack.order_reference, limits.wall_seconds)
        raise ServiceUnavailable("The certificate pack could not be prepared in time; please retry.", retry_after_seconds=30) from exc
    except ChildFailed as exc:
        raise RuntimeError(f"certificate pack render failed: {exc.detail}") from exc
    log.info(
        "certificate pack %s rendered: %d lines, %.1f s CPU, peak %d MB",
        pack.order_reference, len(pack.lines), stats.cpu_seconds, stats.peak_rss // (1024 * 1024),
    )
    return content
