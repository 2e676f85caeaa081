"""Version rows -> the order timeline's events, each built as its final dict in the one pass that diffs its entity.

The rules are ``history_diff``'s (a version is compared with the one before it in the API's representation; only
the business ``fields`` of a kind count; a version that changes none of them yields nothing), applied without
intermediate records: each version's stored business values are compared with the previous version's as one tuple,
only the columns that differ are converted, and the entity's state is one dict updated in place. A kind whose
``fields`` do not match its view (a field added to the view only) goes through ``history_diff.changes_in`` instead:
slower, never different.

Times are carried as ``moment`` texts: the fixed-width UTC form SQLite stores (``2026-05-04 08:00:00.250000``), which
sorts like the instant it names. A stored text of exactly that form is used as it is; anything else (a driver's
``datetime``, another ISO form) is parsed, moved to UTC and written in that form, so every moment compares, pages and
is shown (``changedAt``) as the instant it names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import compress
from operator import itemgetter, ne
from typing import Any

from shared.db.values import to_datetime
from shared.representation import wire_guid
from shared.services.history_diff import Change, EntityKind, business_fields, changes_in, initial_values

Event = dict[str, Any]
Keyed = tuple[tuple[Any, ...], Event]  # (timeline sort key, event)
Label = Callable[[dict[str, Any], str], str]  # (the entity's state right after the change, its moment) -> label

_STORED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}")
_ORGANISATION = "relatedOrganisationId"


class Moments:
    """Stored period starts -> moment texts, and moment texts -> ``changedAt``; each distinct value done once."""

    texts: dict[Any, str]
    wire: dict[str, str]

    def __init__(self) -> None:
        self.texts = {}
        self.wire = {}

    def of(self, value: Any) -> str:
        text = self.texts.get(value)
        if text is None:
            text = self.texts[value] = moment_text(value)
        return text

    def changed_at(self, moment: str) -> str:
        shown = self.wire.get(moment)
        if shown is None:
            shown = self.wire[moment] = f"{moment[:10]}T{moment[11:]}Z"
        return shown


def moment_text(value: Any) -> str:
    """The stored ``value`` of a period bound as fixed-width UTC text (ValueError on a text that is no time)."""
    if isinstance(value, str) and _STORED.fullmatch(value):
        datetime.fromisoformat(value)  # the form is right; the values must be too (no 13th month)
        return value
    moment = to_datetime(value)
    if moment is None:
        raise ValueError("a version without a period start")
    return moment_of(moment)


def moment_of(moment: datetime) -> str:
    """An aware datetime (every caller's: ``to_datetime``, ``parse_timestamp``) as a moment text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def kind_events(
    kind: EntityKind, columns: Sequence[str], rows: Sequence[tuple[Any, ...]], context: EventContext
) -> list[Keyed]:
    """Every event of ``kind`` among these version rows whose moment is after ``context.since``."""
    if not rows:
        return []
    at = {column: position for position, column in enumerate(columns)}
    moment_at, id_at, texts, of = at["ValidFrom"], at[kind.id_column], context.moments.texts, context.moments.of
    ids: dict[Any, str] = {}
    by_entity: dict[str, list[tuple[str, tuple[Any, ...]]]] = defaultdict(list)
    for row in rows:
        entity_id = ids.get(row[id_at])
        if entity_id is None:
            entity_id = ids[row[id_at]] = str(wire_guid(row[id_at]))
        by_entity[entity_id].append((texts.get(row[moment_at]) or of(row[moment_at]), row))
    if not _fields_hold(kind, columns, rows[0]):
        timeline = [(moment_of(change.changed_at), change) for change in changes_in(kind, columns, rows)]
        return [context.keyed(change, moment) for moment, change in timeline if moment > context.since]
    found: list[Keyed] = []
    for entity_id, timed in by_entity.items():
        timed.sort(key=itemgetter(0))
        _entity_events(kind, at, entity_id, timed, context, found)
    return found


def _fields_hold(kind: EntityKind, columns: Sequence[str], first: tuple[Any, ...]) -> bool:
    """As ``history_diff``: the kind's ``fields`` are exactly its view's business fields."""
    names = [field.name for field in kind.fields]
    return bool(names) and names == list(business_fields(kind, dict(zip(columns, first, strict=True))))


