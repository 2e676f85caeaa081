"""The API reference page: Swagger UI rendering ``openapi.json``, every file served by the app itself.

Swagger UI comes from npm (``swagger-ui-dist``, pinned in package.json); ``npm ci`` copies the two files used
into ``shared/docs/assets/`` (package.json ``postinstall``), which is deployed with the app while
``node_modules`` is not. The page and its assets share the one route ``docs``: ``docs?asset=NAME``.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from shared.errors import NotFound
from shared.http import FileReply

HERE = Path(__file__).parent
ASSETS = HERE / "assets"

# asset name -> (file, media type)
FILES = {
    "swagger-ui-bundle.js": (ASSETS / "swagger-ui-bundle.js", "text/javascript"),
    "swagger-ui.css": (ASSETS / "swagger-ui.css", "text/css"),
    "docs.js": (HERE / "docs.js", "text/javascript"),
    "docs.css": (HERE / "docs.css", "text/css"),
}

# Swagger UI sets inline styles; scripts come only from this app; "try it out" calls only this app.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
NOSNIFF = {"X-Content-Type-Options": "nosniff"}


def serve(asset: str | None, url: str) -> FileReply:
    """The page, or with ``asset`` one of its files."""
    return _asset(asset) if asset else _page(urlsplit(url).path.endswith("/"))


@functools.cache
def _page(trailing_slash: bool) -> FileReply:
    # Links are relative, so the page works under any host and route prefix; ".../docs/" is one level deeper.
    base = "../" if trailing_slash else ""
    html = (HERE / "index.html").read_text(encoding="utf-8").replace("{base}", base).encode("utf-8")
    return FileReply(html, "text/html", etag=_hash(html), headers={"Content-Security-Policy": PAGE_POLICY, **NOSNIFF})


@functools.cache
def _asset(name: str) -> FileReply:
    if name not in FILES:
        raise NotFound(f"The docs page has no asset {name!r}.")
    path, media_type = FILES[name]
    if not path.is_file():
        raise NotFound(f"{path.name} is not installed; run `npm ci` (it copies Swagger UI into shared/docs/assets).")
    content = path.read_bytes()
    return FileReply(content, media_type, etag=_hash(content), headers=dict(NOSNIFF))


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:32]
