"""Malformed ZIPs dropped in storage (issue 12 item 4): each gives a ``rejected`` report and the file archived, in
bounded memory measured in a child process, never an exception the host would retry five times."""

from __future__ import annotations

import io
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from shared import context as app_context
from shared.bulk.blob_uploads.blob_import import UPLOAD_ARCHIVE_CONTAINER, UPLOADS_CONTAINER, process_upload
from tests.api.test_blob_trigger import ORDERS
from tests.child_process import MIB, run_in_child
from tests.support import make_context, make_tenant


def good_zip(name: str = "orders.csv", content: bytes = ORDERS, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        archive.writestr(zipfile.ZipInfo(name, (2026, 3, 1, 0, 0, 0)), content, compress_type=compression)
    return buffer.getvalue()


def patched(data: bytes, offset_in_headers: int, value: bytes) -> bytes:
    """``value`` written at the same offset of the local header and of the central directory entry."""
    patched_data = bytearray(data)
    local, central = 0, data.index(b"PK\x01\x02")
    patched_data[local + offset_in_headers : local + offset_in_headers + len(value)] = value
    patched_data[central + offset_in_headers + 2 : central + offset_in_headers + 2 + len(value)] = value  # 2 more bytes in front
    return bytes(patched_data)


def corrupt_deflate() -> bytes:
    data = bytearray(good_zip())
    start = 30 + len("orders.csv")  # the member's compressed data follows its local header
    data[start] = 0x07  # final block of the reserved type 3: "invalid block type"
    return bytes(data)


def encrypted_member() -> bytes:
    return patched(good_zip(), 6, struct.pack("<H", 0x1))  # general purpose flag bit 0: encrypted


def unsupported_method() -> bytes:
    return patched(good_zip(), 8, struct.pack("<H", 9))  # method 9 (deflate64)


def many_entries(count: int = 800_000) -> bytes:
    """One small member, then a central directory listing it ``count`` times (zipfile trusts the directory's size)."""
    member = good_zip("a.csv", compression=zipfile.ZIP_STORED)
    directory_at = member.index(b"PK\x01\x02")
    entry = member[directory_at : member.index(b"PK\x05\x06")]
    directory = entry * count
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), directory_at, 0)
    return member[:directory_at] + directory + end


MALFORMED = {  # how to make it, what the report's detail says
    "corrupt-deflate": (corrupt_deflate, "is not a readable ZIP file: Error -3 while decompressing data"),
    "encrypted-member": (encrypted_member, "'orders.csv' is encrypted"),
    "unsupported-method": (unsupported_method, "uses compression method 9"),
    "empty-member-name": (lambda: good_zip(""), "holds a file without a name"),
    "bzip2-member": (lambda: good_zip(compression=zipfile.ZIP_BZIP2), "uses compression method 12"),
    "truncated": (lambda: good_zip()[:60] + good_zip()[-22:], "is not a readable ZIP file"),
    "800000-directory-entries": (many_entries, "lists too many entries"),
}


def drop_into_a_fresh_app(folder: str, name: str, data: bytes) -> dict[str, Any]:
    """In the child: a migrated app with one tenant; the file is dropped and handed to the function as the host does."""
    ctx = make_context(Path(folder))
    app_context.use(ctx)
    tenant = make_tenant(ctx)
    ctx.blobs.put(UPLOADS_CONTAINER, f"{tenant.company_id}/{name}", data)
    report = process_upload(ctx, f"{UPLOADS_CONTAINER}/{tenant.company_id}/{name}", data)
    with ctx.db.read() as tx:
        orders = tx.query("SELECT COUNT(*) AS n FROM Orders WHERE CompanyId = ?", (tenant.company_id,))[0]["n"]
    archived = ctx.blobs.get(UPLOAD_ARCHIVE_CONTAINER, f"{tenant.company_id}/{name}") == data
    return {"report": report, "orders": orders, "archived": archived, "left": ctx.blobs.list(UPLOADS_CONTAINER)}


@pytest.mark.parametrize(("make", "detail"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_zip_is_rejected_and_archived_in_bounded_memory(make: Any, detail: str) -> None:
    data = make()
    with tempfile.TemporaryDirectory() as folder:
        measured = run_in_child(drop_into_a_fresh_app, folder, "batch.zip", data)
    outcome = measured.result
    assert outcome["report"]["outcome"] == "rejected", outcome["report"]
    assert outcome["report"]["problem"]["status"] == 400 and detail in outcome["report"]["problem"]["detail"]
    assert outcome["report"]["uploadedBy"] == {"userId": None, "displayName": "Blob upload"}
    assert outcome["archived"] and outcome["left"] == [] and outcome["orders"] == 0
    assert measured.work_rss < 3 * len(data) + 40 * MIB, f"{measured.work_rss / MIB:.0f} MiB for a {len(data) / MIB:.1f} MiB file"
    assert measured.cpu_seconds < 20


def test_the_directory_bound_still_reads_a_zip_with_a_comment_and_zip64_records(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        archive.comment = b"exported by a tool that writes comments"
        with archive.open("orders.csv", "w", force_zip64=True) as member:
            member.write(ORDERS)
    outcome = drop_into_a_fresh_app(str(tmp_path), "batch.zip", buffer.getvalue())
    assert outcome["report"]["outcome"] == "imported" and outcome["orders"] == 2
