"""process_order_upload: files dropped at order-uploads/{companyId}/{name}, called as the host calls it (DESIGN §5)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from typing import Any

import azure.functions as func
import pytest

import function_app
from devhost.blob_watcher import BlobWatcher, blob_triggers
from shared.bulk.blob_uploads.blob_import import UPLOAD_ARCHIVE_CONTAINER, UPLOAD_RESULTS_CONTAINER, UPLOADS_CONTAINER
from shared.context import AppContext
from shared.errors import ServiceUnavailable
from tests.bulk_support import csv_file, snapshot
from tests.support import Api, Tenant, add_user, order

ORDERS = csv_file([["OrderReference", "Site"], ["SO-1", "Leeds"], ["SO-2", "York"]])
LINES = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-1", "", "2"], ["SO-2", "", "3"]])


def trigger() -> Any:
    [found] = [t for t in blob_triggers(function_app.app) if t.name == "process_order_upload"]
    return found.handler


def drop(ctx: AppContext, company: str, name: str, data: bytes, metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """Put the blob where a client would, run the function on it as the host does, and return the report."""
    ctx.blobs.put(UPLOADS_CONTAINER, f"{company}/{name}", data, metadata=metadata)
    trigger()(func.blob.InputStream(data=data, name=f"{UPLOADS_CONTAINER}/{company}/{name}", length=len(data)))
    return json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{company}/{name}.json"))


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def user_names(ctx: AppContext, company_id: str) -> list[tuple[str, bool]]:
    with ctx.db.read() as tx:
        rows = tx.query("SELECT DisplayName, IsSystem FROM Users WHERE CompanyId = ? ORDER BY DisplayName", (company_id,))
    return [(row["DisplayName"], bool(row["IsSystem"])) for row in rows]


def test_a_dropped_csv_is_imported_reported_and_archived(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    report = drop(ctx, tenant.company_id, "monday/orders.csv", ORDERS)
    assert report["outcome"] == "imported"
    assert report["summary"] == {"orders": {"created": 2, "updated": 0, "unchanged": 0},
                                 "lineItems": {"created": 0, "updated": 0, "unchanged": 0}, "warnings": [], "changes": [],
                                 "changeCount": 0}
    assert report["blob"] == f"order-uploads/{tenant.company_id}/monday/orders.csv"
    assert sorted(item["orderReference"] for item in snapshot(api)) == ["SO-1", "SO-2"]
    assert ctx.blobs.list(UPLOADS_CONTAINER) == []
    assert ctx.blobs.get(UPLOAD_ARCHIVE_CONTAINER, f"{tenant.company_id}/monday/orders.csv") == ORDERS


def test_a_zip_of_both_files_is_imported_together(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    report = drop(ctx, tenant.company_id, "batch.zip", zipped(**{"a.csv": LINES, "b.csv": ORDERS, "__MACOSX/._a.csv": b"junk"}))
    assert report["summary"]["orders"]["created"] == 2 and report["summary"]["lineItems"]["created"] == 2
    assert {item["orderReference"]: len(item["lineItems"]) for item in snapshot(api)} == {"SO-1": 1, "SO-2": 1}


def test_a_zip_with_one_bad_file_imports_nothing_and_reports_every_error(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    bad_lines = csv_file([["OrderReference", "LineNumber", "Quantity"], ["SO-1", "x", "2"], ["SO-9", "", "3"]])
    report = drop(ctx, tenant.company_id, "batch.zip", zipped(**{"orders.csv": ORDERS, "lines.csv": bad_lines}))
    assert report["outcome"] == "rejected" and report["problem"]["status"] == 400
    assert [(e["file"], e["row"], e["column"]) for e in report["problem"]["errors"]] == [
        ("lines.csv", 2, "LineNumber"), ("lines.csv", 3, "OrderReference")]
    assert snapshot(api) == []
    assert ctx.blobs.list(UPLOADS_CONTAINER) == [] and ctx.blobs.list(UPLOAD_ARCHIVE_CONTAINER) == [f"{tenant.company_id}/batch.zip"]


UNKNOWN_FILE = ("is neither an orders file (OrderReference or OrderId column) nor a line items file (LineNumber or "
                "OrderLineItemId column)")


@pytest.mark.parametrize(("name", "data", "status", "detail", "errors"), [
    ("notes.txt", b"hello", 415, "Only .csv files, .xlsx workbooks and .zip files of CSVs are imported, not 'notes.txt'.", []),
    ("broken.zip", b"PK\x03\x04 not really", 400, "broken.zip is not a readable ZIP file: it has no end of central directory record.", []),
    ("three.zip", zipped(**{"a.csv": ORDERS, "b.csv": LINES, "c.csv": ORDERS}), 400,
     "three.zip must hold one or two CSV files; it holds 3 files.", []),
    ("nested.zip", zipped(**{"inner/orders.csv": ORDERS}), 400,
     "nested.zip may hold only CSV files at its top level, not 'inner/orders.csv'.", []),
    ("unknown.csv", csv_file([["Colour"], ["red"]]), 400, "The upload has 1 error; nothing was imported.",
     [{"file": "unknown.csv", "row": 1, "message": UNKNOWN_FILE}]),
])
def test_bad_content_is_reported_not_raised(ctx: AppContext, api: Api, tenant: Tenant, name: str, data: bytes, status: int,
                                            detail: str, errors: list[dict[str, Any]]) -> None:
    report = drop(ctx, tenant.company_id, name, data)
    assert (report["outcome"], report["blob"], report["sha256"]) == (
        "rejected", f"order-uploads/{tenant.company_id}/{name}", hashlib.sha256(data).hexdigest())
    problem = {key: value for key, value in report["problem"].items() if key != "correlationId"}
    assert problem == {"status": status, "title": "Unsupported Media Type" if status == 415 else "Bad Request", "detail": detail,
                       "errors": errors}
    assert snapshot(api) == []
    assert ctx.blobs.exists(UPLOAD_ARCHIVE_CONTAINER, f"{tenant.company_id}/{name}")


def test_the_company_comes_from_the_path_never_from_the_file(ctx: AppContext, api: Api, other_api: Api, other_tenant: Tenant) -> None:
    [theirs] = other_api.create(order("SO-THEIRS"))
    report = drop(ctx, other_tenant.company_id, "orders.csv", csv_file([["OrderReference", "CompanyId"], ["SO-1", api.tenant.company_id]]))
    assert report["problem"]["errors"][0]["column"] == "CompanyId"
    drop(ctx, other_tenant.company_id, "orders.csv", ORDERS)
    assert snapshot(api) == []
    assert {item["orderReference"] for item in snapshot(other_api)} == {"SO-THEIRS", "SO-1", "SO-2"} and theirs


@pytest.mark.parametrize(("folder", "status"), [("not-a-company", 400), ("8129bd7e-074d-4478-b4bb-4ec0b749d929", 404)])
def test_a_folder_that_is_no_company_is_reported(ctx: AppContext, folder: str, status: int) -> None:
    report = drop(ctx, folder, "orders.csv", ORDERS)
    assert report["outcome"] == "rejected" and report["problem"]["status"] == status


def test_processing_the_same_blob_twice_changes_nothing_the_second_time(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    drop(ctx, tenant.company_id, "orders.csv", ORDERS)
    drop(ctx, tenant.company_id, "lines.csv", LINES)
    before = snapshot(api)
    again = drop(ctx, tenant.company_id, "lines.csv", LINES)  # e.g. a redelivered event
    assert again["summary"] == {"orders": {"created": 0, "updated": 0, "unchanged": 0},
                                "lineItems": {"created": 0, "updated": 0, "unchanged": 2},
                                "warnings": ["This file was imported before; nothing was changed this time."],
                                "changes": [], "changeCount": 0}
    assert snapshot(api) == before


def test_dropping_the_same_name_again_keeps_every_report_and_every_file(ctx: AppContext, tenant: Tenant) -> None:
    folder = f"{tenant.company_id}/monday"
    first = drop(ctx, tenant.company_id, "monday/orders.csv", ORDERS)
    second = drop(ctx, tenant.company_id, "monday/orders.csv", b"not a csv \xff")
    third = drop(ctx, tenant.company_id, "monday/orders.csv", LINES)
    assert [first["outcome"], second["outcome"], third["outcome"]] == ["imported", "rejected", "imported"]
    stamps = [report["processedAt"].replace("-", "").replace(":", "").replace(".", "") for report in (first, second)]
    assert ctx.blobs.list(UPLOAD_RESULTS_CONTAINER) == sorted(
        [f"{folder}/orders.csv.json", *(f"{folder}/orders.{stamp}.csv.json" for stamp in stamps)])
    archived = [f"{folder}/orders.csv", *(f"{folder}/orders.{stamp}.csv" for stamp in stamps)]
    assert ctx.blobs.list(UPLOAD_ARCHIVE_CONTAINER) == sorted(archived)
    for report, content, stamp in zip((first, second), (ORDERS, b"not a csv \xff"), stamps, strict=True):
        assert json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{folder}/orders.{stamp}.csv.json")) == report
        assert ctx.blobs.get(UPLOAD_ARCHIVE_CONTAINER, f"{folder}/orders.{stamp}.csv") == content
    assert ctx.blobs.get(UPLOAD_ARCHIVE_CONTAINER, f"{folder}/orders.csv") == LINES
    assert ctx.blobs.list(UPLOADS_CONTAINER) == []


def test_a_rejected_report_names_the_uploader_too(ctx: AppContext, tenant: Tenant) -> None:
    bob = add_user(ctx, tenant, "Bob Buyer")
    report = drop(ctx, tenant.company_id, "bad.csv", b"Colour\r\nred\r\n", metadata={"uploadedBy": bob.user_id})
    assert report["outcome"] == "rejected" and report["uploadedBy"] == {"userId": bob.user_id, "displayName": "Bob Buyer"}
    report = drop(ctx, tenant.company_id, "bad.csv", b"Colour\r\nred\r\n")
    assert report["outcome"] == "rejected" and report["uploadedBy"] == {"userId": None, "displayName": "Blob upload"}
    assert user_names(ctx, tenant.company_id) == [("Alice Planner", False), ("Bob Buyer", False)]  # nothing created for it
    imported = drop(ctx, tenant.company_id, "orders.csv", ORDERS)
    report = drop(ctx, tenant.company_id, "bad.csv", b"Colour\r\nred\r\n", metadata={"uploadedBy": "not-a-user"})
    assert report["uploadedBy"] == imported["uploadedBy"] and imported["uploadedBy"]["displayName"] == "Blob upload"


def test_the_uploader_named_in_metadata_is_the_acting_user(ctx: AppContext, tenant: Tenant) -> None:
    bob = add_user(ctx, tenant, "Bob Buyer")
    report = drop(ctx, tenant.company_id, "orders.csv", ORDERS, metadata={"uploadedBy": bob.user_id})
    assert report["uploadedBy"] == {"userId": bob.user_id, "displayName": "Bob Buyer"}
    with ctx.db.read() as tx:
        rows = tx.query("SELECT CreatedById FROM Orders WHERE CompanyId = ?", (tenant.company_id,))
    assert {str(row["CreatedById"]).lower() for row in rows} == {bob.user_id}


@pytest.mark.parametrize("uploaded_by", [None, "not-a-guid", "foreign", "f6356e1b-072e-4602-9a12-ada373060d31"])
def test_without_a_user_of_the_company_the_blob_upload_principal_acts(
    ctx: AppContext, tenant: Tenant, other_tenant: Tenant, uploaded_by: str | None,
) -> None:
    metadata = None if uploaded_by is None else {"uploadedBy": other_tenant.user_id if uploaded_by == "foreign" else uploaded_by}
    first = drop(ctx, tenant.company_id, "a.csv", ORDERS, metadata)
    second = drop(ctx, tenant.company_id, "b.csv", csv_file([["OrderReference"], ["SO-3"]]), metadata)
    assert first["uploadedBy"]["displayName"] == "Blob upload" and second["uploadedBy"] == first["uploadedBy"]
    assert user_names(ctx, tenant.company_id) == [("Alice Planner", False), ("Blob upload", True)]


class _BrokenStore:
    """A blob store whose writes fail, as when storage is unreachable."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def put(self, *args: Any, **kwargs: Any) -> None:
        raise ServiceUnavailable("Blob storage cannot be reached; please retry.")


