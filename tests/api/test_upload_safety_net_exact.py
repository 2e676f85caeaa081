"""The upload safety net's answers, exactly: what the reconcile run says it saw (each kind of file at once, the age
boundary), the log lines its alerts match, the metadata a finished move keeps, the names under which an earlier
report that is no report (not JSON, no ``processedAt``) is kept, and dead-letter records in any order and shape."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared import context as app_context
from shared.blobs.local import LocalBlobStore
from shared.bulk.blob_uploads.blob_import import UPLOAD_ARCHIVE_CONTAINER, UPLOAD_RESULTS_CONTAINER, UPLOADS_CONTAINER
from shared.bulk.blob_uploads.dead_letters import DEAD_LETTER_CONTAINER
from shared.cli.app import main as cli
from shared.context import AppContext
from tests.api.test_blob_trigger import ORDERS, drop
from tests.api.test_upload_reconcile import dead_letter, report
from tests.bulk_support import snapshot
from tests.support import Api, Tenant

NOW = datetime.now(UTC).replace(microsecond=0)  # whole seconds: a file's time can be set to the cutoff exactly


@dataclasses.dataclass(frozen=True)
class FixedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


class ContentTypes(LocalBlobStore):
    """The local store (which keeps no content type) noting the content type of each write, as Azure keeps it."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.content_types: dict[tuple[str, str], str | None] = {}

    def put(self, container: str, name: str, data: bytes, *, content_type: str | None = None,
            metadata: dict[str, str] | None = None) -> None:
        self.content_types[container, name] = content_type
        super().put(container, name, data, content_type=content_type, metadata=metadata)


class SlashedNames(LocalBlobStore):
    """The local store listing one more waiting upload, named with a trailing slash as Azure allows (the folder cannot)."""

    def last_modified(self, container: str, prefix: str = "") -> dict[str, datetime]:
        return {**super().last_modified(container, prefix), "loose.csv/": NOW - timedelta(minutes=10)}


def at_now(ctx: AppContext, blobs: LocalBlobStore | None = None) -> AppContext:
    """The app as the timer sees it at NOW (and, with ``blobs``, on that store)."""
    fixed = dataclasses.replace(ctx, clock=FixedClock(NOW), blobs=blobs or ctx.blobs)
    app_context.use(fixed)
    return fixed


def written(ctx: AppContext, name: str, minutes_ago: int) -> None:
    """Date the waiting upload's last write ``minutes_ago`` before NOW."""
    stamp = (NOW - timedelta(minutes=minutes_ago)).timestamp()
    os.utime(ctx.settings.blob_local_root / UPLOADS_CONTAINER / name, (stamp, stamp))


