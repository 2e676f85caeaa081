"""The cover: order, customer, dates, every line with its reserved stock, heats and certificates, and a
flag on everything a customer's goods-in inspection would reject (no stock, no certificate, unreadable).

WeasyPrint's cost grows faster than the document and its memory with it (every page's boxes stay alive until
the PDF is written), so the line table is laid out in chunks of ``CHUNK_LINES`` lines, each written to PDF and
dropped before the next. A chunk that does not end the cover gives up its last page: the lines that started
there are laid out again at the top of the next chunk, so pages run on without half-empty ones.

A long cover is shared between two processes (``cover_split``): after the first chunk, a forked helper lays out
from a line about half-way that probably begins a page (the first chunk's pages say how many lines a page holds),
while this process lays out up to it. A page that begins with a line is laid out the same whatever came before it,
so where this process's pages also begin a page with that line, the cover is exactly the one a single process
would make. Where they do not (the lines further on are taller or shorter than the first chunk's), the page before
the helper's first ends early, a little or at most a page short: one such page in the cover, no line lost or
repeated. On a single core, or if the helper fails, this process lays out everything itself.

Certificate page numbers depend on how many pages the whole cover takes, which only the last chunk knows. The
layout reserves their place (an anchor per stock row, in a column of its own) and ``stamp.py`` prints them on
the finished pack: one layout pass, whatever the cover's length.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import pairwise

from shared.certificate_pack import cover_split
from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover_chunks import Chunk, CoverPart, PageRef, RenderedCover, Run, lay_out_chunk
from shared.certificate_pack.cover_view import CoverView, build_cover_view
from shared.certificate_pack.model import PackOrder

__all__ = ["CHUNK_LINES", "SPLIT_MIN_LINES", "CoverPart", "PageRef", "RenderedCover", "reference_targets", "render_cover"]

CHUNK_LINES = 200  # lines per WeasyPrint layout: ~12 pages, ~60 MB of boxes; the last page is laid out twice
# Past the first chunk, a cover with at least this many lines left is shared with a second process (cover_split):
# it lays out from a line about half-way on that probably begins a page, this process up to there.
SPLIT_MIN_LINES = 2 * CHUNK_LINES


def render_cover(order: PackOrder, prepared: Sequence[PreparedCertificate], generated_at: datetime) -> RenderedCover:
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (UTC)")
    by_id = {p.certificate.certificate_id: p for p in prepared}
    view = build_cover_view(order, by_id, generated_at)
    targets = reference_targets(order, by_id)
    total = len(view.lines)
    run = Run()
    first = lay_out_chunk(view, 0, CHUNK_LINES)
    middle = _split_line(first, total)
    if middle is None:
        run.add(first, targets)
        return _lay_out_rest(view, first.next_start, targets, run).cover()
    helper = cover_split.Helper(lambda: _lay_out_rest(view, middle, targets, Run()))
    try:
        run.add(first, targets)
        # Up to line ``middle`` (the last chunk's last page shows whether a page begins with it here too); that last
        # chunk takes half a chunk to one and a half, as a chunk of one page would be kept whole (``cover_chunks``).
        chunk = lay_out_chunk(view, first.next_start, _chunk_end(first.next_start, middle + 1))
        while chunk.end <= middle:
            run.add(chunk, targets)
            chunk = lay_out_chunk(view, chunk.next_start, _chunk_end(chunk.next_start, middle + 1))
        other = helper.result()
    finally:
        helper.abandon()
    if other is None:  # the helper failed: carry on alone
        run.add(chunk, targets)
        return _lay_out_rest(view, chunk.next_start, targets, run).cover()
    return _joined(view, run, chunk, other, middle, targets)


def _joined(view: CoverView, run: Run, chunk: Chunk, other: Run, middle: int, targets: Mapping[str, str]) -> RenderedCover:
    """These pages up to line ``middle``, then all the helper's, which begin with it. ``chunk`` (not yet added) runs
    to that line. Where one of its pages begins with it too, the two layouts are the same pages from there (a page
    that begins with a line is laid out the same whatever came before it). Where none does, the page that holds the
    lines before it ends early: it is laid out again with those lines only."""
    at_middle = [page for page, line in chunk.page_starts.items() if line == middle]
    if at_middle:
        run.add(chunk, targets, pages=at_middle[0])
        return run.join(other, middle)
    page, line = max(((page, line) for page, line in chunk.page_starts.items() if line < middle), key=lambda item: item[1])
    run.add(chunk, targets, pages=page)
    short = lay_out_chunk(view, line, middle)
    run.add(short, targets, pages=short.document.page_count)
    return run.join(other, middle)


def _lay_out_rest(view: CoverView, start: int, targets: Mapping[str, str], run: Run) -> Run:
    total = len(view.lines)
    while start < total:
        chunk = lay_out_chunk(view, start, start + CHUNK_LINES)
        run.add(chunk, targets)
        start = chunk.next_start
    return run


def _chunk_end(start: int, limit: int) -> int:
    return limit if limit - start <= CHUNK_LINES * 3 // 2 else start + CHUNK_LINES


def _split_line(first: Chunk, total: int) -> int | None:
    """Where the helper should begin: a line about half-way through what is left that is likely to begin a page,
    if what is left is worth a second process. The guess counts the lines of the first chunk's full pages (exact
    while the lines keep the height they have there); when it misses, one page ends early (see ``_joined``)."""
    left = total - first.next_start
    if left < SPLIT_MIN_LINES or not cover_split.available():
        return None
    starts = sorted(line for page, line in first.page_starts.items() if page >= 1)
    steps = Counter(b - a for a, b in pairwise(starts))
    if not steps:
        return None
    per_page = steps.most_common(1)[0][0]
    return first.next_start + per_page * round(left / 2 / per_page)


def reference_targets(order: PackOrder, prepared: Mapping[str, PreparedCertificate]) -> dict[str, str]:
    """Anchor id of each stock row whose certificate is enclosed → that certificate's id (see the template)."""
    targets = {}
    for n, line in enumerate(order.lines):
        for k, reservation in enumerate(line.reservations):
            cert = reservation.certificate
            if cert is not None and prepared[cert.certificate_id].readable:
                targets[f"r{n}-{k}"] = cert.certificate_id
    return targets


