"""Rendering fetches nothing beyond the packaged templates: tenant text is escaped, and the URL fetcher
refuses everything else even when the HTML does ask for it (SECURITY_NOTES §3)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from shared.certificate_pack import PackLine, PackOrder, PackReservation, build_pack, fetcher
from shared.certificate_pack.errors import UnsafeResourceError
from shared.certificate_pack.fetcher import TEMPLATES_DIR, locked_url_fetcher
from shared.certificate_pack.render import html_to_pdf


class RecordingServer:
    """A real HTTP listener on 127.0.0.1: if anything reaches out, it shows up in ``requests``."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        recorded = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorded.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { color: red }")

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def listener() -> Iterator[RecordingServer]:
    server = RecordingServer()
    yield server
    server.close()


def payloads(port: int) -> list[str]:
    return [
        f'<img src="http://127.0.0.1:{port}/x">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f"<style>@import url(http://127.0.0.1:{port}/y)</style>",
        f'<svg><image href="http://127.0.0.1:{port}/z"/></svg>',
    ]


def squashed(text: str) -> str:
    return "".join(text.split())  # the cover wraps long values; compare without the line breaks


def test_markup_in_tenant_text_is_printed_literally_and_fetches_nothing(listener: RecordingServer) -> None:
    img, link, style, svg = payloads(listener.port)
    stock = PackReservation(svg, "H1", "S355", Decimal("1"), "kg", None)
    line = PackLine(1, style, link, "S355", Decimal("1"), "kg", [stock])
    order = PackOrder("Brightwater", f"SO-1 {style}", f"{img} {link}", None, None, img, link, [line])
    pack = build_pack(order, datetime(2025, 6, 16, tzinfo=UTC))
    reader = PdfReader(BytesIO(pack), strict=True)
    text = squashed("".join(page.extract_text() for page in reader.pages))
    assert listener.requests == []
    for payload in (img, link, style, svg):
        assert squashed(payload) in text
    assert reader.attachments == {}


@pytest.mark.parametrize("index", range(4), ids=["img", "attachment", "import", "svg image"])
def test_raw_html_that_asks_for_a_url_is_refused_and_nothing_is_fetched(
    listener: RecordingServer, index: int
) -> None:
    # No tenant text reaches the HTML unescaped; this is the second wall, for the day something does.
    with pytest.raises(UnsafeResourceError):
        html_to_pdf(f"<html><body><p>cover</p>{payloads(listener.port)[index]}</body></html>")
    assert listener.requests == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/x",
    "https://169.254.169.254/latest/meta-data/",
    "ftp://127.0.0.1/x",
    "file:///etc/passwd",
    "file:///dev/urandom",
    TEMPLATES_DIR.as_uri() + "/../../../../../../etc/passwd",
    TEMPLATES_DIR.as_uri() + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    TEMPLATES_DIR.as_uri() + "/cover.html.j2",  # a template, not an asset
    "file://evil-host/share/x.css",
])
def test_the_fetcher_refuses_anything_but_packaged_assets_and_data_urls(url: str) -> None:
    url_fetcher = locked_url_fetcher()
    with pytest.raises(FatalURLFetchingError):
        url_fetcher.fetch(url)
    assert url_fetcher.blocked == [url]


def test_the_fetcher_refuses_an_allowed_kind_of_file_reached_by_climbing_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red }")
    climbing = TEMPLATES_DIR.as_uri() + "/" + os.path.relpath(outside, TEMPLATES_DIR)
    assert ".." in climbing
    with pytest.raises(FatalURLFetchingError):
        locked_url_fetcher().fetch(climbing)


def test_the_fetcher_refuses_a_symlink_that_points_outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "secret.css").write_text("secret")
    templates = (tmp_path / "templates").resolve()
    templates.mkdir()
    (templates / "real.css").write_text("body {}")
    (templates / "innocent.css").symlink_to(tmp_path / "secret.css")
    monkeypatch.setattr(fetcher, "TEMPLATES_DIR", templates)
    assert locked_url_fetcher().fetch((templates / "real.css").as_uri()).read() == b"body {}"
    with pytest.raises(FatalURLFetchingError):
        locked_url_fetcher().fetch((templates / "innocent.css").as_uri())


def test_the_fetcher_serves_a_packaged_stylesheet_and_data_urls() -> None:
    url_fetcher = locked_url_fetcher()
    css = url_fetcher.fetch(TEMPLATES_DIR.as_uri() + "/cover.css")
    assert css.content_type == "text/css" and b"@page" in css.read()
    assert url_fetcher.fetch("data:text/plain;base64,aGVsbG8=").read() == b"hello"
    assert url_fetcher.blocked == []
