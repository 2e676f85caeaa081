"""HTML → PDF with WeasyPrint, locked down: autoescaped Jinja2 templates, the locked URL fetcher, and
``base_url`` at the packaged templates so relative links resolve there and nowhere else.

Every WeasyPrint render in the app goes through here; WeasyPrint itself is imported on first use only
(``import function_app`` must stay fast).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from shared.certificate_pack.errors import UnsafeResourceError
from shared.certificate_pack.fetcher import TEMPLATES_DIR, locked_url_fetcher


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    page_count: int


class LaidOutDocument:
    """Pages laid out but not yet written: lets the cover count its pages before paying for the PDF."""

    def __init__(self, document: Any, fetcher: Any) -> None:
        self._document = document
        self._fetcher = fetcher

    @property
    def page_count(self) -> int:
        return len(self._document.pages)

    def anchors(self) -> list[dict[str, tuple[float, float]]]:
        """Per page, each element id laid out on it → the bottom-right corner of its border box, in CSS px
        from the page's top-left (for an empty inline block, the right end of its baseline)."""
        return [{name: (box[2], box[3]) for name, box in page.anchors.items()} for page in self._document.pages]

    def write_pdf(self, pages: int | None = None) -> bytes:
        """The PDF of all pages, or of the first ``pages`` only."""
        document = self._document if pages is None else self._document.copy(self._document.pages[:pages])
        with _refusing_unsafe_urls(self._fetcher):  # attachments are fetched now, not during layout
            return bytes(document.write_pdf())


def render_template(name: str, **context: Any) -> str:
    return str(_environment().get_template(name).render(**context))


def lay_out(html: str) -> LaidOutDocument:

    fetcher = locked_url_fetcher()
    with _refusing_unsafe_urls(fetcher):
        source = _html_class()(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher)
        return LaidOutDocument(source.render(), fetcher)


def html_to_pdf(html: str) -> RenderedPdf:
    document = lay_out(html)
    return RenderedPdf(pdf=document.write_pdf(), page_count=document.page_count)


# WeasyPrint's user-agent stylesheet has rules for ``::marker`` and five footnote/note pseudo-elements that match
# every element, and it computes a style of its own for each pseudo-element of each element (they are not shared
# like element styles): about a quarter of the cover's layout time. Our templates have no list markers outside
# ``li`` and no footnotes (``float: footnote`` needs the dropped rules: do not use it in a template), so those rules
# are dropped or narrowed; the rest of the stylesheet is WeasyPrint's.
_UA_DROPPED = ("::footnote-call {", "::footnote-marker {", "::note-call {", "::note-marker {", "::note-callback {")
_UA_NARROWED = ("\n::marker {", "\nli::marker {")


def narrowed_user_agent_css(stock: str) -> str:
    lines = stock.split("\n")
    kept = [line for line in lines if not line.startswith(_UA_DROPPED)]
    if len(lines) - len(kept) != len(_UA_DROPPED) or stock.count(_UA_NARROWED[0]) != 1:
        raise RuntimeError("WeasyPrint's user-agent stylesheet changed: review narrowed_user_agent_css")
    return "\n".join(kept).replace(*_UA_NARROWED)


@functools.cache
def _html_class() -> Any:
    import weasyprint
    from weasyprint import html as stock
    from weasyprint.css.counters import CounterStyle

    # Its @counter-style rules go to a throwaway registry: renders count with WeasyPrint's own (the same rules).
    sheet = weasyprint.CSS(string=narrowed_user_agent_css(stock.UA), counter_style=CounterStyle())

    class NarrowedHTML(weasyprint.HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [sheet]

    return NarrowedHTML


@contextlib.contextmanager
def _refusing_unsafe_urls(fetcher: Any) -> Iterator[None]:
    from weasyprint.urls import FatalURLFetchingError

    try:
        yield
    except FatalURLFetchingError as exc:  # a BaseException: translate it before it escapes the app
        raise UnsafeResourceError(str(exc)) from exc
    if fetcher.blocked:  # WeasyPrint swallows errors in some paths (SVG); refuse the result anyway
        raise UnsafeResourceError(f"blocked URL outside the packaged assets: {fetcher.blocked[0][:200]}")


@functools.cache
def _environment() -> Any:
    import jinja2

    # autoescape=True, not select_autoescape(): our templates end in .j2, which select_autoescape would
    # not recognise, and every tenant string (names, references) must be escaped.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
