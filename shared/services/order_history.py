"""The order's audit timeline: every change to the order, its line items and their reservations, oldest first.

Read from the temporal tables (``shared.repositories.history``) and diffed version by version
(``shared.services.history_diff``). ``changedAt`` is the version's period start, the transaction time, so all
changes of one request share it. Within one change the order comes first, then its line items by line number,
then reservations by stock name. Labels describe the entity as it was right after the change: the order
reference, ``Line {n}: {description or productCode}``, the stock (inventory) name as it was called then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid, to_datetime
from shared.errors import NotFound
from shared.models.history import HistoryQuery
from shared.repositories import history
from shared.representation import api_timestamp, wire_guid
from shared.services.history_diff import LINE_ITEM, ORDER, RESERVATION, Change, changes_in

_RANK = {ORDER.entity_type: 0, LINE_ITEM.entity_type: 1, RESERVATION.entity_type: 2}


@dataclass(frozen=True)
class HistoryPage:
    events: list[dict[str, Any]]
    next_since: str | None  # the ``since`` of the next page when ``limit`` cut the timeline short


@dataclass(frozen=True)
class Names:
    users: dict[str, str]
    organisations: dict[str, str]
    stock: dict[str, list[tuple[datetime, datetime, str]]]  # inventory id -> (valid from, valid to, name)


def get_history(db: Database, actor: Principal, order_id: str, query: HistoryQuery) -> HistoryPage:
    with db.read() as tx:
        changes = [change for change in _changes(tx, actor.company_id, order_id, query.since) if _after(change, query.since)]
        names = _names(tx, actor.company_id, changes)
    timeline = sorted(((change, _label(change, names)) for change in changes), key=_timeline_key)
    end = page_end([change.changed_at for change, _ in timeline], query.limit)
    next_since = api_timestamp(timeline[end - 1][0].changed_at) if end < len(timeline) else None
    stamps: dict[datetime, str | None] = {}  # the changes of one request share their time: format it once
    events = [_event(change, label, names, _stamp(stamps, change.changed_at)) for change, label in timeline[:end]]
    return HistoryPage(events, next_since)


def _stamp(stamps: dict[datetime, str | None], moment: datetime) -> str | None:
    if moment not in stamps:
        stamps[moment] = api_timestamp(moment)
    return stamps[moment]


def _after(change: Change, since: datetime | None) -> bool:
    return since is None or change.changed_at > since


def _changes(tx: Transaction, company_id: str, order_id: str, since: datetime | None) -> list[Change]:
    orders = history.order_versions(tx, company_id, order_id, since)
    if not orders.rows:
        raise NotFound(f"No such order in this company: {order_id}.")
    lines = history.line_versions(tx, company_id, order_id, since)
    line_at = lines.columns.index("OrderLineItemId")
    line_ids = sorted({str(wire_guid(row[line_at])) for row in lines.rows})
    links = history.link_versions(tx, company_id, line_ids, since)
    return changes_in(ORDER, *orders) + changes_in(LINE_ITEM, *lines) + changes_in(RESERVATION, *links)


def _names(tx: Transaction, company_id: str, changes: list[Change]) -> Names:
    users = sorted({change.changed_by_id for change in changes if change.changed_by_id})
    organisations = sorted({
        value for change in changes for item in change.changes
        if item["field"] == "relatedOrganisationId" for value in (item["oldValue"], item["newValue"]) if value
    })
    stock = sorted({str(change.state["inventoryId"]) for change in changes if change.kind is RESERVATION})
    return Names(
        history.user_names(tx, company_id, users),
        history.organisation_names(tx, company_id, organisations),
        _stock_names(history.inventory_versions(tx, company_id, stock)),
    )


def _stock_names(rows: list[Row]) -> dict[str, list[tuple[datetime, datetime, str]]]:
    periods: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for row in rows:
        valid_from, valid_to = to_datetime(row["ValidFrom"]), to_datetime(row["ValidTo"])
        assert valid_from is not None and valid_to is not None
        periods[guid(row["InventoryId"])].append((valid_from, valid_to, str(row["Name"])))
    return periods


def _timeline_key(labelled: tuple[Change, str]) -> tuple[Any, ...]:
    change, label = labelled
    line_number = change.state["lineNumber"] if change.kind is LINE_ITEM else 0
    return (change.changed_at, _RANK[change.kind.entity_type], line_number, label, change.entity_id)


def page_end(times: list[datetime], limit: int | None) -> int:
    """How many events of ``times`` (sorted) a page holds: at most ``limit``, never ending inside one change,
    except that a single change larger than ``limit`` is returned whole (a page is never empty)."""
    if limit is None or len(times) <= limit:
        return len(times)
    end = limit
    while end > 0 and times[end] == times[end - 1]:
        end -= 1
    if end == 0:
        end = limit
        while end < len(times) and times[end] == times[end - 1]:
            end += 1
    return end


def _event(change: Change, label: str, names: Names, changed_at: str | None) -> dict[str, Any]:
    return {
        "changedAt": changed_at,
        "changedById": change.changed_by_id,
        "changedByName": names.users.get(change.changed_by_id or ""),
        "changeType": change.change_type,
        "entityType": change.kind.entity_type,
        "entityId": change.entity_id,
        "entityLabel": label,
        "changes": _with_customer_names(change.changes, names.organisations),
    }


def _label(change: Change, names: Names) -> str:
    state = change.state
    if change.kind is ORDER:
        return str(state["orderReference"])
    if change.kind is LINE_ITEM:
        what = state["description"] or state["productCode"]
        return f"Line {state['lineNumber']}: {what}" if what else f"Line {state['lineNumber']}"
    return _stock_name_at(names.stock.get(str(state["inventoryId"]), []), change.changed_at)


def _stock_name_at(periods: list[tuple[datetime, datetime, str]], moment: datetime) -> str:
    """The stock's name in the version valid at ``moment`` (its latest name if none is)."""
    for valid_from, valid_to, name in periods:
        if valid_from <= moment < valid_to:
            return name
    return max(periods)[2] if periods else ""


def _with_customer_names(changes: list[dict[str, Any]], organisations: dict[str, str]) -> list[dict[str, Any]]:
    """Beside a changed relatedOrganisationId, the organisations' names as the API's customerName field."""
    for item in changes:
        if item["field"] == "relatedOrganisationId":
            break
    else:
        return changes  # nothing to add: the same list
    result: list[dict[str, Any]] = []
    for item in changes:
        result.append(item)
        if item["field"] == "relatedOrganisationId":
            old, new = item["oldValue"], item["newValue"]
            result.append({"field": "customerName", "oldValue": organisations.get(old or ""), "newValue": organisations.get(new or "")})
    return result