class EventContext:
    """What every event needs beside its versions: names, labels, the timeline rank of each kind, ``since``."""

    authors: dict[Any, tuple[str | None, str | None]]  # stored author -> (changedById, changedByName)

    def __init__(self, users: dict[str, str], organisations: dict[str, str], labels: dict[str, Label],
                 ranks: dict[str, int], since: datetime | None) -> None:
        self.users, self.organisations, self.labels, self.ranks = users, organisations, labels, ranks
        self.moments = Moments()
        self.since = moment_of(since) if since is not None else ""
        self.authors = {}

    def author(self, stored: Any) -> tuple[str | None, str | None]:
        found = self.authors.get(stored)
        if found is None:
            author = wire_guid(stored)
            found = self.authors[stored] = (author, self.users.get(author or ""))
        return found

    def keyed(self, change: Change, moment: str) -> Keyed:
        kind, state = change.kind, change.state
        label = self.labels[kind.entity_type](state, moment)
        event = {
            "changedAt": self.moments.changed_at(moment), "changedById": change.changed_by_id,
            "changedByName": self.users.get(change.changed_by_id or ""), "changeType": change.change_type,
            "entityType": kind.entity_type, "entityId": change.entity_id, "entityLabel": label,
            "changes": with_customer_names(change.changes, self.organisations),
        }
        return (moment, self.ranks[kind.entity_type], state.get("lineNumber", 0), label, change.entity_id), event


def _entity_events(
    kind: EntityKind, at: dict[str, int], entity_id: str, timed: list[tuple[str, tuple[Any, ...]]], context: EventContext,
    found: list[Keyed],
) -> None:
    """One entity's events, oldest first, appended to ``found``: the state is one dict updated in place, and each event
    is built as its final dict with its sort key as soon as its changes are known (``EventContext.keyed``'s fields)."""
    stored, author_at, since = itemgetter(*(at[field.column] for field in kind.fields)), at["UpdatedById"], context.since
    names, wires = [field.name for field in kind.fields], [field.wire for field in kind.fields]
    label_of, authors, author_of = context.labels[kind.entity_type], context.authors, context.author
    entity_type, rank, organisations = kind.entity_type, context.ranks[kind.entity_type], context.organisations
    named, numbered, positions = _ORGANISATION in names, "lineNumber" in names, range(len(names))
    wire_at, shown_at = context.moments.wire, context.moments.changed_at
    before: tuple[Any, ...] = ()
    state: dict[str, Any] = {}
    for moment, row in timed:
        now, created = stored(row), not state
        if created:
            state = {name: wire(value) for name, wire, value in zip(names, wires, now, strict=True)}
            changes, change_type = initial_values(state), kind.created
            renamed = named and state[_ORGANISATION] is not None
        elif now == before:
            continue  # the same business values: bookkeeping only
        else:
            was_active, changes, renamed = state["active"], [], False
            for position in compress(positions, map(ne, before, now)):  # the columns whose stored value differs
                name, value = names[position], wires[position](now[position])
                previous, state[name] = state[name], value
                if value != previous:
                    changes.append({"field": name, "oldValue": previous, "newValue": value})
                    renamed = renamed or name == _ORGANISATION
            active = state["active"]
            change_type = kind.deactivated if was_active and not active else kind.activated if active and not was_active else "Updated"
        before = now
        if (created or changes) and moment > since:
            author, author_name = authors.get(row[author_at]) or author_of(row[author_at])
            label = label_of(state, moment)
            event = {
                "changedAt": wire_at.get(moment) or shown_at(moment), "changedById": author, "changedByName": author_name,
                "changeType": change_type, "entityType": entity_type, "entityId": entity_id, "entityLabel": label,
                "changes": with_customer_names(changes, organisations) if renamed else changes,
            }
            found.append(((moment, rank, state["lineNumber"] if numbered else 0, label, entity_id), event))


def with_customer_names(changes: list[dict[str, Any]], organisations: dict[str, str]) -> list[dict[str, Any]]:
    """Beside a changed relatedOrganisationId, the organisations' names as the API's customerName field."""
    for item in changes:
        if item["field"] == _ORGANISATION:
            break
    else:
        return changes  # nothing to add: the same list
    result: list[dict[str, Any]] = []
    for item in changes:
        result.append(item)
        if item["field"] == _ORGANISATION:
            old, new = item["oldValue"], item["newValue"]
            result.append({"field": "customerName", "oldValue": organisations.get(old or ""), "newValue": organisations.get(new or "")})
    return result
