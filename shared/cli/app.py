"""Parser assembly and the error boundary of the CLI."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from shared import context
from shared.errors import AppError

# Modules that add commands, in help order.
COMMAND_MODULES = (
    "shared.cli.admin", "shared.cli.inventory", "shared.cli.uploads", "shared.cli.stock", "shared.cli.profile", "shared.cli.demo",
)
log = logging.getLogger("orders_api")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m shared.cli", description="Orders API administration.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        result: dict[str, Any] = args.handler(context.current(), args)
    except AppError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        for item in exc.errors[:50]:
            print(f"  - {item}", file=sys.stderr)
        if len(exc.errors) > 50:
            print(f"  ... and {len(exc.errors) - 50} more", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, default=str))
    return 0
