"""The exports: orders.csv alone, and the ZIP of orders.csv + order-line-items.csv.

The ZIP is kept in blob storage by a hash of the data it holds.
The hash covers the version of the company's order data (its commit-ordered change marker, active order count
and latest change stamps, see
``repositories.order_export``), the names of its related organisations (customer names are exported) and the
format version. While that is unchanged the stored ZIP is served as it is, without reading the orders;
the hash is also the ETag, and a matching ``If-None-Match`` (304) reads nothing but the version. Older exports of
the company are removed when a new one is stored.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from shared.auth import Principal
from shared.blobs.base import BlobNotFound, BlobStore, storage_errors
from shared.bulk.columns import FILE_NAMES, Kind
from shared.bulk.exporting import export
from shared.bulk.exporting.zip_writer import build_zip
from shared.db.database import Database, Row, Transaction
from shared.db.values import to_datetime
from shared.repositories import order_export, organisations

EXPORTS_CONTAINER = "exports"
FORMAT_VERSION = "orders-export/1"
ZIP_MEDIA_TYPE = "application/zip"


@dataclass(frozen=True)
class ExportFile:
    etag: str
    load: Callable[[], bytes]  # called only when the body is sent (not for a 304)


def orders_csv(db: Database, actor: Principal) -> bytes:
    text = io.StringIO()  # its default newline="\n" keeps the csv writer's "\r\n" as it is
    with db.read() as tx:
        export.write_orders(tx, actor.company_id, text)
    return text.getvalue().encode()  # UTF-8, whatever the locale


def orders_zip(db: Database, blobs: BlobStore, actor: Principal) -> ExportFile:
    with db.read() as tx:
        digest = _digest(tx, actor.company_id, order_export.data_version(tx, actor.company_id))
    return ExportFile(digest, lambda: _stored_or_rendered(db, blobs, actor.company_id, digest))


def _stored_or_rendered(db: Database, blobs: BlobStore, company_id: str, digest: str) -> bytes:
    try:
        with storage_errors():  # storage that fails is a 503, as for the certificate packs
            return blobs.get(EXPORTS_CONTAINER, f"{company_id}/{digest}.zip")
    except BlobNotFound:
        pass
    with db.read() as tx:
        # Hashed again with the data rendered: if it changed since the ETag was taken, the file is stored under
        # its own hash, and the client's next conditional request simply gets the newer file.
        version = order_export.data_version(tx, company_id)
        digest = _digest(tx, company_id, version)
        content = render_zip(tx, company_id, _latest_change(version))
    with storage_errors():
        _store(blobs, company_id, f"{company_id}/{digest}.zip", content)
    return content


def _store(blobs: BlobStore, company_id: str, blob_name: str, content: bytes) -> None:
    """Keep the new export and drop the company's older ones."""
    blobs.put(EXPORTS_CONTAINER, blob_name, content, content_type=ZIP_MEDIA_TYPE)
    for stale in blobs.list(EXPORTS_CONTAINER, prefix=f"{company_id}/"):
        if stale != blob_name:
            blobs.delete(EXPORTS_CONTAINER, stale)


def render_zip(tx: Transaction, company_id: str, stamp: datetime | None) -> bytes:
    pages: list[export.Page] = []

    def orders_csv(stream: TextIO) -> None:
        pages.extend(export.write_orders(tx, company_id, stream))

    def lines_csv(stream: TextIO) -> None:
        export.write_lines(tx, company_id, pages, stream)

    return build_zip({FILE_NAMES[Kind.ORDERS]: orders_csv, FILE_NAMES[Kind.LINE_ITEMS]: lines_csv}, stamp)


def _digest(tx: Transaction, company_id: str, version: Row) -> str:
    names = sorted((str(row["RelatedOrganisationId"]).lower(), str(row["Name"])) for row in organisations.all_for_company(tx, company_id))
    stamps = [str(to_datetime(version[column])) for column in ("OrdersChangedAt", "LinesChangedAt")]
    key = [FORMAT_VERSION, company_id, int(version["ChangeVersion"] or 0), int(version["ActiveOrders"]), stamps, names]
    return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()


def _latest_change(version: Row) -> datetime | None:
    stamps = [to_datetime(version[column]) for column in ("OrdersChangedAt", "LinesChangedAt")]
    return max((stamp for stamp in stamps if stamp is not None), default=None)


def orders_xlsx(db: Database, actor: Principal) -> bytes:
    """Both files of the ZIP as one typed workbook (see ``workbook``), read in one transaction."""
    from shared.bulk.exporting.workbook import workbook_bytes

    pages: list[export.Page] = []
    with db.read() as tx:
        return workbook_bytes({
            Kind.ORDERS: lambda: export.order_columns(tx, actor.company_id, pages),
            Kind.LINE_ITEMS: lambda: export.line_columns(tx, actor.company_id, pages),
        })
