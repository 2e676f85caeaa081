"""The cover: order, customer, dates, every line with its reserved stock, heats and certificates, and a
flag on everything a customer's goods-in inspection would reject (no stock, no certificate, unreadable).

WeasyPrint's cost grows faster than the document and its memory with it (every page's boxes stay alive until
the PDF is written), so the line table is laid out in chunks of ``CHUNK_LINES`` lines, each written to PDF and
dropped before the next. A chunk that does not end the cover gives up its last page: the lines that started
there are laid out again at the top of the next chunk, so pages run on without half-empty ones.

Certificate page numbers depend on how many pages the whole cover takes, which only the last chunk knows. The
layout reserves their place (an anchor per stock row, in a column of its own) and ``stamp.py`` prints them on
the finished pack: one layout pass, whatever the cover's length.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover_view import CoverView, build_cover_view
from shared.certificate_pack.model import PackOrder
from shared.certificate_pack.render import LaidOutDocument, lay_out, render_template

CHUNK_LINES = 200  # lines per WeasyPrint layout: ~12 pages, ~60 MB of boxes; the last page is laid out twice


@dataclass(frozen=True)
class PageRef:
    """Where the first page number of a certificate goes: a cover page and a point on it (CSS px, top-left)."""

    page_index: int
    x: float
    y: float
    certificate_id: str


@dataclass(frozen=True)
class RenderedCover:
    parts: list[bytes]  # PDFs, appended in this order
    page_count: int
    refs: list[PageRef]


def render_cover(order: PackOrder, prepared: Sequence[PreparedCertificate], generated_at: datetime) -> RenderedCover:
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (UTC)")
    by_id = {p.certificate.certificate_id: p for p in prepared}
    view = build_cover_view(order, by_id, generated_at)
    targets = reference_targets(order, by_id)
    parts: list[bytes] = []
    refs: list[PageRef] = []
    pages, start, total = 0, 0, len(view.lines)
    while True:
        end = min(start + CHUNK_LINES, total)
        document = lay_out(_chunk_html(view, start, end, total))
        kept, next_start = _cut(document, start, end, total)
        refs += _refs(document, kept, pages, targets)
        parts.append(document.write_pdf(kept))
        pages += kept
        if next_start >= total:
            return RenderedCover(parts, pages, refs)
        start = next_start


def reference_targets(order: PackOrder, prepared: Mapping[str, PreparedCertificate]) -> dict[str, str]:
    """Anchor id of each stock row whose certificate is enclosed → that certificate's id (see the template)."""
    targets = {}
    for n, line in enumerate(order.lines):
        for k, reservation in enumerate(line.reservations):
            cert = reservation.certificate
            if cert is not None and prepared[cert.certificate_id].readable:
                targets[f"r{n}-{k}"] = cert.certificate_id
    return targets


def _chunk_html(view: CoverView, start: int, end: int, total: int) -> str:
    lines = view.lines[start:end]
    return render_template("cover.html.j2", cover=view, lines=lines, offset=start, first=start == 0, last=end == total)


def _cut(document: LaidOutDocument, start: int, end: int, total: int) -> tuple[int, int]:
    """(pages to keep, first line of the next chunk). A chunk that does not finish the cover keeps the pages
    before the one where the lines touching its last page begin, so no line is split across two chunks."""
    count = document.page_count
    if end == total or count < 2:
        return count, end
    starts, ends = _line_pages(document)
    cut_page = count - 1
    while True:
        carried = min((n for n in range(start, end) if ends.get(n, -1) >= cut_page), default=end)
        if carried >= end or starts.get(carried, cut_page) >= cut_page:
            break
        cut_page = starts[carried]
    if carried <= start or carried >= end or cut_page == 0:
        return count, end  # one line longer than the pages before it: keep the chunk whole
    return cut_page, carried


def _line_pages(document: LaidOutDocument) -> tuple[dict[int, int], dict[int, int]]:
    """First page of each line ("l{n}") and page of its last row ("e{n}")."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    for page, anchors in enumerate(document.anchors()):
        for name in anchors:
            if name[0] == "l":
                starts.setdefault(int(name[1:]), page)
            elif name[0] == "e":
                ends[int(name[1:])] = page
    return starts, ends


def _refs(document: LaidOutDocument, kept: int, first_page: int, targets: Mapping[str, str]) -> list[PageRef]:
    refs = []
    for page, anchors in enumerate(document.anchors()[:kept]):
        for name, (x, y) in anchors.items():
            if name in targets:
                refs.append(PageRef(first_page + page, x, y, targets[name]))
    return refs
