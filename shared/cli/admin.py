"""migrate, create-company, create-organisation, create-api-key, revoke-api-key."""

from __future__ import annotations

import argparse
from typing import Any

from shared.context import AppContext
from shared.db.migrate import migrate
from shared.services import admin


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("migrate", help="create or upgrade the schema of the configured database")
    command.set_defaults(handler=_migrate)

    command = subparsers.add_parser("create-company", help="create a company")
    command.add_argument("--name", required=True)
    command.set_defaults(handler=lambda ctx, args: admin.create_company(ctx.db, args.name))

    command = subparsers.add_parser("create-organisation", help="create a related organisation (customer) of a company")
    command.add_argument("--company", required=True)
    command.add_argument("--name", required=True)
    command.set_defaults(handler=lambda ctx, args: admin.create_organisation(ctx.db, args.company, args.name))

    command = subparsers.add_parser("create-api-key", help="create a principal and its API key (shown once)")
    command.add_argument("--company", required=True)
    command.add_argument("--name", required=True, help="display name of the principal, as history shows it")
    command.set_defaults(handler=lambda ctx, args: admin.create_api_key(ctx.db, args.company, args.name))

    command = subparsers.add_parser("revoke-api-key", help="revoke an API key")
    command.add_argument("--id", required=True)
    command.set_defaults(handler=lambda ctx, args: admin.revoke_api_key(ctx.db, args.id))


def _migrate(ctx: AppContext, args: argparse.Namespace) -> dict[str, Any]:
    applied = migrate(ctx.db)
    return {"applied": applied, "database": ctx.db.dialect.name}
