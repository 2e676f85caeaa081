"""Customers (related organisations) over the API: list and search, create (a batch), rename with a name log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid
from shared.errors import Conflict, NotFound
from shared.models.organisations import OrganisationCreate, OrganisationListQuery, OrganisationUpdate
from shared.repositories import organisation_list, organisations
from shared.representation import wire_guid, wire_timestamp
from shared.services.paging import decode_cursor, encode_cursor, page_of


@dataclass(frozen=True)
class OrganisationPage:
    organisations: list[dict[str, Any]]
    next_cursor: str | None


def list_page(db: Database, actor: Principal, query: OrganisationListQuery) -> OrganisationPage:
    after = None
    if query.cursor:
        name, organisation_id = decode_cursor(query.cursor, 2)
        after = (str(name), str(organisation_id))
    fetch = None if query.limit is None else query.limit + 1
    with db.read() as tx:
        rows, more = page_of(organisation_list.list_page(tx, actor.company_id, query.search, after, fetch), query.limit)
        views = views_of(tx, actor.company_id, rows)
    cursor = encode_cursor([rows[-1]["Name"], guid(rows[-1]["RelatedOrganisationId"])]) if more else None
    return OrganisationPage(views, cursor)


def create(db: Database, actor: Principal, batch: list[OrganisationCreate]) -> list[dict[str, Any]]:
    with db.write() as tx:
        wanted = [(item.name, str(item.related_organisation_id) if item.related_organisation_id else None) for item in batch]
        ids = insert_new(tx, actor, wanted)
        rows = [organisation_list.by_id(tx, actor.company_id, organisation_id) for organisation_id in ids]
        created = views_of(tx, actor.company_id, [row for row in rows if row is not None])
        tx.commit()
    return created


def insert_new(tx: Transaction, actor: Principal, wanted: list[tuple[str, str | None]]) -> list[str]:
    """Create organisations named ``wanted`` (name, chosen id or None); a name the company has is a 409."""
    names = [name for name, _ in wanted]
    taken = organisation_list.by_names(tx, actor.company_id, names)
    seen: set[str] = set()
    problems = []
    for index, name in enumerate(names):
        if name.casefold() in taken or name.casefold() in seen:
            problems.append({"field": f"[{index}].name", "message": f"an organisation named '{name}' already exists"})
        seen.add(name.casefold())
    ids = [chosen or str(uuid.uuid4()) for _, chosen in wanted]
    in_use = organisations.existing_ids(tx, actor.company_id, ids) | _ids_anywhere(tx, ids)
    problems += [
        {"field": f"[{i}].relatedOrganisationId", "message": f"{oid} already exists"} for i, oid in enumerate(ids) if oid in in_use
    ]
    if problems:
        raise Conflict("An organisation of that name or id exists already.", problems)
    for organisation_id, name in zip(ids, names, strict=True):
        organisations.insert(tx, organisation_id, actor.company_id, name, tx.now, actor.user_id)
    return ids


def _ids_anywhere(tx: Transaction, ids: list[str]) -> set[str]:
    """Ids taken by any company (ids are global keys; whose they are is not revealed)."""
    return organisation_list.ids_in_use(tx, ids)


def rename(db: Database, actor: Principal, organisation_id: str, update: OrganisationUpdate) -> dict[str, Any]:
    with db.write() as tx:
        row = organisation_list.by_id(tx, actor.company_id, organisation_id, lock=True)
        if row is None:
            raise NotFound(f"No such organisation in this company: {organisation_id}.")
        if update.name != row["Name"]:
            others = [oid for oid in organisation_list.by_names(tx, actor.company_id, [update.name]).get(update.name.casefold(), [])
                      if oid != organisation_id]
            if others:
                raise Conflict(f"Another organisation is named '{update.name}'.", [{"field": "name", "message": "already taken"}])
            organisation_list.rename(tx, actor.company_id, organisation_id, update.name, tx.now)
            organisation_list.log_names(tx, [(organisation_id, actor.company_id, update.name, tx.now, actor.user_id)])
        renamed = organisation_list.by_id(tx, actor.company_id, organisation_id)
        assert renamed is not None
        view = views_of(tx, actor.company_id, [renamed])[0]
        tx.commit()
    return view


def views_of(tx: Transaction, company_id: str, rows: list[Row]) -> list[dict[str, Any]]:
    history = organisation_list.name_history(tx, company_id, [guid(row["RelatedOrganisationId"]) for row in rows])
    return [organisation_view(row, history.get(guid(row["RelatedOrganisationId"]), [])) for row in rows]


def organisation_view(row: Row, names: list[Row]) -> dict[str, Any]:
    log = [
        {"name": entry["Name"], "changedAt": wire_timestamp(entry["ChangedAt"]), "changedById": wire_guid(entry["ChangedById"]),
         "changedByName": entry["ChangedByName"]}
        for entry in names
    ] or [{"name": row["Name"], "changedAt": wire_timestamp(row["CreatedAt"]), "changedById": None, "changedByName": None}]
    return {
        "relatedOrganisationId": wire_guid(row["RelatedOrganisationId"]),
        "companyId": wire_guid(row["CompanyId"]),
        "name": row["Name"],
        "createdAt": wire_timestamp(row["CreatedAt"]),
        "updatedAt": wire_timestamp(row["UpdatedAt"] if row["UpdatedAt"] is not None else row["CreatedAt"]),
        "nameHistory": log,
    }
