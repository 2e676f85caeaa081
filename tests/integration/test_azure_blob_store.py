"""The Azure blob store against Azurite (the emulator from package.json, started here on a free port, in memory)."""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import azure.functions as func
import pytest

from shared import context as app_context
from shared.blobs.azure import AzureBlobStore
from shared.blobs.base import BlobNotFound
from shared.bulk.blob_uploads.blob_import import UPLOAD_ARCHIVE_CONTAINER, UPLOAD_RESULTS_CONTAINER, UPLOADS_CONTAINER
from shared.config import Settings
from tests.bulk_support import csv_file
from tests.support import make_context, make_tenant

pytestmark = pytest.mark.azurite

AZURITE = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "azurite-blob"
# Azurite's documented development account (public, fixed).
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Azurite exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Azurite did not start listening")


@pytest.fixture(scope="module")
def connection_string(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not AZURITE.exists():
        pytest.skip("Azurite is not installed (run `npm ci`, or `make install`)")
    port = _free_port()
    command = [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence", "--skipApiVersionCheck",
               "--silent", "--disableTelemetry"]
    # Its working directory is a scratch folder: Azurite may leave debug files where it runs.
    process = subprocess.Popen(command, cwd=tmp_path_factory.mktemp("azurite"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(port, process)
        yield (f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={ACCOUNT_KEY};"
               f"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def store(connection_string: str) -> AzureBlobStore:
    return AzureBlobStore.from_settings(Settings(blob_connection_string=connection_string))


def test_a_container_is_created_by_the_first_write(store: AzureBlobStore) -> None:
    assert store.list("fresh-container") == []
    store.put("fresh-container", "a/b.csv", b"one", content_type="text/csv", metadata={"uploadedBy": "someone"})
    assert store.get("fresh-container", "a/b.csv") == b"one"
    assert store.metadata("fresh-container", "a/b.csv") == {"uploadedBy": "someone"}


def test_put_overwrites_and_list_is_sorted_and_filtered_by_prefix(store: AzureBlobStore) -> None:
    for name in ("x/2.csv", "x/1.csv", "y/1.csv"):
        store.put("listing", name, name.encode())
    store.put("listing", "x/1.csv", b"again")
    assert store.list("listing") == ["x/1.csv", "x/2.csv", "y/1.csv"]
    assert store.list("listing", prefix="x/") == ["x/1.csv", "x/2.csv"]
    assert store.get("listing", "x/1.csv") == b"again"


def test_a_missing_blob_is_blob_not_found_and_deleting_it_is_fine(store: AzureBlobStore) -> None:
    with pytest.raises(BlobNotFound):
        store.get("missing-things", "nothing.csv")
    with pytest.raises(BlobNotFound):
        store.metadata("missing-things", "nothing.csv")
    assert not store.exists("missing-things", "nothing.csv")
    store.delete("missing-things", "nothing.csv")
    store.put("missing-things", "something.csv", b"1")
    assert store.exists("missing-things", "something.csv")
    store.delete("missing-things", "something.csv")
    assert not store.exists("missing-things", "something.csv")


def test_last_modified_lists_the_write_times_of_a_prefix(store: AzureBlobStore) -> None:
    before = datetime.now(UTC) - timedelta(minutes=1)
    for name in ("m/1.csv", "m/2.csv", "n/1.csv"):
        store.put("modified", name, b"x")
    times = store.last_modified("modified", prefix="m/")
    assert sorted(times) == ["m/1.csv", "m/2.csv"]
    assert all(before < value < datetime.now(UTC) + timedelta(minutes=1) for value in times.values())
    assert store.last_modified("no-such-container") == {}


def test_the_reconcile_timer_imports_an_undelivered_upload_on_azure_storage(connection_string: str, tmp_path: Path) -> None:
    from shared.bulk.blob_uploads.upload_reconcile import reconcile_uploads

    ctx = make_context(tmp_path, blob_connection_string=connection_string)
    tenant = make_tenant(ctx)
    name = f"{tenant.company_id}/undelivered.csv"
    ctx.blobs.put(UPLOADS_CONTAINER, name, csv_file([["OrderReference"], ["SO-9"]]))
    assert reconcile_uploads(ctx).imported == []  # younger than five minutes: its event may still come
    assert reconcile_uploads(ctx, min_age=timedelta(0)).imported == [name]
    assert json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{name}.json"))["outcome"] == "imported"
    assert ctx.blobs.list(UPLOADS_CONTAINER, prefix=tenant.company_id) == []


def test_ping_answers(store: AzureBlobStore) -> None:
    store.ping()


def test_the_blob_triggered_import_runs_on_azure_storage(connection_string: str, tmp_path: Path) -> None:
    from functions.process_order_upload import process_order_upload

    ctx = make_context(tmp_path, blob_connection_string=connection_string)
    app_context.use(ctx)
    try:
        tenant = make_tenant(ctx)
        data = csv_file([["OrderReference"], ["SO-1"]])
        ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/orders.csv", data, metadata={"uploadedBy": tenant.user_id})
        process_order_upload.build().get_user_function()(
            func.blob.InputStream(data=data, name=f"{UPLOADS_CONTAINER}/{tenant.company_id}/orders.csv", length=len(data)))
        report = json.loads(ctx.blobs.get(UPLOAD_RESULTS_CONTAINER, f"{tenant.company_id}/orders.csv.json"))
        assert report["outcome"] == "imported" and report["uploadedBy"]["userId"] == tenant.user_id
        assert ctx.blobs.list(UPLOADS_CONTAINER, prefix=tenant.company_id) == []
        assert ctx.blobs.metadata(UPLOAD_ARCHIVE_CONTAINER, f"{tenant.company_id}/orders.csv") == {"uploadedBy": tenant.user_id}
    finally:
        app_context.use(None)
