"""``python -m devhost.demo``: seed the demo company once, then print its key and a ready curl line.

The demo credentials are kept in ``.data/demo.json`` (git-ignored; a local development database only).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from shared import context
from shared.auth import authenticate
from shared.demo.seed import seed_demo
from shared.errors import Unauthorized


def ensure_demo(path: Path) -> dict[str, str]:
    ctx = context.current()
    if path.exists():
        saved: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        try:
            authenticate(ctx.db, f"Bearer {saved['apiKey']}")
            return saved
        except (Unauthorized, KeyError):
            pass  # the database was reset or the key revoked: seed again
    seeded = seed_demo(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(seeded, indent=2), encoding="utf-8")
    return seeded


def main(port: int | None = None) -> None:
    """Print the demo key and curl lines for ``port`` (else ``--port N``, else ``$PORT``, else 7071)."""
    if port is None:
        args = sys.argv[1:]
        port = int(args[args.index("--port") + 1]) if "--port" in args else int(os.environ.get("PORT") or 7071)
    ctx = context.current()
    demo = ensure_demo(ctx.settings.sqlite_path.parent / "demo.json")
    company = f"http://localhost:{port}/api/companies/{demo['companyId']}"
    base = f"{company}/orders"
    heat = demo.get("traceHeat", "N41871")
    print(f"""
Demo company: {demo['companyId']}
API key:      {demo['apiKey']}

Try it:
  curl -H "Authorization: Bearer {demo['apiKey']}" {base}
  curl -H "Authorization: Bearer {demo['apiKey']}" {company}/inventory?heatNumber={heat}
  curl -H "Authorization: Bearer {demo['apiKey']}" "{company}/inventory?available=1&reserved=0"
Reserve a free stock row (an inventoryId from the call above) for a line of an order:
  curl -X POST -H "Authorization: Bearer {demo['apiKey']}" \\
    "{base}/{{orderId}}/line-items/{{lineItemId}}/reservations?inventoryId={{inventoryId}}&reserveQuantity={{quantity}}&split=1"
  curl -H "Authorization: Bearer {demo['apiKey']}" {company}/traceability/heats/{heat}
API reference: http://localhost:{port}/api/docs (and docs/api.md in the repository)
""")


if __name__ == "__main__":
    main()
