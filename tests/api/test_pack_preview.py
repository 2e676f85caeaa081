"""``make pack-preview``: the demo's packs come out as PNG pages a person can look at, one per PDF page."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from devhost.pack_preview import render_previews

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_every_page_of_every_demo_pack_is_rendered_to_a_png(tmp_path: Path) -> None:
    previews = render_previews(tmp_path / "preview")
    assert "SO-24002" in previews
    for reference, preview in previews.items():
        pages = [Path(str(page)) for page in preview["pages"]]  # type: ignore[attr-defined]
        assert len(pages) == len(PdfReader(str(preview["pdf"])).pages), reference
        for page in pages:
            content = page.read_bytes()
            assert content.startswith(PNG_SIGNATURE), page
            assert len(content) > 10_000, f"{page} looks blank ({len(content)} bytes)"
