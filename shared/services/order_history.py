"""The order's audit timeline: every change to the order, its line items and their reservations, oldest first.

Read from the temporal tables (``shared.repositories.history``) and diffed version by version straight into
the events (``shared.services.history_events``, by the rules of ``shared.services.history_diff``). ``changedAt``
is the version's period start, the transaction time, so all changes of one request share it. Within one change the
order comes first, then its line items by line number, then reservations by stock name. Labels describe the entity
as it was right after the change: the order reference, ``Line {n}: {description or productCode}``, the stock
(inventory) name as it was called then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from shared.auth import Principal
from shared.db.database import Database, Row, Transaction
from shared.db.values import guid
from shared.errors import NotFound
from shared.models.history import HistoryQuery
from shared.repositories import history
from shared.repositories.history import Versions
from shared.representation import wire_guid
from shared.services.history_diff import LINE_ITEM, ORDER, RESERVATION
from shared.services.history_events import EventContext, Keyed, Moments, kind_events

_RANK = {ORDER.entity_type: 0, LINE_ITEM.entity_type: 1, RESERVATION.entity_type: 2}


@dataclass(frozen=True)
class HistoryPage:
    events: list[dict[str, Any]]
    next_since: str | None  # the ``since`` of the next page when ``limit`` cut the timeline short


def get_history(db: Database, actor: Principal, order_id: str, query: HistoryQuery) -> HistoryPage:
    with db.read() as tx:
        timeline = _timeline(tx, actor.company_id, order_id, query.since)
    timeline.sort(key=itemgetter(0))
    end = page_end([key[0] for key, _ in timeline], query.limit)
    next_since = timeline[end - 1][1]["changedAt"] if end < len(timeline) else None
    return HistoryPage([event for _, event in timeline[:end]], next_since)


def _timeline(tx: Transaction, company_id: str, order_id: str, since: datetime | None) -> list[Keyed]:
    """Every event after ``since``, with its sort key (unsorted)."""
    orders = history.order_versions(tx, company_id, order_id, since)
    if not orders.rows:
        raise NotFound(f"No such order in this company: {order_id}.")
    lines = history.line_versions(tx, company_id, order_id, since)
    links = history.link_versions(tx, company_id, sorted(_ids(lines, "OrderLineItemId")), since)
    authors = _ids(orders, "UpdatedById") | _ids(lines, "UpdatedById") | _ids(links, "UpdatedById")
    users = history.user_names(tx, company_id, sorted(authors))
    organisations = history.organisation_names(tx, company_id, sorted(_ids(orders, "RelatedOrganisationId")))
    context = EventContext(users, organisations, {}, _RANK, since)
    stock = _stock_names(history.inventory_versions(tx, company_id, sorted(_ids(links, "InventoryId"))), context.moments)
    context.labels.update({ORDER.entity_type: _order_label, LINE_ITEM.entity_type: _line_label,
                           RESERVATION.entity_type: lambda state, moment: _stock_name_at(stock.get(str(state["inventoryId"]), []), moment)})
    return [*kind_events(ORDER, *orders, context), *kind_events(LINE_ITEM, *lines, context), *kind_events(RESERVATION, *links, context)]


def _ids(versions: Versions, column: str) -> set[str]:
    """The distinct ids of ``column`` among the versions (as the API writes them; no NULL)."""
    at = versions.columns.index(column)
    return {str(wire_guid(value)) for value in {row[at] for row in versions.rows} if value is not None}


def _stock_names(rows: list[Row], moments: Moments) -> dict[str, list[tuple[str, str, str]]]:
    """inventory id -> (valid from, valid to, name) of each of its versions, as moment texts."""
    periods: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for row in rows:
        periods[guid(row["InventoryId"])].append((moments.of(row["ValidFrom"]), moments.of(row["ValidTo"]), str(row["Name"])))
    return periods


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


def _order_label(state: dict[str, Any], moment: str) -> str:
    return str(state["orderReference"])


def _line_label(state: dict[str, Any], moment: str) -> str:
    what = state["description"] or state["productCode"]
    return f"Line {state['lineNumber']}: {what}" if what else f"Line {state['lineNumber']}"


def _stock_name_at(periods: list[tuple[str, str, str]], moment: str) -> str:
    """The stock's name in the version valid at ``moment`` (its latest name if none is)."""
    for valid_from, valid_to, name in periods:
        if valid_from <= moment < valid_to:
            return name
    return max(periods)[2] if periods else ""
