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
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import pairwise

from shared.certificate_pack import cover_split
from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover_view import CoverView, build_cover_view
from shared.certificate_pack.model import PackOrder
from shared.certificate_pack.render import LaidOutDocument, lay_out, render_template

CHUNK_LINES = 200  # lines per WeasyPrint layout: ~12 pages, ~60 MB of boxes; the last page is laid out twice
# Past the first chunk, a cover with at least this many lines left is shared with a second process (cover_split):
# it lays out from a line about half-way on that probably begins a page, this process up to there.
SPLIT_MIN_LINES = 2 * CHUNK_LINES


@dataclass(frozen=True)
class PageRef:
    """Where the first page number of a certificate goes: a cover page and a point on it (CSS px, top-left)."""

    page_index: int
    x: float
    y: float
    certificate_id: str


@dataclass(frozen=True)
class CoverPart:
    pdf: bytes
    pages: int  # in ``pdf``
    first_page: int = 0  # pages of ``pdf`` before this one are not the cover's (both processes laid them out)


@dataclass(frozen=True)
class RenderedCover:
    parts: list[CoverPart]  # appended in this order
    page_count: int
    refs: list[PageRef]
    helper_pages: int = 0  # of them, laid out by the second process


@dataclass(frozen=True)
class _Chunk:
    document: LaidOutDocument
    start: int
    end: int  # the line after its last
    kept: int  # pages kept
    next_start: int  # the first line of the next chunk, at the top of page ``kept``
    page_starts: dict[int, int]  # page index (up to ``kept``) -> line it begins with, where it begins with one


@dataclass
class _Run:
    """Pages laid out from one line at the top of a page to the end of the cover, or to where another run takes
    over. ``starts`` maps the line each page begins with to that page."""

    parts: list[CoverPart] = field(default_factory=list)
    pages: int = 0
    refs: list[PageRef] = field(default_factory=list)
    starts: dict[int, int] = field(default_factory=dict)

    def add(self, chunk: _Chunk, targets: Mapping[str, str], pages: int | None = None) -> None:
        kept = chunk.kept if pages is None else pages
        self.refs += _refs(chunk.document, kept, self.pages, targets)
        self.starts.update((line, self.pages + page) for page, line in chunk.page_starts.items() if page < kept)
        if kept:
            self.parts.append(CoverPart(chunk.document.write_pdf(kept), kept))
        self.pages += kept

    def join(self, other: _Run, line: int) -> RenderedCover:
        """These pages, then ``other``'s from the page that begins with ``line``."""
        first = other.starts[line]
        parts, skipped = list(self.parts), 0
        for part in other.parts:
            if skipped + part.pages > first:
                parts.append(replace(part, first_page=max(0, first - skipped)))
            skipped += part.pages
        shift = self.pages - first
        refs = self.refs + [replace(ref, page_index=ref.page_index + shift) for ref in other.refs if ref.page_index >= first]
        return RenderedCover(parts, self.pages + other.pages - first, refs, other.pages - first)

    def cover(self) -> RenderedCover:
        return RenderedCover(self.parts, self.pages, self.refs)


def render_cover(order: PackOrder, prepared: Sequence[PreparedCertificate], generated_at: datetime) -> RenderedCover:
    if generated_at.tzinfo is None:
        raise ValueError("generated_at must be timezone-aware (UTC)")
    by_id = {p.certificate.certificate_id: p for p in prepared}
    view = build_cover_view(order, by_id, generated_at)
    targets = reference_targets(order, by_id)
    total = len(view.lines)
    run = _Run()
    first = _lay_out_chunk(view, 0, CHUNK_LINES)
    middle = _split_line(first, total)
    if middle is None:
        run.add(first, targets)
        return _lay_out_rest(view, first.next_start, targets, run).cover()
    helper = cover_split.Helper(lambda: _lay_out_rest(view, middle, targets, _Run()))
    try:
        run.add(first, targets)
        # Up to line ``middle`` (the last chunk's last page shows whether a page begins with it here too); that last
        # chunk takes half a chunk to one and a half, as a chunk of one page would be kept whole (see ``_cut``).
        chunk = _lay_out_chunk(view, first.next_start, _chunk_end(first.next_start, middle + 1))
        while chunk.end <= middle:
            run.add(chunk, targets)
            chunk = _lay_out_chunk(view, chunk.next_start, _chunk_end(chunk.next_start, middle + 1))
        other = helper.result()
    finally:
        helper.abandon()
    if other is None:  # the helper failed: carry on alone
        run.add(chunk, targets)
        return _lay_out_rest(view, chunk.next_start, targets, run).cover()
    return _joined(view, run, chunk, other, middle, targets)


def _joined(view: CoverView, run: _Run, chunk: _Chunk, other: _Run, middle: int, targets: Mapping[str, str]) -> RenderedCover:
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
    short = _lay_out_chunk(view, line, middle)
    run.add(short, targets, pages=short.document.page_count)
    return run.join(other, middle)


def _lay_out_rest(view: CoverView, start: int, targets: Mapping[str, str], run: _Run) -> _Run:
    total = len(view.lines)
    while start < total:
        chunk = _lay_out_chunk(view, start, start + CHUNK_LINES)
        run.add(chunk, targets)
        start = chunk.next_start
    return run


def _chunk_end(start: int, limit: int) -> int:
    return limit if limit - start <= CHUNK_LINES * 3 // 2 else start + CHUNK_LINES


def _lay_out_chunk(view: CoverView, start: int, end: int) -> _Chunk:
    total = len(view.lines)
    end = min(end, total)
    document = lay_out(_chunk_html(view, start, end, total))
    kept, next_start = _cut(document, start, end, total)
    starts, ends = _line_pages(document)
    # a page begins with line n when n starts on it and line n - 1 ended on an earlier page
    page_starts = {page: line for line, page in starts.items() if page < kept and (line == start or ends.get(line - 1, -1) < page)}
    if next_start < total:
        page_starts[kept] = next_start
    return _Chunk(document, start, end, kept, next_start, page_starts)


def _split_line(first: _Chunk, total: int) -> int | None:
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

