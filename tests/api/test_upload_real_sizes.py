"""POST .../orders/upload at the sizes users send, with the bodies real clients build (issue 12 item 1).

Every body here is several megabytes (many multiples of Werkzeug's 64 KiB read chunk), built by the encoder of
the client it stands for: ``requests`` (urllib3), ``httpx``, Werkzeug's test client, curl (the real binary,
against devhost on a loopback socket) and a browser form (Chrome's boundary, Windows' CSV content type, the
submit button's field, a full client path as file name). Parts come with and without ``Content-Type``, one or
two files, in either order.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import requests

from devhost.server import serving
from shared import context as app_context
from tests.bulk_support import csv_file, post_upload, summary, upload, zip_members
from tests.support import Api, http_client, make_context, make_tenant

MIB = 1024 * 1024
ORDER_COUNT, LINES_PER_ORDER = 300, 8
NOTE = "Deliver to bay 4, ring ahead; certificates 3.1 with every bundle. " * 29  # 1,943 characters

Parts = list[tuple[str, str, bytes, str | None]]  # (field, file name, content, content type or None)
Encoder = Callable[[Parts], tuple[bytes, str]]  # -> (body, Content-Type header)


def orders_csv(count: int = ORDER_COUNT) -> bytes:
    return csv_file([["OrderReference", "Quantity", "OrderDate", "Site"],
                     *[[f"SO-{n:05d}", f"{n}.5", "2026-03-01", f"Site {n % 7}"] for n in range(count)]])


def lines_csv(count: int = ORDER_COUNT, per_order: int = LINES_PER_ORDER, note: str = NOTE) -> bytes:
    rows = [[f"SO-{n:05d}", str(line), f"PL-{line}", f"Plate {line}, S355", f"{line}.25", "t", f"{note} {n}-{line}"]
            for n in range(count) for line in range(1, per_order + 1)]
    return csv_file([["OrderReference", "LineNumber", "ProductCode", "Description", "Quantity", "Unit", "Notes"], *rows])


ORDERS, LINES = orders_csv(), lines_csv()


def with_requests(parts: Parts) -> tuple[bytes, str]:
    files = [(field, (name, content) if kind is None else (name, content, kind)) for field, name, content, kind in parts]
    prepared = requests.Request("POST", "http://127.0.0.1/", files=files).prepare()
    assert isinstance(prepared.body, bytes)
    return prepared.body, str(prepared.headers["Content-Type"])


def with_httpx(parts: Parts) -> tuple[bytes, str]:
    files = [(field, (name, content) if kind is None else (name, content, kind)) for field, name, content, kind in parts]
    request = httpx.Request("POST", "http://127.0.0.1/", files=files)
    return request.read(), request.headers["Content-Type"]


def like_a_browser(parts: Parts) -> tuple[bytes, str]:
    """What Chrome sends for a form with file inputs and a named submit button (a file name with its client path,
    as old Edge/IE send it; Windows registers .csv as application/vnd.ms-excel)."""
    boundary = "----WebKitFormBoundaryqV8ZbL2JxSb5vOQp"
    body = io.BytesIO()
    for field, name, content, kind in parts:
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="C:\\Users\\ann\\{name}"\r\n'.encode())
        body.write(f"Content-Type: {kind or 'application/vnd.ms-excel'}\r\n\r\n".encode() + content + b"\r\n")
    body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="submit"\r\n\r\nUpload\r\n--{boundary}--\r\n'.encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


ENCODERS: dict[str, Encoder] = {"requests": with_requests, "httpx": with_httpx, "browser": like_a_browser}


def send(api: Api, encoder: Encoder, parts: Parts, query: str = "") -> dict:
    body, content_type = encoder(parts)
    assert len(body) > 4 * MIB or sum(len(content) for _, _, content, _ in parts) < MIB
    response = api.request("POST", "/upload", data=body, content_type=content_type, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("encoder", ENCODERS.values(), ids=ENCODERS.keys())
@pytest.mark.parametrize("lines_first", [False, True], ids=["orders-first", "lines-first"])
@pytest.mark.parametrize("typed", [True, False], ids=["with-content-type", "without-content-type"])
def test_a_multi_megabyte_two_file_body_from_each_client_imports_and_reimports_unchanged(
    api: Api, encoder: Encoder, lines_first: bool, typed: bool
) -> None:
    parts: Parts = [("orders", "orders.csv", ORDERS, "text/csv" if typed else None),
                    ("lines", "order-line-items.csv", LINES, "text/csv" if typed else None)]
    if lines_first:
        parts.reverse()
    lines = ORDER_COUNT * LINES_PER_ORDER
    assert send(api, encoder, parts) == summary(orders=(ORDER_COUNT, 0, 0), lines=(lines, 0, 0))
    assert send(api, encoder, parts) == summary(orders=(0, 0, ORDER_COUNT), lines=(0, 0, lines))


@pytest.mark.parametrize("encoder", ENCODERS.values(), ids=ENCODERS.keys())
def test_a_multi_megabyte_single_file_body_from_each_client_imports(api: Api, encoder: Encoder) -> None:
    upload(api, ORDERS)
    result = send(api, encoder, [("file", "lines.csv", LINES, None)])
    assert result == summary(lines=(ORDER_COUNT * LINES_PER_ORDER, 0, 0))


def test_the_exported_zip_uploaded_back_as_two_parts_changes_nothing(api: Api) -> None:
    upload(api, ORDERS, LINES)
    members = zip_members(api.request("GET", "/export/zip").data)
    parts = [(f"f{n}", name, content) for n, (name, content) in enumerate(members.items())]
    assert sum(len(content) for _, _, content in parts) > 4 * MIB
    response = post_upload(api, parts)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json() == summary(orders=(0, 0, ORDER_COUNT), lines=(0, 0, ORDER_COUNT * LINES_PER_ORDER))


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_dash_f_uploads_both_files_to_a_live_devhost(api: Api, tmp_path: Path) -> None:
    (tmp_path / "orders.csv").write_bytes(ORDERS)
    (tmp_path / "order-line-items.csv").write_bytes(LINES)
    with serving() as base:
        done = subprocess.run(
            ["curl", "-sS", "--fail-with-body", "-H", f"Authorization: Bearer {api.tenant.api_key}",
             "-F", f"file=@{tmp_path / 'order-line-items.csv'}", "-F", f"file=@{tmp_path / 'orders.csv'};type=text/csv",
             f"{base}{api.url('/upload')}"],
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    expected = summary(orders=(ORDER_COUNT, 0, 0), lines=(ORDER_COUNT * LINES_PER_ORDER, 0, 0))
    assert json.loads(done.stdout) == expected


@pytest.fixture
def three_mib(tmp_path: Path, backend: str) -> Iterator[Api]:
    """An app whose uploads are limited to 3 MiB per request."""
    context = make_context(tmp_path / "limited", backend, max_upload_bytes=3 * MIB)
    app_context.use(context)
    yield Api(http_client(), make_tenant(context))
    app_context.use(None)


def padded_to(size: int, encoder: Encoder, parts: Parts) -> Parts:
    """The parts with blank lines added to the last file, so that the encoded body is exactly ``size`` bytes."""
    body, _ = encoder(parts)
    field, name, content, kind = parts[-1]
    return [*parts[:-1], (field, name, content + b"\r\n" * ((size - len(body)) // 2) + b"\n" * ((size - len(body)) % 2), kind)]


def test_a_body_of_exactly_the_byte_limit_is_imported_and_one_byte_more_is_413(three_mib: Api) -> None:
    base: Parts = [("orders", "orders.csv", orders_csv(40), None), ("lines", "lines.csv", lines_csv(40, 30), "text/csv")]
    at_limit = padded_to(3 * MIB, with_requests, base)
    body, content_type = with_requests(at_limit)
    assert len(body) == 3 * MIB
    response = three_mib.request("POST", "/upload", data=body, content_type=content_type)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.get_json() == summary(orders=(40, 0, 0), lines=(1200, 0, 0))
    over, content_type = with_requests(padded_to(3 * MIB + 1, with_requests, base))
    response = three_mib.request("POST", "/upload", data=over, content_type=content_type)
    assert response.status_code == 413, response.get_data(as_text=True)[:500]


def test_a_file_of_nearly_the_default_50_mib_is_imported(api: Api) -> None:
    lines = lines_csv(count=3, per_order=8_500, note=NOTE)
    assert 48 * MIB < len(lines) < 50 * MIB - 1024
    result = send(api, with_httpx, [("lines", "lines.csv", lines, "text/csv"), ("orders", "orders.csv", orders_csv(3), "text/csv")])
    assert result == summary(orders=(3, 0, 0), lines=(3 * 8_500, 0, 0))


def plain_field_body(value: bytes) -> tuple[bytes, str]:
    """A form with a plain (non-file) field before a multi-megabyte file."""
    prepared = requests.Request("POST", "http://127.0.0.1/", files=[("comment", (None, value)), ("file", ("lines.csv", LINES))]).prepare()
    assert isinstance(prepared.body, bytes)
    return prepared.body, str(prepared.headers["Content-Type"])


def test_a_plain_form_field_is_ignored_up_to_64_kib_and_413_beyond(api: Api) -> None:
    upload(api, ORDERS)
    body, content_type = plain_field_body(b"x" * (64 * 1024))
    response = api.request("POST", "/upload", data=body, content_type=content_type)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body, content_type = plain_field_body(b"x" * (64 * 1024 + 1))
    response = api.request("POST", "/upload", data=body, content_type=content_type)
    assert response.status_code == 413, response.get_data(as_text=True)[:300]
    assert "non-file field" in response.get_json()["detail"]
