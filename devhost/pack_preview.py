"""``python -m devhost.pack_preview [OUT]``: the demo's certificate packs as PDFs and PNG pages, to look at.

Seeds the demo company into a fresh SQLite database and blob folder under ``OUT`` (default
``.data/pack-preview``), downloads every demo order's pack through the HTTP routes (devhost's WSGI app, as a
client would) and turns each page into a PNG with poppler's ``pdftoppm``. Prints one JSON object: the PDF of
each order reference and its PNG pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from werkzeug.test import Client

import function_app
from devhost.wsgi import create_app
from shared import context
from shared.config import Settings
from shared.context import build_context
from shared.db.migrate import migrate
from shared.demo.seed import seed_demo

RESOLUTION_DPI = 72


def render_previews(out: Path) -> dict[str, dict[str, object]]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ctx = build_context(Settings(sqlite_path=out / "preview.sqlite3", blob_local_root=out / "blobs"))
    migrate(ctx.db)
    context.use(ctx)
    try:
        seeded = seed_demo(ctx)
        return {reference: _preview(out, reference, pdf) for reference, pdf in _packs(seeded)}
    finally:
        context.use(None)


def _packs(seeded: dict[str, object]) -> list[tuple[str, bytes]]:
    client = Client(create_app(function_app.app))
    headers = {"Authorization": f"Bearer {seeded['apiKey']}"}
    base = f"/api/companies/{seeded['companyId']}/orders"
    orders = client.get(base, headers=headers).get_json()
    packs = []
    for order in sorted(orders, key=lambda o: o["orderReference"]):
        response = client.get(f"{base}/{order['orderId']}/certificate-pack", headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"pack of {order['orderReference']}: HTTP {response.status_code} {response.get_data(as_text=True)[:200]}")
        packs.append((order["orderReference"], response.data))
    return packs


def _preview(out: Path, reference: str, pdf: bytes) -> dict[str, object]:
    pdf_path = out / f"certificate-pack-{reference}.pdf"
    pdf_path.write_bytes(pdf)
    prefix = out / f"certificate-pack-{reference}"
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm is missing: install poppler-utils (tools/system-deps.sh does)")
    # A fixed argument list of our own paths, no shell.
    subprocess.run([pdftoppm, "-png", "-r", str(RESOLUTION_DPI), str(pdf_path), str(prefix)], check=True)  # noqa: S603
    pages = sorted(str(page) for page in out.glob(f"{prefix.name}-*.png"))
    return {"pdf": str(pdf_path), "pages": pages}


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".data/pack-preview")
    print(json.dumps(render_previews(target), indent=2))
