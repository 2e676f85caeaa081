"""The cover's building blocks: a chunk of line items laid out by WeasyPrint (where to cut it so that pages run on,
which line each page begins with, where each certificate's page number goes) and a run of chunks written to PDF.
``cover.py`` decides which chunks to lay out, in one process or two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from shared.certificate_pack.cover_view import CoverView
from shared.certificate_pack.render import LaidOutDocument, lay_out, render_template


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
class Chunk:
    document: LaidOutDocument
    start: int
    end: int  # the line after its last
    kept: int  # pages kept
    next_start: int  # the first line of the next chunk, at the top of page ``kept``
    page_starts: dict[int, int]  # page index (up to ``kept``) -> line it begins with, where it begins with one


@dataclass
class Run:
    """Pages laid out from one line at the top of a page to the end of the cover, or to where another run takes
    over. ``starts`` maps the line each page begins with to that page."""

    parts: list[CoverPart] = field(default_factory=list)
    pages: int = 0
    refs: list[PageRef] = field(default_factory=list)
    starts: dict[int, int] = field(default_factory=dict)

    def add(self, chunk: Chunk, targets: Mapping[str, str], pages: int | None = None) -> None:
        kept = chunk.kept if pages is None else pages
        self.refs += _refs(chunk.document, kept, self.pages, targets)
        self.starts.update((line, self.pages + page) for page, line in chunk.page_starts.items() if page < kept)
        if kept:
            self.parts.append(CoverPart(chunk.document.write_pdf(kept), kept))
        self.pages += kept

    def join(self, other: Run, line: int) -> RenderedCover:
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


def lay_out_chunk(view: CoverView, start: int, end: int) -> Chunk:
    total = len(view.lines)
    end = min(end, total)
    document = lay_out(_chunk_html(view, start, end, total))
    kept, next_start = _cut(document, start, end, total)
    starts, ends = _line_pages(document)
    # a page begins with line n when n starts on it and line n - 1 ended on an earlier page
    page_starts = {page: line for line, page in starts.items() if page < kept and (line == start or ends.get(line - 1, -1) < page)}
    if next_start < total:
        page_starts[kept] = next_start
    return Chunk(document, start, end, kept, next_start, page_starts)


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