def test_the_reconcile_run_reports_every_file_it_saw(ctx: AppContext, api: Api, tenant: Tenant, capsys, caplog) -> None:
    half, edge = f"{tenant.company_id}/half.csv", f"{tenant.company_id}/edge.csv"
    drop(ctx, tenant.company_id, "half.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, half, ORDERS, metadata={"uploadedBy": tenant.user_id})  # imported, not moved
    ctx.blobs.put(UPLOADS_CONTAINER, edge, ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, "stray.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, "X/bad.csv", ORDERS)  # a folder that is no company
    for fresh in ("fresh-1.csv", "fresh-2.csv"):
        ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/{fresh}", ORDERS)
        written(ctx, f"{tenant.company_id}/{fresh}", 4)
    written(ctx, half, 10)
    written(ctx, "X/bad.csv", 7)
    written(ctx, edge, 5)  # exactly the minimum age: overdue
    at_now(ctx, SlashedNames(ctx.settings.blob_local_root))
    with caplog.at_level("WARNING", logger="orders_api"):
        assert cli(["reconcile-uploads"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": ["X/bad.csv", edge], "finished": [half],
                                                   "misplaced": ["stray.csv", "loose.csv/"], "waiting": 2, "left": 0}
    assert [record.getMessage() for record in caplog.records if record.name == "orders_api"] == [
        f"reconciled upload {half}: report existed, finished moving it to the archive",
        "reconciled upload X/bad.csv: rejected (no event had delivered it)",
        f"reconciled upload {edge}: imported (no event had delivered it)"]
    assert ctx.blobs.metadata(UPLOAD_ARCHIVE_CONTAINER, half) == {"uploadedBy": tenant.user_id}
    assert len(snapshot(api)) == 2


def test_an_earlier_report_that_is_no_report_is_kept_under_its_hash(ctx: AppContext, tenant: Tenant) -> None:
    for earlier in (b"[1]", b"not json", b'{"sha256": "x"}'):
        name = f"{tenant.company_id}/daily.csv"
        ctx.blobs.put(UPLOAD_RESULTS_CONTAINER, f"{name}.json", earlier)
        ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS)
        written(ctx, name, 10)
        at_now(ctx)
        assert cli(["reconcile-uploads"]) == 0  # a report of no known content: the file is imported
        aside = f"{tenant.company_id}/daily.{hashlib.sha256(earlier).hexdigest()[:16]}.csv.json"
        assert ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, aside) == earlier
        assert report(ctx, name)["outcome"] == "imported"
    assert ctx.blobs.list(UPLOAD_ARCHIVE_CONTAINER) == [f"{tenant.company_id}/daily.csv"]  # no earlier file matched


def test_replay_reads_past_replayed_and_unreadable_records(ctx: AppContext, api: Api, tenant: Tenant, capsys, caplog) -> None:
    name = f"{tenant.company_id}/replay.csv"
    blobs = ContentTypes(ctx.settings.blob_local_root)
    blobs.put(UPLOADS_CONTAINER, name, ORDERS)
    blobs.put(DEAD_LETTER_CONTAINER, "a-odd.json", b"not json")
    dead_letter(ctx, "replayed/old.json", name)
    event = {"subject": f"/blobServices/default/containers/order-uploads/blobs/{name}", "deadLetterReason": "TimeToLiveExceeded"}
    blobs.put(DEAD_LETTER_CONTAINER, "zz/record.json", json.dumps(event).encode())  # one event, not a list of them
    at_now(ctx, blobs)
    with caplog.at_level("INFO", logger="orders_api"):
        assert cli(["replay-dead-letters"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": [name], "alreadyImported": [], "unreadable": ["a-odd.json"]}
    assert [record.getMessage() for record in caplog.records if record.getMessage().startswith("replayed")] == [
        f"replayed dead-lettered upload {name}: imported"]
    assert blobs.list(DEAD_LETTER_CONTAINER) == ["a-odd.json", "replayed/old.json", "replayed/zz/record.json"]
    assert blobs.content_types[DEAD_LETTER_CONTAINER, "replayed/zz/record.json"] == "application/json"
    assert blobs.content_types[UPLOAD_RESULTS_CONTAINER, f"{name}.json"] == "application/json"
    assert len(snapshot(api)) == 2


def test_a_report_kept_aside_keeps_its_content_type(ctx: AppContext, tenant: Tenant) -> None:
    blobs = ContentTypes(ctx.settings.blob_local_root)
    at_now(ctx, blobs)
    first = drop(ctx, tenant.company_id, "orders.csv", ORDERS)
    drop(ctx, tenant.company_id, "orders.csv", ORDERS)
    stamp = first["processedAt"].replace("-", "").replace(":", "").replace(".", "")
    assert {name: kind for (container, name), kind in blobs.content_types.items() if container == UPLOAD_RESULTS_CONTAINER} == {
        f"{tenant.company_id}/orders.csv.json": "application/json",
        f"{tenant.company_id}/orders.{stamp}.csv.json": "application/json"}


@pytest.mark.parametrize("content", [b"[5]", b'"text"'])
def test_a_record_of_no_events_is_unreadable(ctx: AppContext, capsys, content: bytes) -> None:
    ctx.blobs.put(DEAD_LETTER_CONTAINER, "odd.json", content)
    assert cli(["replay-dead-letters"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": [], "alreadyImported": [], "unreadable": ["odd.json"]}
