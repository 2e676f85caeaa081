"""HTML → PDF with WeasyPrint, locked down: autoescaped Jinja2 templates, the locked URL fetcher, and
``base_url`` at the packaged templates so relative links resolve there and nowhere else.

Every WeasyPrint render in the app goes through ``html_to_pdf``; WeasyPrint itself is imported on first
use only (``import function_app`` must stay fast).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from shared.certificate_pack.errors import UnsafeResourceError
from shared.certificate_pack.fetcher import TEMPLATES_DIR, locked_url_fetcher


@dataclass(frozen=True)
class RenderedPdf:
    pdf: bytes
    page_count: int


def render_template(name: str, **context: Any) -> str:
    return _environment().get_template(name).render(**context)


def html_to_pdf(html: str) -> RenderedPdf:
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    fetcher = locked_url_fetcher()
    try:
        source = weasyprint.HTML(string=html, base_url=TEMPLATES_DIR.as_uri() + "/", url_fetcher=fetcher)
        document = source.render()
        pdf = document.write_pdf()
    except FatalURLFetchingError as exc:  # a BaseException: translate before it escapes the app
        raise UnsafeResourceError(str(exc)) from exc
    if fetcher.blocked:  # WeasyPrint swallows errors in some paths (SVG); refuse the result anyway
        raise UnsafeResourceError(f"blocked URL outside the packaged assets: {fetcher.blocked[0][:200]}")
    return RenderedPdf(pdf=pdf, page_count=len(document.pages))


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
