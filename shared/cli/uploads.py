"""reconcile-uploads, replay-dead-letters: the upload safety net on demand (docs/runbook.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shared.bulk.blob_uploads.dead_letters import replay_dead_letters
from shared.bulk.blob_uploads.upload_reconcile import DEFAULT_LIMIT, reconcile_uploads


def register(subparsers: Any) -> None:
    command = subparsers.add_parser("reconcile-uploads", help="import every file still waiting in order-uploads")
    command.add_argument("--min-age-minutes", type=int, default=5, help="skip files younger than this (default 5)")
    command.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help=f"most files per run (default {DEFAULT_LIMIT})")
    command.set_defaults(handler=lambda ctx, args: reconcile_uploads(
        ctx, min_age=timedelta(minutes=args.min_age_minutes), limit=args.limit).as_dict())

    command = subparsers.add_parser("replay-dead-letters", help="import the uploads of dead-lettered Event Grid events")
    command.set_defaults(handler=lambda ctx, args: replay_dead_letters(ctx).as_dict())
