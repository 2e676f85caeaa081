"""``import-inventory``: stock rows from a CSV file, with their certificate files, all or nothing.

Columns ``Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateFile`` (names matched ignoring case,
spaces and underscores; only Name and Quantity are required). ``CertificateFile`` is a path relative to the
``--certificates`` folder and may not leave it. Every row is checked before anything is written; any problem
is a 400 listing all of them. Certificate blobs are written before the database transaction: they are named by
content, so a failed import leaves nothing that a later one would not reuse.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from shared.auth import Principal
from shared.blobs.base import BlobStore
from shared.db.database import Database
from shared.errors import BadRequest, ErrorItem
from shared.models.reservations import InventoryImportRow
from shared.repositories import inventory
from shared.services.certificate_files import MAX_CERTIFICATE_BYTES, CertificateFile, describe, register, upload
from shared.services.inventory_csv import read_records
from shared.services.principals import require_company, system_principal

IMPORTER_NAME = "Inventory import"


@dataclass
class _Plan:
    rows: list[tuple[InventoryImportRow, CertificateFile | None]] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)  # certificate sha256 -> its file
    files: dict[Path, CertificateFile] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)


def import_inventory(
    db: Database, blobs: BlobStore, company_id: str, csv_path: Path, certificates_dir: Path | None = None, max_rows: int = 200_000
) -> dict[str, list[str]]:
    with db.read() as tx:
        company_id = require_company(tx, company_id)
    if certificates_dir is not None and not certificates_dir.is_dir():
        raise BadRequest(f"--certificates {certificates_dir} is not a folder.")
    records, errors = read_records(csv_path, max_rows)
    plan = _plan(records, certificates_dir)
    plan.errors = sorted(errors + plan.errors, key=lambda error: int(error["row"]))
    if plan.errors:
        raise BadRequest(f"{csv_path.name}: {len(plan.errors)} problem(s); nothing was imported.", plan.errors)
    return {"inventoryIds": store_stock(db, blobs, company_id, plan.rows, lambda file: _read_bounded(plan.paths[file.sha256]))}


def store_stock(
    db: Database,
    blobs: BlobStore,
    company_id: str,
    rows: Sequence[tuple[InventoryImportRow, CertificateFile | None]],
    content: Callable[[CertificateFile], bytes],
    actor: Principal | None = None,
) -> list[str]:
    """Insert the stock rows (ids in the same order) and their certificates; ``content`` reads a file when it is uploaded.

    ``actor``: who imports (an API caller); without one, the company's ``Inventory import`` system principal (the CLI).
    """
    unique: dict[str, CertificateFile] = {}
    for _, file in rows:
        if file is not None:
            unique.setdefault(file.sha256, file)  # identical content is one certificate, named as first seen
    files = list(unique.values())
    for file in files:
        upload(blobs, company_id, file, content(file))
    ids = [str(uuid.uuid4()) for _ in rows]
    with db.write() as tx:
        actor = actor or system_principal(tx, company_id, IMPORTER_NAME)
        certificate_ids = register(tx, actor, files)
        inventory.insert(tx, [
            (stock_id, company_id, row.name, row.quantity, row.unit, row.heat_number, row.material_grade,
             certificate_ids[file.sha256] if file else None, None, True, tx.now, actor.user_id, tx.now, actor.user_id)
            for stock_id, (row, file) in zip(ids, rows, strict=True)
        ])
        tx.commit()
    return ids


def _plan(records: list[tuple[int, dict[str, str]]], certificates_dir: Path | None) -> _Plan:
    plan = _Plan()
    for number, cells in records:
        try:
            row = InventoryImportRow.model_validate(cells)
        except ValidationError as exc:
            plan.errors.extend(row_errors(number, exc))
            continue
        try:
            file = _certificate(plan, certificates_dir, row.certificate_file) if row.certificate_file else None
        except (ValueError, OSError) as exc:
            plan.errors.append({"row": number, "column": "CertificateFile", "message": f"{row.certificate_file}: {exc}"})
            continue
        plan.rows.append((row, file))
    return plan


def _certificate(plan: _Plan, root: Path | None, relative: str) -> CertificateFile:
    path = certificate_path(root, relative)
    if path not in plan.files:
        plan.files[path] = describe(path.name, _read_bounded(path))
        plan.paths.setdefault(plan.files[path].sha256, path)
    return plan.files[path]


def certificate_path(root: Path | None, relative: str) -> Path:
    """The file ``relative`` names inside ``root``; ValueError for anything outside it or missing."""
    if root is None:
        raise ValueError("a certificate file needs the --certificates folder")
    if Path(relative).is_absolute():
        raise ValueError("must be relative to the --certificates folder")
    base = root.resolve()
    path = (base / relative).resolve()  # resolves '..' and symbolic links before the check
    if not path.is_relative_to(base):
        raise ValueError("is outside the --certificates folder")
    if not path.is_file():
        raise ValueError("no such file in the --certificates folder")
    return path


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(MAX_CERTIFICATE_BYTES + 1)  # one byte more tells describe() it is too large


_COLUMN_TITLES = {"name": "Name", "quantity": "Quantity", "unit": "Unit", "heatNumber": "HeatNumber",
                  "materialGrade": "MaterialGrade", "certificateFile": "CertificateFile"}


def row_errors(number: int, exc: ValidationError) -> list[ErrorItem]:
    """Every error names its column: the row model checks fields only, and a record holds only the known columns."""
    return [
        {"row": number, "column": _COLUMN_TITLES[str(error["loc"][0])], "message": error["msg"].removeprefix("Value error, ")}
        for error in exc.errors()
    ]
