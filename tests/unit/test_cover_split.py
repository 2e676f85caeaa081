"""A long cover laid out by two processes (cover.py, cover_split.py): where the second process begins a page where
one process would, the same pages with the same text and each certificate's page reference where its row is; where
it does not, one page ends early and no line is lost; where it fails, the cover one process makes. Small chunks keep
the covers short here."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from shared.certificate_pack import PackCertificate, PackLine, PackOrder, PackReservation, cover, cover_split
from shared.certificate_pack.assemble import _merge
from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover import RenderedCover, render_cover
from shared.certificate_pack.hashing import pack_hash
from shared.demo.certificates import mill_test_certificate_pdf

ROOT = Path(__file__).resolve().parents[2]
GENERATED_AT = datetime(2025, 6, 16, 9, 42, tzinfo=UTC)
CHUNK = 20  # lines per layout: ~2.5 pages of the tall lines below; a split needs 40 lines left after the first chunk
TALL = (lambda n: 3, lambda n: 14)  # three stock rows and four lines of description: 8 lines a page


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cover, "CHUNK_LINES", CHUNK)
    monkeypatch.setattr(cover, "SPLIT_MIN_LINES", 2 * CHUNK)
    monkeypatch.setattr(cover_split, "available", lambda: True)  # also on a one-core machine


def _certificates() -> list[PreparedCertificate]:
    content = mill_test_certificate_pdf("H1", "S355J2+N", "Plate 10 mm", Decimal("2400"), "kg", "Nordstahl Werke AG", 7)
    return [PreparedCertificate(PackCertificate(f"c{k}", f"mtc-{k}.pdf", "application/pdf", hashlib.sha256(content).hexdigest(),
                                                content), content, 1, None) for k in range(5)]


def _order(lines: int, rows: Callable[[int], int], words: Callable[[int], int]) -> PackOrder:
    certs = [item.certificate for item in _certificates()]
    return PackOrder("Brightwater Steel", "SO-2025-00417", "Hallam Fabrication", None, None, "Sheffield", "Confirmed", [
        PackLine(n, f"PL-{n}", " ".join(["Plate"] + ["flame cut"] * words(n)), "S355J2+N", Decimal("4800"), "kg",
                 [PackReservation(f"Stock-{n}-{k}", f"H{n % 5}", "S355J2+N", Decimal("2400"), "kg", certs[(n + k) % 5])
                  for k in range(rows(n))])
        for n in range(1, lines + 1)])


def _pages(order: PackOrder, rendered: RenderedCover) -> list[str]:
    """The pack's page texts: the cover (page references stamped where the rows are), then the certificates."""
    prepared = _certificates()
    reader = PdfReader(BytesIO(_merge(order, rendered, prepared, pack_hash(order), GENERATED_AT)), strict=True)
    return [page.extract_text() for page in reader.pages]


def _both(order: PackOrder, monkeypatch: pytest.MonkeyPatch) -> tuple[RenderedCover, list[str], list[str]]:
    split = render_cover(order, _certificates(), GENERATED_AT)
    split_pages = _pages(order, split)
    monkeypatch.setattr(cover_split, "available", lambda: False)
    alone = render_cover(order, _certificates(), GENERATED_AT)
    assert alone.helper_pages == 0
    assert [(ref.page_index, ref.certificate_id) for ref in split.refs] == [(ref.page_index, ref.certificate_id)
                                                                            for ref in alone.refs]
    # A page that begins a layout sits its first row a fraction of a pixel off one that continues the table.
    assert all(abs(a.x - b.x) < 1 and abs(a.y - b.y) < 1 for a, b in zip(split.refs, alone.refs, strict=True))
    return split, split_pages, _pages(order, alone)


def _lines_once_each(pages: list[str], lines: int) -> None:
    shown = [int(n) for text in pages for n in re.findall(r"Stock-(\d+)-0", text)]
    assert shown == list(range(1, lines + 1))


def test_lines_of_one_height_meet_where_the_second_process_began(monkeypatch: pytest.MonkeyPatch) -> None:
    order = _order(80, *TALL)
    split, split_pages, alone_pages = _both(order, monkeypatch)
    assert split_pages == alone_pages
    _lines_once_each(split_pages, 80)
    assert split.helper_pages >= 2  # about half of the pages after the first chunk


