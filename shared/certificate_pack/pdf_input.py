"""Untrusted certificate PDFs in, a clean PDF of the same pages out (or ``UnreadableCertificate``).

Only pages are carried over, never the document catalog, so document-level JavaScript, open actions,
embedded files and forms are left behind; on each page the additional actions (``/AA``) are dropped and
only annotations that are drawn on paper are kept, without their actions. The caller catches every
exception: pypdf says catching them is the user's job, and a hostile file must never become a 500.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from shared.certificate_pack.errors import UnreadableCertificate
from shared.certificate_pack.inflate import MIB, DecodeBudget, count_decoded

MAX_PDF_PAGES = 200
# Drawing instructions of one certificate, decoded. A scanned page is an image (not counted here); a vector page
# of a mill certificate takes tens of kilobytes. A page that decodes to more is a decompression bomb.
MAX_DECODED_BYTES = 64 * MIB

# Annotations that only draw something (stamps, ink, highlights, signature appearances...). Everything
# else — file attachments, links, multimedia, 3D — is dropped: none of it belongs on printed paper.
_KEPT_ANNOTATIONS = frozenset({
    "/Text", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight",
    "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup", "/Widget",
})
_ACTION_KEYS = ("/A", "/AA")


def normalise_pdf(content: bytes, *budgets: DecodeBudget) -> tuple[bytes, int]:
    """Return (clean PDF bytes, page count) for a certificate PDF, or raise. Decoded content is charged to
    this certificate's own budget and to ``budgets`` (the pack's)."""
    import pypdf

    own = DecodeBudget(MAX_DECODED_BYTES, "the PDF expands beyond the safe size limits")
    # No external jbig2dec process on untrusted bytes; pypdf's other decompression limits stay on.
    with pypdf.apply_configuration(jbig2dec_binary=None):
        try:
            return _rewrite(content, (own, *budgets))
        except pypdf.errors.LimitReachedError as exc:
            raise UnreadableCertificate("the PDF expands beyond the safe size limits") from exc


def _rewrite(content: bytes, budgets: tuple[DecodeBudget, ...]) -> tuple[bytes, int]:
    import pypdf

    # strict=True: several pypdf advisories (e.g. GHSA-4xc4-762w-m6cg) only affect the lenient mode.
    reader = pypdf.PdfReader(BytesIO(content), strict=True)
    if reader.is_encrypted:
        raise UnreadableCertificate("the PDF is encrypted")
    page_count = len(reader.pages)
    if not 1 <= page_count <= MAX_PDF_PAGES:
        raise UnreadableCertificate(f"the PDF has {page_count} pages (1 to {MAX_PDF_PAGES} allowed)")
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        # Decoding the drawing instructions within the budgets refuses a decompression bomb here rather than
        # passing it on to the customer's viewer; the decoded bytes are counted, never kept (inflate.py).
        # Cloning then resolves every object the page references: dangling ones fail here too; the streams
        # are copied as they are, still encoded.
        for stream in _content_streams(page):
            count_decoded(stream, *budgets)
        _strip_active_content(writer.add_page(page, excluded_keys=["/AA"]))
    output = BytesIO()
    writer.write(output)
    return output.getvalue(), page_count


def _content_streams(page: Any) -> list[Any]:
    from pypdf.generic import ArrayObject, StreamObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    streams = [ref.get_object() for ref in resolved] if isinstance(resolved, ArrayObject) else [resolved]
    if not all(isinstance(stream, StreamObject) for stream in streams):
        raise UnreadableCertificate("the file is damaged or not a valid PDF or image")
    return streams


def _strip_active_content(page: Any) -> None:
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    if "/Annots" not in page:
        return
    kept = ArrayObject()
    for ref in page["/Annots"].get_object():
        annotation = ref.get_object()  # null or broken entries are dropped, not fatal
        if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") in _KEPT_ANNOTATIONS:
            _drop_actions(annotation)
            kept.append(ref)
    page[NameObject("/Annots")] = kept


def _drop_actions(annotation: Any) -> None:
    node, depth = annotation, 0
    while node is not None and depth < 32:  # form fields inherit actions from their /Parent chain
        for key in _ACTION_KEYS:
            if key in node:
                del node[key]
        parent = node.get("/Parent")
        node, depth = (parent.get_object() if parent is not None else None), depth + 1