def test_infrastructure_faults_raise_so_the_host_retries(ctx: AppContext, tenant: Tenant) -> None:
    from shared import context as app_context

    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/orders.csv", ORDERS)
    app_context.use(AppContext(ctx.settings, ctx.db, _BrokenStore(ctx.blobs), ctx.clock))  # type: ignore[arg-type]
    with pytest.raises(ServiceUnavailable):
        trigger()(func.blob.InputStream(data=ORDERS, name=f"{UPLOADS_CONTAINER}/{tenant.company_id}/orders.csv"))
    app_context.use(ctx)
    assert ctx.blobs.exists(UPLOADS_CONTAINER, f"{tenant.company_id}/orders.csv")  # still there for the retry
    # The retry: the import was committed before the report failed, and is not done twice.
    trigger()(func.blob.InputStream(data=ORDERS, name=f"{UPLOADS_CONTAINER}/{tenant.company_id}/orders.csv"))
    report = json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{tenant.company_id}/orders.csv.json"))
    assert report["summary"]["orders"] == {"created": 0, "updated": 0, "unchanged": 2}


def test_devhost_hands_a_dropped_file_to_the_function_once_it_stopped_changing(ctx: AppContext, api: Api, tenant: Tenant) -> None:
    watcher = BlobWatcher(blob_triggers(function_app.app), ctx.blobs)
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/orders.csv", ORDERS[:20])
    assert watcher.poll() == 0  # first sight
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/orders.csv", ORDERS)
    assert watcher.poll() == 0  # still changing
    assert watcher.poll() == 1
    assert sorted(item["orderReference"] for item in snapshot(api)) == ["SO-1", "SO-2"]
    assert ctx.blobs.list(UPLOADS_CONTAINER) == [] and watcher.poll() == 0