def test_a_guess_that_misses_ends_one_page_early_and_loses_no_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second process begins a line after where a page begins: the page before its first holds that one line
    (the worst case: a page of one line), and every line is still there once, in order, with its certificates' page
    references on its own page."""
    guess, guesses = cover._split_line, []

    def one_line_late(first: object, total: int) -> int | None:
        line = guess(first, total)  # type: ignore[arg-type]
        guesses.append(line)
        return None if line is None else line + 1

    monkeypatch.setattr(cover, "_split_line", one_line_late)
    order = _order(80, *TALL)
    split = render_cover(order, _certificates(), GENERATED_AT)
    pages = _pages(order, split)
    monkeypatch.setattr(cover_split, "available", lambda: False)
    alone = render_cover(order, _certificates(), GENERATED_AT)
    _lines_once_each(pages, 80)
    assert split.page_count in (alone.page_count, alone.page_count + 1)
    assert split.helper_pages >= 2
    cover_pages = pages[: split.page_count]
    lines_on = [[int(n) for n in re.findall(r"Stock-(\d+)-0", text)] for text in cover_pages]
    seam = split.page_count - split.helper_pages  # the helper's first page
    assert guesses[0] is not None
    assert lines_on[seam][0] == guesses[0] + 2  # line numbers count from 1, the guess from 0, and it is one late
    assert lines_on[seam - 1] == [guesses[0] + 1]  # the page before holds the one line from where a page began
    assert len(lines_on[seam]) == len(lines_on[seam - 2]) == 8  # the pages either side are full
    for text, shown in zip(cover_pages, lines_on, strict=True):  # three certificate references per line, on its page
        assert len(re.findall(r"page \d+", text)) == 3 * len(shown)


def test_a_failing_second_process_leaves_the_cover_to_the_first(monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    parent = os.getpid()
    lay_out_rest = cover._lay_out_rest

    def failing_in_the_helper(*args: object) -> object:
        if os.getpid() != parent:
            raise RuntimeError("helper broke")
        return lay_out_rest(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(cover, "_lay_out_rest", failing_in_the_helper)
    order = _order(70, *TALL)
    with caplog.at_level(logging.WARNING, logger="shared.certificate_pack.cover_split"):
        split, split_pages, alone_pages = _both(order, monkeypatch)
    assert split.helper_pages == 0
    assert split_pages == alone_pages
    assert "RuntimeError: helper broke" in caplog.text


HELPER_LIMITS = '''
import resource, time
from shared.certificate_pack.cover_split import Helper
resource.setrlimit(resource.RLIMIT_CPU, (100, 105))
started = time.process_time()
while time.process_time() - started < 2.2:
    pass
print(Helper(lambda: resource.getrlimit(resource.RLIMIT_CPU)).result())
'''


def test_the_helper_gets_what_is_left_of_the_renders_cpu_budget() -> None:
    """RLIMIT_CPU counts each process from zero: a render that used 2 s of its 100 hands its helper 98 (and keeps the
    5 s between the soft and the hard limit)."""
    done = subprocess.run([sys.executable, "-c", HELPER_LIMITS], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    assert done.stdout.strip() == "(98, 103)"


def test_a_long_pack_rendered_the_way_production_does_lists_every_line_once() -> None:
    """Through ``render_bounded`` (the forkserver's child, where the helper forks in production) at the real chunk
    size: 650 one-row lines, enough for the split. Every line is in the cover once, in order."""
    from shared.certificate_pack.bounded import RenderLimits, render_bounded

    certs = [item.certificate for item in _certificates()]
    lines = [PackLine(n, f"PL-{n}", "Plate", "S355J2+N", Decimal("2400"), "kg",
                      [PackReservation(f"Stock-{n}-0", f"H{n % 5}", "S355J2+N", Decimal("2400"), "kg", certs[n % 5])])
             for n in range(1, 651)]
    order = PackOrder("Brightwater Steel", "SO-2025-00417", "Hallam Fabrication", None, None, "Sheffield", "Confirmed", lines)
    pdf, _ = render_bounded(order, GENERATED_AT, RenderLimits(wall_seconds=600))
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf), strict=True).pages]
    _lines_once_each(pages, 650)
