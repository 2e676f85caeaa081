"""The upload safety net (issue 17): the reconcile timer imports files no event delivered, and the CLI replays
dead-lettered events. Through the local blob store, the timer function and `python -m shared.cli`."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import azure.functions as func
import pytest

from functions.reconcile_order_uploads import reconcile_order_uploads
from shared import context as app_context
from shared.blobs.local import LocalBlobStore
from shared.bulk.blob_uploads.blob_import import UPLOAD_ARCHIVE_CONTAINER, UPLOAD_RESULTS_CONTAINER, UPLOADS_CONTAINER
from shared.bulk.blob_uploads.dead_letters import DEAD_LETTER_CONTAINER
from shared.cli.app import main as cli
from shared.context import AppContext
from shared.errors import ServiceUnavailable
from tests.api.test_blob_trigger import LINES, ORDERS, drop
from tests.bulk_support import snapshot
from tests.support import Api, Tenant


@dataclasses.dataclass(frozen=True)
class LaterClock:
    offset: timedelta

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


def later(ctx: AppContext, minutes: int) -> AppContext:
    """The same app, `minutes` from now: what the timer sees when it fires later."""
    shifted = dataclasses.replace(ctx, clock=LaterClock(timedelta(minutes=minutes)))
    app_context.use(shifted)
    return shifted


def run_timer() -> None:
    reconcile_order_uploads.build().get_user_function()(func.timer.TimerRequest(past_due=False))


def report(ctx: AppContext, name: str) -> dict[str, Any]:
    return json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{name}.json"))


def test_an_upload_no_event_delivered_is_imported_by_the_timer(ctx: AppContext, api: Api, tenant: Tenant, caplog) -> None:
    name = f"{tenant.company_id}/lost.csv"
    ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS, metadata={"uploadedBy": tenant.user_id})
    later(ctx, 10)
    with caplog.at_level("WARNING", logger="orders_api"):
        run_timer()
    assert report(ctx, name)["outcome"] == "imported"
    assert report(ctx, name)["uploadedBy"]["userId"] == tenant.user_id
    assert sorted(item["orderReference"] for item in snapshot(api)) == ["SO-1", "SO-2"]
    assert ctx.blobs.list(UPLOADS_CONTAINER) == []
    assert ctx.blobs.get(UPLOAD_ARCHIVE_CONTAINER, name) == ORDERS
    # The alert "uploads imported by the reconcile timer" (infra/modules/alerts.bicep) matches this line.
    assert any(record.getMessage().startswith(f"reconciled upload {name}: imported") for record in caplog.records)


def test_a_fresh_upload_is_left_to_its_event(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/new.csv", ORDERS)
    run_timer()
    assert ctx.blobs.list(UPLOADS_CONTAINER) == [f"{tenant.company_id}/new.csv"]
    assert snapshot(api) == []


def test_a_file_imported_but_not_moved_is_moved_without_a_second_import(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    name = f"{tenant.company_id}/half.csv"
    first = drop(ctx, tenant.company_id, "half.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS)  # as if the function died after writing its report
    later(ctx, 10)
    assert cli(["reconcile-uploads"]) == 0
    assert report(ctx, name) == first, "the original report (with its summary) is kept"
    assert ctx.blobs.list(UPLOADS_CONTAINER) == []
    assert len(snapshot(api)) == 2


def test_a_new_file_under_an_old_name_is_imported(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    name = f"{tenant.company_id}/daily.csv"
    drop(ctx, tenant.company_id, "daily.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, name, LINES)
    later(ctx, 10)
    run_timer()
    assert report(ctx, name)["outcome"] == "imported"
    assert report(ctx, name)["summary"]["lineItems"]["created"] == 2


def test_the_same_file_left_again_is_archived_without_a_second_import(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    name = f"{tenant.company_id}/twice.csv"
    ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS)
    later(ctx, 10)
    run_timer()
    first = report(ctx, name)
    [york] = [item for item in snapshot(api) if item["orderReference"] == "SO-2"]
    api.update([{**york, "site": "Hull"}])  # a change the second run must not undo
    ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS)
    run_timer()
    assert report(ctx, name) == first
    assert ctx.blobs.list(UPLOADS_CONTAINER) == []
    assert sorted(item["site"] for item in snapshot(api)) == ["Hull", "Leeds"]


def test_a_rejected_file_gets_its_report_and_the_run_goes_on(ctx: AppContext, api: Api, tenant: Tenant, capsys) -> None:
    ctx.blobs.put(UPLOADS_CONTAINER, "not-a-company/bad.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, "stray.csv", ORDERS)
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/good.csv", ORDERS)
    later(ctx, 10)
    assert cli(["reconcile-uploads", "--limit", "5"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert sorted(output["imported"]) == sorted(["not-a-company/bad.csv", f"{tenant.company_id}/good.csv"])
    assert output["misplaced"] == ["stray.csv"]
    assert report(ctx, "not-a-company/bad.csv")["outcome"] == "rejected"
    assert len(snapshot(api)) == 2


def test_the_limit_leaves_the_rest_for_the_next_run(ctx: AppContext, api: Api, tenant: Tenant, capsys) -> None:
    for day in ("mon", "tue", "wed"):
        ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/{day}.csv", ORDERS)
    later(ctx, 10)
    assert cli(["reconcile-uploads", "--limit", "2"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert (len(output["imported"]), output["left"]) == (2, 1)
    assert len(ctx.blobs.list(UPLOADS_CONTAINER)) == 1


# --- dead-lettered events ---


def dead_letter(ctx: AppContext, record: str, *names: str) -> None:
    events = [{"id": f"event-{index}", "eventType": "Microsoft.Storage.BlobCreated", "deadLetterReason": "MaxDeliveryAttemptsExceeded",
               "deliveryAttempts": 30, "subject": f"/blobServices/default/containers/order-uploads/blobs/{name}"}
              for index, name in enumerate(names)]
    ctx.blobs.put(DEAD_LETTER_CONTAINER, record, json.dumps(events).encode())


RECORD = "evgt-abc/process-order-upload/2026/12/02/01/0f3c.json"


def test_replay_imports_the_uploads_of_dead_lettered_events_once(ctx: AppContext, api: Api, tenant: Tenant, capsys) -> None:
    name = f"{tenant.company_id}/replay.csv"
    ctx.blobs.put(UPLOADS_CONTAINER, name, ORDERS)
    dead_letter(ctx, RECORD, name)
    assert cli(["replay-dead-letters"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": [name], "alreadyImported": [], "unreadable": []}
    assert report(ctx, name)["outcome"] == "imported"
    assert len(snapshot(api)) == 2
    # The record is kept, under replayed/, and not replayed again.
    assert ctx.blobs.list(DEAD_LETTER_CONTAINER) == [f"replayed/{RECORD}"]
    assert cli(["replay-dead-letters"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == []


def test_replay_skips_uploads_imported_meanwhile_and_keeps_foreign_records(ctx: AppContext, api: Api, tenant: Tenant, capsys) -> None:
    drop(ctx, tenant.company_id, "done.csv", ORDERS)
    dead_letter(ctx, RECORD, f"{tenant.company_id}/done.csv")
    ctx.blobs.put(DEAD_LETTER_CONTAINER, "other/record.json", b'[{"subject": "/blobServices/default/containers/exports/blobs/x"}]')
    assert cli(["replay-dead-letters"]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output == {"imported": [], "alreadyImported": [f"{tenant.company_id}/done.csv"], "unreadable": ["other/record.json"]}
    assert "other/record.json" in ctx.blobs.list(DEAD_LETTER_CONTAINER)


@pytest.mark.parametrize("content", [b"not json", b"{}", b"[]", b'[{"subject": 5}]'])
def test_replay_leaves_unreadable_records_in_place(ctx: AppContext, tenant: Tenant, capsys, content: bytes) -> None:
    ctx.blobs.put(DEAD_LETTER_CONTAINER, "odd.json", content)
    assert cli(["replay-dead-letters"]) == 0
    assert json.loads(capsys.readouterr().out)["unreadable"] == ["odd.json"]
    assert ctx.blobs.list(DEAD_LETTER_CONTAINER) == ["odd.json"]


class OutageOnce(LocalBlobStore):
    """A local store whose first report write fails as an Azure outage would (ServiceUnavailable)."""

    failures = 1

    def put(self, container: str, name: str, data: bytes, **kwargs: Any) -> None:
        if container == UPLOAD_RESULTS_CONTAINER and self.failures:
            self.failures -= 1
            raise ServiceUnavailable("Blob storage is busy; please retry.", retry_after_seconds=5)
        super().put(container, name, data, **kwargs)


def test_an_outage_fails_the_run_and_the_next_run_imports_the_file(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    name = f"{tenant.company_id}/outage.csv"
    flaky = later(dataclasses.replace(ctx, blobs=OutageOnce(ctx.settings.blob_local_root)), 10)
    flaky.blobs.put(UPLOADS_CONTAINER, name, ORDERS)
    with pytest.raises(ServiceUnavailable):
        run_timer()
    assert flaky.blobs.list(UPLOADS_CONTAINER) == [name], "the file stays until it is imported"
    run_timer()
    assert report(flaky, name)["outcome"] == "imported"
    assert flaky.blobs.list(UPLOADS_CONTAINER) == []
    assert len(snapshot(api)) == 2