def test_devhost_leaves_blobs_outside_the_triggers_path_alone(ctx: AppContext) -> None:
    watcher = BlobWatcher(blob_triggers(function_app.app), ctx.blobs)
    ctx.blobs.put(UPLOADS_CONTAINER, "no-company-folder.csv", ORDERS)
    assert watcher.poll() == 0 and watcher.poll() == 0
    assert ctx.blobs.list(UPLOADS_CONTAINER) == ["no-company-folder.csv"]


def test_devhost_skips_a_blob_it_cannot_read_and_hands_over_the_ones_after_it(
    ctx: AppContext, api: Api, tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    folder = ctx.settings.blob_local_root / UPLOADS_CONTAINER / tenant.company_id
    folder.mkdir(parents=True)
    (folder / "a\\orders.csv").write_bytes(ORDERS)  # copied in by hand: a name the blob store refuses
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/b.csv", ORDERS)
    watcher = BlobWatcher(blob_triggers(function_app.app), ctx.blobs)
    with caplog.at_level("ERROR", logger="devhost.blobs"):
        assert watcher.poll() == 0 and watcher.poll() == 1
        assert watcher.poll() == 0
    assert sorted(item["orderReference"] for item in snapshot(api)) == ["SO-1", "SO-2"]
    skipped = [record for record in caplog.records if "a\\orders.csv" in record.getMessage()]
    assert len(skipped) == 1 and "skipping" in skipped[0].getMessage()
    assert ctx.blobs.list(UPLOADS_CONTAINER) == [f"{tenant.company_id}/a\\orders.csv"]
