"""One cold worker's first request of one kind: ``python -m bench.first_request KIND FOLDER`` prints the first and the
second request's seconds as JSON (``seed`` prepares FOLDER: a demo database with its certificate pack stored).

Used by bench_import_time; the request goes through devhost's WSGI app in this process, as the host hands it over.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from shared.http.jsonio import dump_bytes


def _seed(folder: Path) -> None:
    from shared.clock import SystemClock
    from shared.config import Settings
    from shared.context import build_context
    from shared.db.migrate import migrate
    from shared.demo.seed import seed_demo
    from shared.services.certificate_packs import certificate_pack

    ctx = build_context(Settings(sqlite_path=folder / "db.sqlite3", blob_local_root=folder / "blobs"), SystemClock())
    migrate(ctx.db)
    demo = seed_demo(ctx)
    from shared.auth import authenticate
    from shared.services import order_queries

    actor = authenticate(ctx.db, f"Bearer {demo['apiKey']}")
    order_id = next(order for order in demo["orderIds"] if order_queries.get_details(ctx.db, actor, order)["lineItems"][0]["reservations"])
    certificate_pack(ctx.db, ctx.blobs, ctx.clock, actor, order_id).content()  # stored: the timed request is the cached one
    order = order_queries.get_order(ctx.db, actor, order_id)
    ids = {"companyId": demo["companyId"], "apiKey": demo["apiKey"], "orderId": order_id, "order": order}
    (folder / "ids.json").write_bytes(dump_bytes(ids))


def _request(kind: str, ids: dict[str, Any]) -> tuple[str, str, bytes | None, str]:
    """method, path, body and its content type"""
    orders = f"/api/companies/{ids['companyId']}/orders"
    order = f"{orders}/{ids['orderId']}"
    new = [{"orderReference": f"SO-FIRST-{uuid.uuid4().hex[:8]}", "quantity": 2, "lineItems": [{"quantity": 1, "productCode": "PL-1"}]}]
    if kind == "upload":  # a one-order CSV file as a browser's form sends it
        upload = small_upload(f"SO-FIRST-{uuid.uuid4().hex[:8]}")
        return "POST", f"{orders}/upload", upload.read(), upload.headers["Content-Type"]
    method, path, body = {
        "health": ("GET", "/api/health", None),
        "list": ("GET", f"{orders}?limit=100", None),
        "get": ("GET", order, None),
        "details": ("GET", f"{order}/details", None),
        "history": ("GET", f"{order}/history", None),
        "create": ("POST", orders, json.dumps(new).encode()),
        "update": ("PUT", orders, json.dumps([ids["order"]]).encode()),
        "pack": ("GET", f"{order}/certificate-pack", None),
        "openapi": ("GET", "/api/openapi.json", None),
        "csv": ("GET", f"{orders}/export/csv", None),
    }[kind]
    return method, path, body, "application/json"


def small_upload(reference: str) -> httpx.Request:
    """A multipart upload of one new order (its body read, its Content-Type set), to any path."""
    csv = f"OrderReference,Quantity\r\n{reference},2\r\n".encode()
    request = httpx.Request("POST", "http://devhost/", files=[("file", ("orders.csv", csv, "text/csv"))])
    request.read()
    return request


def _first(kind: str, folder: Path) -> dict[str, float]:
    ids = json.loads((folder / "ids.json").read_text())
    os.environ.update(SQLITE_PATH=str(folder / "db.sqlite3"), BLOB_LOCAL_ROOT=str(folder / "blobs"))
    from werkzeug.test import Client

    import function_app
    from devhost.wsgi import create_app

    client = Client(create_app(function_app.app))
    timings = {}
    for attempt in ("first", "second"):
        method, path, body, content_type = _request(kind, ids)
        headers = {"Authorization": f"Bearer {ids['apiKey']}", "Content-Type": content_type}
        started = time.perf_counter()
        response = client.open(path, method=method, data=body, headers=headers)
        response.get_data()
        timings[attempt] = time.perf_counter() - started
        assert response.status_code < 300, (kind, response.status_code, response.get_data()[:300])
    return timings


if __name__ == "__main__":
    mode, where = sys.argv[1], Path(sys.argv[2])
    if mode == "seed":
        _seed(where)
    else:
        print(json.dumps(_first(mode, where)))
