"""seed-demo."""

from __future__ import annotations

from typing import Any

from shared.demo.seed import seed_demo


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("seed-demo", help="create a demo company with customers, orders and an API key")
    command.set_defaults(handler=lambda ctx, args: seed_demo(ctx))
