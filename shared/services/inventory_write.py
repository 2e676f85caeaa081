"""Writing stock over the API: create (a batch), update fields, soft delete and restore; all-or-nothing.

A row with an active reservation keeps what the reservation certifies: its quantity, unit, heat number and grade
cannot change, and it cannot be deleted, until it is unreserved (409 naming the order and line). Its name and
certificate can change.
"""

from __future__ import annotations

import uuid
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import opt_guid, to_datetime, to_decimal
from shared.errors import BadRequest, Conflict, ErrorItem, NotFound
from shared.models.inventory import InventoryCreate, InventoryUpdate
from shared.repositories import certificate_list, inventory, inventory_list, inventory_write
from shared.representation import parse_timestamp
from shared.services.inventory_queries import detail
from shared.services.inventory_views import stock_view

# model field -> (column, how to read the stored value for comparison)
FIELDS: dict[str, tuple[str, Any]] = {
    "name": ("Name", str),
    "quantity": ("Quantity", to_decimal),
    "unit": ("Unit", lambda value: value),
    "heat_number": ("HeatNumber", lambda value: value),
    "material_grade": ("MaterialGrade", lambda value: value),
    "certificate_id": ("CertificateId", opt_guid),
}
FIXED_WHILE_RESERVED = {"Quantity", "Unit", "HeatNumber", "MaterialGrade"}


def create(db: Database, actor: Principal, batch: list[InventoryCreate]) -> list[dict[str, Any]]:
    ids = [str(item.inventory_id or uuid.uuid4()) for item in batch]
    with db.write() as tx:
        _check_new(tx, actor, batch, ids)
        inventory.insert(tx, [
            (stock_id, actor.company_id, item.name, item.quantity, item.unit, item.heat_number, item.material_grade,
             opt_guid(item.certificate_id), None, True, tx.now, actor.user_id, tx.now, actor.user_id)
            for stock_id, item in zip(ids, batch, strict=True)
        ])
        rows = inventory_list.by_ids(tx, actor.company_id, ids)
        tx.commit()
    return [stock_view(rows[stock_id]) for stock_id in ids]


def _check_new(tx: Transaction, actor: Principal, batch: list[InventoryCreate], ids: list[str]) -> None:
    _check_certificates(tx, actor, [(f"[{i}].certificateId", opt_guid(item.certificate_id)) for i, item in enumerate(batch)])
    conflicts: list[ErrorItem] = []
    if len(set(ids)) != len(ids):
        conflicts.append({"field": "inventoryId", "message": "the same inventoryId appears more than once"})
    conflicts += [{"field": "inventoryId", "message": f"{taken} already exists"} for taken in sorted(inventory_write.ids_in_use(tx, ids))]
    if conflicts:
        raise Conflict("An id in the request is already in use.", conflicts)


def _check_certificates(tx: Transaction, actor: Principal, wanted: list[tuple[str, str | None]]) -> None:
    asked = [(field, certificate_id) for field, certificate_id in wanted if certificate_id]
    known = certificate_list.existing_ids(tx, actor.company_id, sorted({certificate_id for _, certificate_id in asked}))
    errors = [{"field": field, "message": f"unknown certificate {cid}"} for field, cid in asked if cid not in known]
    if errors:
        raise BadRequest("A certificate named in the request is not one of this company's.", errors)


def update(db: Database, actor: Principal, inventory_id: str, change: InventoryUpdate) -> dict[str, Any]:
    with db.write() as tx:
        row = inventory_write.lock_rows(tx, actor.company_id, [inventory_id]).get(inventory_id)
        if row is None or not row["Active"]:
            raise NotFound(f"No such stock row in this company: {inventory_id}.")
        _check_not_stale(change, row)
        changes = _changes(change, row)
        _check_certificates(tx, actor, [("certificateId", changes.get("CertificateId"))])
        _check_reservation(tx, actor, inventory_id, FIXED_WHILE_RESERVED & changes.keys())
        if changes:
            inventory_write.update_fields(tx, actor.company_id, inventory_id, changes, tx.now, actor.user_id)
        view = detail(tx, actor.company_id, inventory_id)
        tx.commit()
    return view


def _check_not_stale(change: InventoryUpdate, row: Row) -> None:
    if change.updated_at is None:
        return
    try:
        seen = parse_timestamp(change.updated_at)
    except ValueError:
        raise BadRequest("updatedAt must be an ISO-8601 timestamp.", [{"field": "updatedAt", "message": "invalid"}]) from None
    if seen != to_datetime(row["UpdatedAt"]):
        raise Conflict("The stock row was changed since it was read; reload it.", [{"field": "updatedAt", "message": "stale"}])


def _changes(change: InventoryUpdate, row: Row) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for field in [name for name in FIELDS if name in change.model_fields_set]:  # field order, not set order
        column, read = FIELDS[field]
        value = getattr(change, field)
        if field in ("name", "quantity") and value is None:
            raise BadRequest("The request has invalid fields.", [{"field": field, "message": "may not be null"}])
        value = str(value) if field == "certificate_id" and value else value
        stored = row[column]
        if (value is not None) if stored is None else value != read(stored):
            changes[column] = value
    return changes


def _check_reservation(tx: Transaction, actor: Principal, inventory_id: str, fields: set[str]) -> None:
    if not fields:
        return
    holder = inventory_write.holders(tx, actor.company_id, [inventory_id]).get(inventory_id)
    if holder is not None:
        raise Conflict(
            f"The stock is reserved for {holder['OrderReference']} line {holder['LineNumber']}; unreserve it first.",
            [{"field": _camel(column), "message": "cannot change while reserved"} for column in sorted(fields)],
        )


def _camel(column: str) -> str:
    return column[0].lower() + column[1:]


def delete(db: Database, actor: Principal, inventory_ids: list[str]) -> dict[str, Any]:
    with db.write() as tx:
        rows = _all_found(tx, actor, inventory_ids)
        held = inventory_write.holders(tx, actor.company_id, inventory_ids)
        if held:
            raise Conflict("Reserved stock cannot be deleted; unreserve it first.", [
                {"field": "inventoryIds", "message": f"{stock_id} is reserved for {row['OrderReference']} line {row['LineNumber']}"}
                for stock_id, row in held.items()
            ])
        active = [stock_id for stock_id in inventory_ids if rows[stock_id]["Active"]]
        inventory_write.set_active(tx, actor.company_id, active, False, tx.now, actor.user_id)
        tx.commit()
    return {"deletedCount": len(active), "deletedIds": active}


def restore(db: Database, actor: Principal, inventory_ids: list[str]) -> dict[str, Any]:
    with db.write() as tx:
        rows = _all_found(tx, actor, inventory_ids)
        deleted = [stock_id for stock_id in inventory_ids if not rows[stock_id]["Active"]]
        inventory_write.set_active(tx, actor.company_id, deleted, True, tx.now, actor.user_id)
        tx.commit()
    return {"restoredCount": len(deleted), "restoredIds": deleted}


def _all_found(tx: Transaction, actor: Principal, inventory_ids: list[str]) -> dict[str, Row]:
    rows = inventory_write.lock_rows(tx, actor.company_id, inventory_ids)
    missing = [stock_id for stock_id in inventory_ids if stock_id not in rows]
    if missing:
        raise NotFound(f"No such stock row in this company: {', '.join(missing)}.")
    return rows
