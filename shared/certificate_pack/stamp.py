"""Text stamped onto the finished pack with pypdf: each certificate's first page number on the cover, and
"Page n of N" over the whole pack on every page, certificate pages included.

A stamp is one more content stream at the end of the page; the page's own streams are wrapped in ``q``/``Q``
so nothing they leave in the graphics state can move or hide it. Existing streams are neither decoded nor
rewritten. The font is standard Helvetica (a PDF base font: nothing embedded), so stamps are plain ASCII.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.certificate_pack.cover import PageRef

CSS_PX = 0.75  # WeasyPrint positions are CSS px; PDF user space is points
MM = 72 / 25.4
_FONT = "/PackStamp"
_GREY = "0.42 0.45 0.5 rg"
# Helvetica advance widths (per 1000 em) of the characters stamps use; anything else is taken as 556.
_WIDTHS = {" ": 278, "P": 667, "f": 278}


@dataclass(frozen=True)
class Stamp:
    x: float  # points from the left edge of the page as shown; the text ends here when right-aligned
    y: float  # baseline, points from the bottom edge of the page as shown
    text: str
    size: float = 7.5
    right_aligned: bool = True


def stamp_references(writer: Any, refs: Sequence[PageRef], first_pages: Mapping[str, int]) -> None:
    """Print "page N" where the cover reserved room for each enclosed certificate's first page."""
    by_page: dict[int, list[Stamp]] = {}
    for ref in refs:
        height = float(writer.pages[ref.page_index].mediabox.height)
        stamp = Stamp(ref.x * CSS_PX, height - ref.y * CSS_PX, f"page {first_pages[ref.certificate_id]}", 7.4)
        by_page.setdefault(ref.page_index, []).append(stamp)
    for index, stamps in by_page.items():
        stamp_page(writer, writer.pages[index], stamps)


def stamp_page_numbers(writer: Any) -> None:
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        width, _ = _shown_size(page)
        stamp_page(writer, page, [Stamp(width - 15 * MM, 9 * MM, f"Page {number} of {total}")])


def stamp_page(writer: Any, page: Any, stamps: Sequence[Stamp]) -> None:
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    _add_font(page)
    contents = page.get(NameObject("/Contents"))  # the reference(s), not the streams: nothing is decoded
    resolved = None if contents is None else contents.get_object()
    existing = list(resolved) if isinstance(resolved, ArrayObject) else [] if contents is None else [contents]
    stream = DecodedStreamObject()
    stream.set_data(_stamp_operators(page, stamps).encode("latin-1"))
    page[NameObject("/Contents")] = ArrayObject([_save_state(writer), *existing, writer._add_object(stream)])


def text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(char, 556) for char in text) * size / 1000


def _stamp_operators(page: Any, stamps: Sequence[Stamp]) -> str:
    operations = [f"Q q {_to_user_space(page)} cm {_GREY} BT"]
    for stamp in stamps:
        x = stamp.x - text_width(stamp.text, stamp.size) if stamp.right_aligned else stamp.x
        operations.append(f"{_FONT} {stamp.size:g} Tf 1 0 0 1 {x:.2f} {stamp.y:.2f} Tm ({_escaped(stamp.text)}) Tj")
    operations.append("ET Q")
    return "\n".join(operations)


def _to_user_space(page: Any) -> str:
    """The matrix from the page as shown (origin bottom-left, after /Rotate) to its user space."""
    box = page.cropbox
    left, bottom, width, height = float(box.left), float(box.bottom), float(box.width), float(box.height)
    rotation = page.rotation % 360
    if rotation == 90:
        return f"0 1 -1 0 {left + width:.2f} {bottom:.2f}"
    if rotation == 180:
        return f"-1 0 0 -1 {left + width:.2f} {bottom + height:.2f}"
    if rotation == 270:
        return f"0 -1 1 0 {left:.2f} {bottom + height:.2f}"
    return f"1 0 0 1 {left:.2f} {bottom:.2f}"


def _shown_size(page: Any) -> tuple[float, float]:
    width, height = float(page.cropbox.width), float(page.cropbox.height)
    return (height, width) if page.rotation % 180 == 90 else (width, height)


def _add_font(page: Any) -> None:
    from pypdf.generic import DictionaryObject, NameObject

    resources = page.get(NameObject("/Resources"))
    if resources is None:
        resources = DictionaryObject()
        page[NameObject("/Resources")] = resources
    resources = resources.get_object()
    fonts = resources.get(NameObject("/Font"))
    if fonts is None:
        fonts = DictionaryObject()
        resources[NameObject("/Font")] = fonts
    fonts.get_object()[NameObject(_FONT)] = _helvetica()


def _helvetica() -> Any:
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })


def _save_state(writer: Any) -> Any:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(b"q")
    return writer._add_object(stream)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
