"""import-inventory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from shared.context import AppContext
from shared.services.inventory_import import import_inventory


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "import-inventory",
        help="import stock rows (Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateFile) with their certificate files",
    )
    command.add_argument("--company", required=True)
    command.add_argument("file", metavar="FILE.csv", type=Path)
    command.add_argument("--certificates", metavar="DIR", type=Path, help="folder the CertificateFile paths are relative to")
    command.set_defaults(handler=_import)


def _import(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    return import_inventory(ctx.db, ctx.blobs, args.company, args.file, args.certificates, ctx.settings.max_upload_rows)
