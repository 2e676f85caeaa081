"""Reading stock: the list with filters and paging, one row with its lineage, certificate and reservation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Transaction
from shared.db.values import guid
from shared.errors import NotFound
from shared.models.inventory import InventoryListQuery
from shared.repositories import inventory_list
from shared.repositories.inventory_list import StockFilter
from shared.services.inventory_views import certificate_ref, reservation_ref, stock_ref, stock_view
from shared.services.paging import decode_cursor, encode_cursor, page_of


@dataclass(frozen=True)
class StockPage:
    rows: list[dict[str, Any]]
    next_cursor: str | None


def list_page(db: Database, actor: Principal, query: InventoryListQuery) -> StockPage:
    where = StockFilter(
        search=query.search, heat_numbers=query.heat_number, material_grades=query.material_grade, units=query.unit,
        available=query.available, reserved=query.reserved, has_certificate=query.has_certificate,
        updated_since=query.updated_since, include_deleted=query.include_deleted,
    )
    after = None
    if query.cursor:
        name, inventory_id = decode_cursor(query.cursor, 2)
        after = (str(name), str(inventory_id))
    fetch = None if query.limit is None else query.limit + 1
    with db.read() as tx:
        rows, more = page_of(inventory_list.list_stock(tx, actor.company_id, where, after, fetch), query.limit)
    cursor = encode_cursor([rows[-1]["Name"], guid(rows[-1]["InventoryId"])]) if more else None
    return StockPage([stock_view(row) for row in rows], cursor)


def get_inventory(db: Database, actor: Principal, inventory_id: str) -> dict[str, Any]:
    with db.read() as tx:
        return detail(tx, actor.company_id, inventory_id)


def detail(tx: Transaction, company_id: str, inventory_id: str) -> dict[str, Any]:
    """The active stock row with its parent, split children, certificate and active reservation; else 404."""
    row = inventory_list.by_ids(tx, company_id, [inventory_id]).get(inventory_id)
    if row is None or not row["Active"]:
        raise NotFound(f"No such stock row in this company: {inventory_id}.")
    parent_id = row["ParentInventoryId"]
    parent = inventory_list.by_ids(tx, company_id, [guid(parent_id)]).get(guid(parent_id)) if parent_id else None
    certificate = inventory_list.certificate_of(tx, company_id, guid(row["CertificateId"])) if row["CertificateId"] else None
    reservation = inventory_list.active_reservation(tx, company_id, inventory_id)
    return {
        **stock_view(row),
        "parent": stock_ref(parent) if parent else None,
        "children": [stock_ref(child) for child in inventory_list.children_of(tx, company_id, inventory_id)],
        "certificate": certificate_ref(certificate) if certificate else None,
        "reservation": reservation_ref(reservation) if reservation else None,
    }
