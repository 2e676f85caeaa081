"""Orders that name their customer: ``customerName`` with no ``relatedOrganisationId`` links the organisation of
that name (compared case-insensitively) when exactly one matches. An unknown name is a 400 naming it, unless the
caller asked to create customers (``createCustomers=true``), which creates each unknown name once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from shared.auth import Principal
from shared.db.database import Transaction
from shared.errors import BadRequest, ErrorItem
from shared.repositories import organisation_list

M = TypeVar("M", bound=BaseModel)


def named_customers(batch: Sequence[BaseModel], null_clears: bool = False) -> dict[int, str]:
    """index -> the customer name of each item that names one and gives no organisation id.

    ``null_clears`` (updates): an explicit ``relatedOrganisationId: null`` clears the customer, whatever name is sent
    beside it (a client sending back what it read, with the id cleared, keeps the old name in ``customerName``).
    """
    wanted: dict[int, str] = {}
    problems: list[ErrorItem] = []
    for index, item in enumerate(batch):
        name: Any = getattr(item, "customer_name", None)
        if name is None or getattr(item, "related_organisation_id", None) is not None:
            continue
        if null_clears and "related_organisation_id" in item.model_fields_set:
            continue
        if not isinstance(name, str) or len(name.strip()) > 200:
            problems.append({"field": f"[{index}].customerName", "message": "must be text of at most 200 characters"})
        elif name.strip():
            wanted[index] = name.strip()
    if problems:
        raise BadRequest("The request has invalid fields.", problems)
    return wanted


def link_customers(tx: Transaction, actor: Principal, batch: list[M], create: bool = False, null_clears: bool = False) -> list[M]:
    """The batch with ``related_organisation_id`` set from ``customerName`` where it names the customer."""
    wanted = named_customers(batch, null_clears)
    if not wanted:
        return batch
    found = organisation_list.by_names(tx, actor.company_id, list(wanted.values()))
    problems: list[ErrorItem] = []
    missing: dict[str, str] = {}
    for index, name in wanted.items():
        ids = found.get(name.casefold(), [])
        if len(ids) > 1:
            problems.append({"field": f"[{index}].customerName",
                             "message": f"more than one organisation is named '{name}'; send relatedOrganisationId"})
        elif not ids and not create:
            problems.append({"field": f"[{index}].customerName",
                             "message": f"no organisation is named '{name}' (create it, or pass createCustomers=true)"})
        elif not ids:
            missing.setdefault(name.casefold(), name)
    if problems:
        raise BadRequest("A customerName names no single organisation.", problems)
    if missing:
        from shared.services.organisations_api import insert_new

        created = insert_new(tx, actor, [(name, None) for name in missing.values()])
        found.update({key: [organisation_id] for key, organisation_id in zip(missing, created, strict=True)})
    return [
        item.model_copy(update={"related_organisation_id": UUID(found[wanted[index].casefold()][0])}) if index in wanted else item
        for index, item in enumerate(batch)
    ]
