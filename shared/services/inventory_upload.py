"""``upload_inventory``: the CSV ``import-inventory`` takes, with its certificate files in the same multipart body.

Parts whose content is a PDF, PNG or JPEG are certificate files; the one other part is the CSV. A
``CertificateFile`` cell names an uploaded file by its file name (folders in the cell are ignored, as a browser
sends base names only). The rules are the CLI's: every row checked first, any problem a 400 listing all, identical
files stored once per company (by SHA-256), all rows inserted in one transaction, ids returned in file order.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath

from pydantic import ValidationError

from shared.auth import Principal
from shared.blobs.base import BlobStore
from shared.bulk.reading.files import UploadedFile
from shared.certificate_pack.certificates import sniff
from shared.db.database import Database
from shared.errors import BadRequest, ErrorItem
from shared.models.reservations import InventoryImportRow
from shared.services.certificate_files import CertificateFile, describe
from shared.services.inventory_csv import read_bytes_records
from shared.services.inventory_import import row_errors, store_stock

MAX_CERTIFICATE_FILES = 100  # the route reads at most this many parts and the CSV (413 beyond)


def upload_inventory(
    db: Database, blobs: BlobStore, actor: Principal, files: Sequence[UploadedFile], max_rows: int
) -> dict[str, list[str]]:
    sheet, certificates = _split_parts(files)
    described = _describe(certificates)
    records, errors = read_bytes_records(sheet.name, sheet.data, max_rows)
    rows: list[tuple[InventoryImportRow, CertificateFile | None]] = []
    for number, cells in records:
        try:
            row = InventoryImportRow.model_validate(cells)
        except ValidationError as exc:
            errors.extend(row_errors(number, exc))
            continue
        name = PurePosixPath(row.certificate_file.replace("\\", "/")).name if row.certificate_file else None
        if name is not None and name not in described:
            errors.append({"row": number, "column": "CertificateFile", "message": f"{row.certificate_file}: no such file in the upload"})
            continue
        rows.append((row, described[name][0] if name else None))
    if errors:
        errors.sort(key=lambda error: int(error["row"]))
        raise BadRequest(f"{sheet.name}: {len(errors)} problem(s); nothing was imported.", errors)
    by_sha = {file.sha256: content for file, content in described.values()}
    return {"inventoryIds": store_stock(db, blobs, actor.company_id, rows, lambda file: by_sha[file.sha256], actor)}


def _split_parts(files: Sequence[UploadedFile]) -> tuple[UploadedFile, list[UploadedFile]]:
    certificates = [file for file in files if sniff(file.data) is not None]
    sheets = [file for file in files if sniff(file.data) is None]
    if len(sheets) != 1:
        raise BadRequest(f"Send exactly one CSV file (and any certificate files); got {len(sheets)} files that are not PDF, PNG or JPEG.")
    return sheets[0], certificates


def _describe(files: list[UploadedFile]) -> dict[str, tuple[CertificateFile, bytes]]:
    """file name -> what it is; a name sent twice or a file over the size limit is a 400."""
    found: dict[str, tuple[CertificateFile, bytes]] = {}
    problems: list[ErrorItem] = []
    for file in files:
        if file.name in found:
            problems.append({"file": file.name, "message": "sent more than once"})
            continue
        try:
            found[file.name] = (describe(file.name, file.data), file.data)
        except ValueError as exc:
            problems.append({"file": file.name, "message": str(exc)})
    if problems:
        raise BadRequest("A certificate file cannot be used; nothing was imported.", problems)
    return found
