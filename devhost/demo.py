"""``python -m devhost.demo``: seed the demo company once, then print its key and a ready curl line.

The demo credentials are kept in ``.data/demo.json`` (git-ignored; a local development database only).
"""

from __future__ import annotations

import json
from pathlib import Path

from shared import context
from shared.auth import authenticate
from shared.errors import Unauthorized
from shared.services.demo import seed_demo


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


def main(port: int = 7071) -> None:
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
  curl -H "Authorization: Bearer {demo['apiKey']}" {company}/traceability/heats/{heat}
API reference: http://localhost:{port}/api/docs
""")


if __name__ == "__main__":
    main()
