"""Certificates over the API: upload (judged by content, stored once per company by SHA-256), metadata, list and
search, read, download, and attaching a certificate to stock rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.auth import Principal
from shared.blobs.base import BlobNotFound, BlobStore, storage_errors
from shared.bulk.reading.files import UploadedFile
from shared.db import locking
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid
from shared.errors import BadRequest, NotFound
from shared.models.certificates import CertificateListQuery, CertificateUpdate
from shared.repositories import certificate_list, certificates, inventory_list
from shared.repositories.certificate_list import CertificateFilter
from shared.representation import parse_timestamp
from shared.services import certificate_files
from shared.services.certificate_checks import check_readable
from shared.services.certificate_views import certificate_view
from shared.services.paging import decode_cursor, encode_cursor, page_of

METADATA_FIELDS = {"certificate_number": "CertificateNumber", "en10204_type": "En10204Type", "manufacturer": "Manufacturer",
                   "issued_on": "IssuedOn"}


@dataclass(frozen=True)
class Uploaded:
    certificate: dict[str, Any]
    created: bool


def upload(db: Database, blobs: BlobStore, actor: Principal, files: list[UploadedFile], metadata: CertificateUpdate) -> Uploaded:
    if len(files) != 1:
        raise BadRequest(f"Send exactly one certificate file; got {len(files)}.")
    file = files[0]
    try:
        described = certificate_files.describe(file.name, file.data)
        check_readable(described.kind, file.data)
    except ValueError as exc:
        raise BadRequest(f"{file.name} {exc}.", [{"file": file.name, "message": str(exc)}]) from None
    certificate_files.upload(blobs, actor.company_id, described, file.data)
    with db.write() as tx:
        known = certificates.by_sha256(tx, actor.company_id, [described.sha256])
        certificate_id = certificate_files.register(tx, actor, [described])[described.sha256]
        apply_update(tx, actor, certificate_id, metadata)
        view = load(tx, actor.company_id, certificate_id)
        tx.commit()
    return Uploaded(view, described.sha256 not in known)


def apply_update(tx: Transaction, actor: Principal, certificate_id: str, update: CertificateUpdate) -> None:
    # The stock rows it attaches to are locked first (the locking protocol, shared.db.locking).
    tx.lock(locking.STOCK, actor.company_id, [str(inventory_id) for inventory_id in update.inventory_ids or ()])
    changes = {column: _stored(getattr(update, field)) for field, column in METADATA_FIELDS.items() if field in update.model_fields_set}
    if changes:
        certificate_list.update_metadata(tx, actor.company_id, certificate_id, changes, tx.now, actor.user_id)
    if update.heat_numbers is not None:
        heats = list({heat.strip().casefold(): heat.strip() for heat in update.heat_numbers if heat.strip()}.values())
        certificate_list.replace_heat_numbers(tx, actor.company_id, certificate_id, heats)
    if update.inventory_ids:
        ids = list(dict.fromkeys(str(inventory_id) for inventory_id in update.inventory_ids))
        rows = inventory_list.by_ids(tx, actor.company_id, ids)
        missing = [stock_id for stock_id in ids if stock_id not in rows or not rows[stock_id]["Active"]]
        if missing:
            raise NotFound(f"No such stock row in this company: {', '.join(missing)}.")
        certificate_list.attach(tx, actor.company_id, certificate_id, ids, tx.now, actor.user_id)


def _stored(value: Any) -> Any:
    return getattr(value, "value", value)


def update(db: Database, actor: Principal, certificate_id: str, change: CertificateUpdate) -> dict[str, Any]:
    with db.write() as tx:
        _require(tx, actor.company_id, certificate_id)
        apply_update(tx, actor, certificate_id, change)
        view = load(tx, actor.company_id, certificate_id)
        tx.commit()
    return view


def get(db: Database, actor: Principal, certificate_id: str) -> dict[str, Any]:
    with db.read() as tx:
        return load(tx, actor.company_id, certificate_id)


def load(tx: Transaction, company_id: str, certificate_id: str) -> dict[str, Any]:
    row = _require(tx, company_id, certificate_id)
    return views_of(tx, company_id, [row])[0]


def _require(tx: Transaction, company_id: str, certificate_id: str) -> Row:
    row = certificate_list.by_id(tx, company_id, certificate_id)
    if row is None:
        raise NotFound(f"No such certificate in this company: {certificate_id}.")
    return row


def views_of(tx: Transaction, company_id: str, rows: list[Row]) -> list[dict[str, Any]]:
    ids = [guid(row["CertificateId"]) for row in rows]
    heats = certificate_list.heat_numbers(tx, company_id, ids)
    stock = certificate_list.stock_using(tx, company_id, ids)
    return [certificate_view(row, heats.get(cid, []), stock.get(cid, [])) for row, cid in zip(rows, ids, strict=True)]


@dataclass(frozen=True)
class CertificatePage:
    certificates: list[dict[str, Any]]
    next_cursor: str | None


def list_page(db: Database, actor: Principal, query: CertificateListQuery) -> CertificatePage:
    where = CertificateFilter(query.search, query.heat_number, query.en10204_type, query.manufacturer)
    after = None
    if query.cursor:
        created_at, certificate_id = decode_cursor(query.cursor, 2)
        after = (str(created_at), str(certificate_id))
    fetch = None if query.limit is None else query.limit + 1
    with db.read() as tx:
        rows, more = page_of(certificate_list.list_page(tx, actor.company_id, where, _after(tx, after), fetch), query.limit)
        views = views_of(tx, actor.company_id, rows)
    cursor = encode_cursor([views[-1]["createdAt"], views[-1]["certificateId"]]) if more else None
    return CertificatePage(views, cursor)


def _after(tx: Transaction, after: tuple[str, str] | None) -> Any:
    if after is None:
        return None
    try:
        return (tx.dialect.timestamp_param(parse_timestamp(after[0])), guid(after[1]))
    except ValueError:
        problem = [{"field": "cursor", "message": "invalid"}]
        raise BadRequest("cursor is not valid; use the Link header of the previous page.", problem) from None


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    file_name: str
    sha256: str


def download(db: Database, blobs: BlobStore, actor: Principal, certificate_id: str) -> Download:
    with db.read() as tx:
        row = _require(tx, actor.company_id, certificate_id)
    try:
        with storage_errors():
            content = blobs.get(certificate_files.CERTIFICATES_CONTAINER, str(row["BlobName"]))
    except BlobNotFound:
        raise NotFound(f"The file of certificate {certificate_id} is missing from storage.") from None
    return Download(content, str(row["ContentType"]), str(row["FileName"]), str(row["Sha256"]).strip())

