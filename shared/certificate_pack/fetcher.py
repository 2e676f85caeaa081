"""The only door WeasyPrint has to the outside world, and it opens onto the packaged templates only.

WeasyPrint fetches stylesheets, images, fonts and ``rel=attachment`` links through a URL fetcher. Its
default one reaches http(s), ftp and any local file, which is SSRF and file disclosure waiting for one
escaping bug (see SECURITY_NOTES §3). This fetcher allows ``data:`` URLs and regular files under
``templates/`` (after ``realpath``, so ``..`` and symlinks cannot step outside) and refuses everything
else, recording what it refused so the caller can fail the render even where WeasyPrint swallows the
error (it does, for images inside SVG).
"""

from __future__ import annotations

import functools
import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

TEMPLATES_DIR = Path(os.path.realpath(Path(__file__).parent / "templates"))
_ASSET_SUFFIXES = frozenset({".css", ".svg", ".png", ".jpg", ".jpeg", ".ttf", ".otf", ".woff", ".woff2"})


def packaged_asset(url: str) -> Path | None:
    """The packaged asset a ``file:`` URL names, or None when the URL is anything else."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(os.path.realpath(url2pathname(parts.path)))
    if not path.is_relative_to(TEMPLATES_DIR) or path.suffix.lower() not in _ASSET_SUFFIXES:
        return None
    return path if path.is_file() else None


def locked_url_fetcher() -> Any:
    """A fresh fetcher per render: its ``blocked`` list belongs to that render alone."""
    return _locked_fetcher_class()()


@functools.cache
def _locked_fetcher_class() -> type:
    # Built on first use: subclassing URLFetcher at import time would import WeasyPrint (cold start).
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class LockedURLFetcher(URLFetcher):  # type: ignore[misc]
        blocked: list[str]

        def __init__(self) -> None:
            # Belt and braces: even the parent's own opener could only do data: and file:, no redirects.
            super().__init__(timeout=5, allowed_protocols=("data", "file"), allow_redirects=False)
            self.blocked = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            if url.split(":", 1)[0].strip().lower() == "data":
                return super().fetch(url, headers)
            asset = packaged_asset(url)
            if asset is None:
                self.blocked.append(url)
                # Fatal: WeasyPrint stops the render instead of logging and carrying on.
                raise FatalURLFetchingError(f"blocked URL outside the packaged assets: {url[:200]}")
            content_type = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
            return URLFetcherResponse(asset.as_uri(), asset.read_bytes(), {"Content-Type": content_type})

    return LockedURLFetcher
