"""set-company-profile: the letterhead and declaration signatory of a company's certificate packs."""

from __future__ import annotations

import argparse
import base64
from pathlib import Path
from typing import Any

from shared.context import AppContext
from shared.services import company_profiles

# option -> field of the profile (only the options given are changed; an empty value clears the field)
_OPTIONS = {"letterhead_name": "letterheadName", "address": "address", "signatory_name": "signatoryName", "signatory_role": "signatoryRole"}


def register(subparsers: Any) -> None:
    command = subparsers.add_parser(
        "set-company-profile", help="set the letterhead (name, address, logo) and the declaration signatory of the packs"
    )
    command.add_argument("--company", required=True)
    command.add_argument("--letterhead-name", help="the name printed on the letterhead (default: the company's name)")
    command.add_argument("--address", help="postal address; \\n for a new line")
    command.add_argument("--logo", type=Path, metavar="FILE", help="PNG or JPEG, up to 1 MiB")
    command.add_argument("--no-logo", action="store_true", help="remove the logo")
    command.add_argument("--signatory-name", help="who signs the declaration of conformity")
    command.add_argument("--signatory-role", help="their role, e.g. Quality Manager")
    command.set_defaults(handler=_set_profile)


def _set_profile(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {
        field: getattr(args, option).replace("\\n", "\n") for option, field in _OPTIONS.items() if getattr(args, option) is not None
    }
    if args.no_logo:
        body["logo"] = None
    elif args.logo is not None:
        body["logo"] = base64.b64encode(args.logo.read_bytes()).decode("ascii")
    return company_profiles.set_profile(ctx.db, ctx.blobs, args.company, None, company_profiles.parse_update(body))
