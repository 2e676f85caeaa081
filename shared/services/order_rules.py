"""Checks shared by every way orders are written (create, update, restore, CSV import)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.db.database import Transaction
from shared.errors import BadRequest, Conflict, ErrorItem
from shared.order_references import reference_key
from shared.repositories import orders, organisations


def raise_if_any(errors: list[ErrorItem], detail: str = "The request has invalid fields.") -> None:
    if errors:
        raise BadRequest(detail, errors)


def check_organisations(tx: Transaction, company_id: str, wanted: Iterable[tuple[str, str | None]], errors: list[ErrorItem]) -> None:
    """``wanted`` is (field path, organisation id or None); unknown ids in this company are errors."""
    pairs = [(field, org_id) for field, org_id in wanted if org_id]
    known = organisations.existing_ids(tx, company_id, sorted({org_id for _, org_id in pairs}))
    errors.extend(
        {"field": field, "message": f"unknown related organisation {org_id}"} for field, org_id in pairs if org_id not in known
    )


def check_references(tx: Transaction, company_id: str, wanted: Mapping[str, str]) -> None:
    """``wanted`` maps order id -> the reference it will hold; each must be unique among active orders, by its key
    (``shared.order_references``: case-insensitive, as Unicode folds case).

    An active order in ``wanted`` that gives up its reference does not block another order from taking it.
    """
    conflicts: list[ErrorItem] = []
    holders: dict[str, str] = {}  # key -> the first reference of the request with it
    for reference in wanted.values():
        key = reference_key(reference)
        if key not in holders:
            holders[key] = reference
            continue
        first = holders[key]
        same = "more than once" if first == reference else f"twice, as '{first}' and as '{reference}' (case is ignored)"
        conflicts.append({"field": "orderReference", "message": f"'{first}' appears {same} in the request"})
    owners = orders.active_reference_owners(tx, company_id, list(wanted.values()))
    for order_id, reference in wanted.items():
        owner = owners.get(reference_key(reference))
        if owner is not None and owner != order_id and owner not in wanted:
            conflicts.append({"field": "orderReference", "message": f"'{reference}' is already used by another active order"})
    if conflicts:
        raise Conflict("An order reference is already in use.", conflicts)


def assign_line_numbers(requested: list[int | None], taken: Iterable[int], prefix: str, errors: list[ErrorItem]) -> list[int]:
    """Fill omitted line numbers with the next free ones, in order; duplicates are errors."""
    used = set(taken)
    seen: set[int] = set()
    for index, number in enumerate(requested):
        if number is None:
            continue
        if number in seen or number in used:
            errors.append({"field": f"{prefix}[{index}].lineNumber", "message": f"line number {number} is used twice"})
        seen.add(number)
    used |= seen
    result: list[int] = []
    candidate = 1
    for number in requested:
        if number is None:
            while candidate in used:
                candidate += 1
            number = candidate
            used.add(number)
        result.append(number)
    return result
