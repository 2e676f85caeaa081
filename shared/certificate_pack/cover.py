"""The cover: order, customer, dates, every line with its reserved stock, heats and certificates, and a
flag on everything a customer's goods-in inspection would reject (no stock, no certificate, unreadable).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover_view import build_cover_view
from shared.certificate_pack.model import PackOrder
from shared.certificate_pack.render import RenderedPdf, lay_out, render_template

_MAX_LAYOUT_PASSES = 3


def render_cover(
    order: PackOrder,
    prepared: Sequence[PreparedCertificate],
    content_hash: str,
    generated_at: datetime,
) -> RenderedPdf:
    """Render the cover, with each certificate's first page number in the finished pack.

    Those numbers depend on how many pages the cover itself takes: estimate it, and lay out again with
    the real count when the estimate was wrong (a second layout costs ~0.3 s per cover page).
    """
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (UTC)")
    by_id = {p.certificate.certificate_id: p for p in prepared}
    cover_pages = estimated_cover_pages(order)
    for _ in range(_MAX_LAYOUT_PASSES):
        first_pages = first_page_numbers(prepared, cover_pages)
        view = build_cover_view(order, by_id, first_pages, content_hash, generated_at, cover_pages)
        document = lay_out(render_template("cover.html.j2", cover=view))
        if document.page_count == cover_pages:
            break
        cover_pages = document.page_count
    # Three passes never failed to settle in trials; if they did, only the page references would be off.
    return RenderedPdf(pdf=document.write_pdf(), page_count=document.page_count)


def estimated_cover_pages(order: PackOrder) -> int:
    """Pages the cover will take, from fractions of a page measured on cover.css (only a first guess)."""
    problems = sum(1 for line in order.lines if not line.reservations) + sum(
        1 for line in order.lines for r in line.reservations if r.certificate is None
    )
    used = 0.40 + (0.07 + 0.012 * min(problems, 8) if problems else 0.03)  # masthead, facts, summary
    used += sum(0.037 + 0.031 * max(1, len(line.reservations)) for line in order.lines)
    return max(1, math.ceil(used))


def first_page_numbers(prepared: Sequence[PreparedCertificate], cover_pages: int) -> dict[str, int]:
    """1-based page in the pack where each readable certificate starts, after ``cover_pages``."""
    pages: dict[str, int] = {}
    next_page = cover_pages + 1
    for item in prepared:
        if item.readable:
            pages[item.certificate.certificate_id] = next_page
            next_page += item.page_count
    return pages
