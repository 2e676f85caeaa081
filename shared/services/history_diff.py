"""Row versions -> changes: which fields changed between consecutive versions, and what kind of change it was.

Pure: no database, no clock. A version is a row of the temporal tables (current or history) with its period
(``ValidFrom``) and author (``UpdatedById``). Each version is compared with the one before it *in the API's
representation* (the same views ``get_order`` uses), so field names are the API's camelCase names and values
compare as the API shows them (``1.5`` equals ``1.5000``). Keys of the representation that are bookkeeping
(ids, ``createdAt``, ``updatedAt``, ...) never count as changes; a version that differs only in those, such as
the order version an update of its line items leaves behind, yields nothing.

A kind may also list its business ``fields`` (API name, column, wire conversion, in the view's order): then a
version is compared with the one before it column by column on the stored values, and only the columns that differ
are converted (the same conversions the view makes; a unit test holds the two equal). Timelines of thousands of
versions where each changes one or two fields are diffed several times faster that way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple

from shared.db.database import Row
from shared.db.values import to_datetime
from shared.representation import wire_guid
from shared.services.history_kinds import LINE_ITEM, ORDER, RESERVATION, EntityKind, Field, link_view

# The kinds are defined in history_kinds; importers of this module find them here too.
__all__ = ["LINE_ITEM", "ORDER", "RESERVATION", "Change", "EntityKind", "Field", "business_fields", "changes_of", "link_view"]


class Change(NamedTuple):
    """One change of one entity (a light record: timelines hold thousands)."""

    kind: EntityKind
    entity_id: str
    changed_at: datetime
    changed_by_id: str | None
    change_type: str
    state: dict[str, Any]  # the entity right after the change (its business fields)
    changes: list[dict[str, Any]]  # [{field, oldValue, newValue}], in the representation's field order


def changes_of(kind: EntityKind, versions: Iterable[Row]) -> list[Change]:
    """Every change of every entity among ``versions`` (zero-length periods already left out)."""
    rows = list(versions)
    columns = tuple(rows[0]) if rows else ()
    return changes_in(kind, columns, [tuple(row[column] for column in columns) for row in rows])


def changes_in(kind: EntityKind, columns: Sequence[str], versions: Sequence[tuple[Any, ...]]) -> list[Change]:
    """``changes_of`` for versions as value tuples in the order of ``columns`` (what a query returns, without
    building a dict per row)."""
    if not versions:
        return []
    at = {column: position for position, column in enumerate(columns)}
    valid_from_at, id_at = at["ValidFrom"], at[kind.id_column]
    moments: dict[Any, datetime] = {}  # the versions of one transaction share their ValidFrom: parse each once
    ids: dict[Any, str] = {}
    by_entity: dict[str, list[tuple[datetime, tuple[Any, ...]]]] = defaultdict(list)
    for row in versions:
        valid_from = moments.get(row[valid_from_at])
        if valid_from is None:
            valid_from = moments[row[valid_from_at]] = _moment(row[valid_from_at])
        entity_id = ids.get(row[id_at])
        if entity_id is None:  # ids from the database: no parsing
            entity_id = ids[row[id_at]] = str(wire_guid(row[id_at]))
        by_entity[entity_id].append((valid_from, row))
    found: list[Change] = []
    for entity_id, timed in by_entity.items():
        ordered = sorted(timed, key=itemgetter(0))
        if _fields_hold(kind, dict(zip(columns, ordered[0][1], strict=True))):
            found.extend(_column_changes(kind, at, entity_id, ordered))
        else:
            found.extend(_entity_changes(kind, entity_id, [(moment, dict(zip(columns, row, strict=True))) for moment, row in ordered]))
    return found


def _moment(value: Any) -> datetime:
    moment = to_datetime(value)
    assert moment is not None
    return moment


def _fields_hold(kind: EntityKind, first: Row) -> bool:
    """Whether the kind's ``fields`` are exactly its view's business fields (checked on the first version: a field
    added to a view but not to ``fields`` falls back to the view diff, slower but never wrong)."""
    return bool(kind.fields) and [field.name for field in kind.fields] == list(business_fields(kind, first))


def _column_changes(
    kind: EntityKind, at: dict[str, int], entity_id: str, timed: list[tuple[datetime, tuple[Any, ...]]]
) -> Iterable[Change]:
    """As ``_entity_changes``, converting only the columns whose stored value differs from the previous version's:
    one pass, comparing each version's stored business values with the previous version's as a tuple first."""
    stored, author_at = itemgetter(*(at[field.column] for field in kind.fields)), at["UpdatedById"]
    names, wires = [field.name for field in kind.fields], [field.wire for field in kind.fields]
    authors: dict[Any, str | None] = {}
    before: dict[str, Any] | None = None
    before_stored: tuple[Any, ...] = ()
    for changed_at, row in timed:
        now_stored = stored(row)
        if before is None:
            after = {name: wire(value) for name, wire, value in zip(names, wires, now_stored, strict=True)}
            fields = initial_values(after)
        elif now_stored == before_stored:
            continue  # the same business values: bookkeeping only
        else:
            after, fields = _changed_columns(names, wires, before, before_stored, now_stored)
        if before is None or fields:
            author = row[author_at]
            if author not in authors:
                authors[author] = wire_guid(author)
            yield Change(kind, entity_id, changed_at, authors[author], change_type(kind, before, after), after, fields)
        before, before_stored = after, now_stored


def _changed_columns(
    names: list[str], wires: list[Callable[[Any], Any]], before: dict[str, Any], old: tuple[Any, ...], new: tuple[Any, ...]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    after, changes = before.copy(), []
    for name, wire, old_value, new_value in zip(names, wires, old, new, strict=True):
        if new_value != old_value:
            after[name] = value = wire(new_value)
            if value != before[name]:
                changes.append({"field": name, "oldValue": before[name], "newValue": value})
    return after, changes


def _entity_changes(kind: EntityKind, entity_id: str, timed: list[tuple[datetime, Row]]) -> Iterable[Change]:
    before: dict[str, Any] | None = None
    for changed_at, row in timed:
        after = business_fields(kind, row)
        fields = initial_values(after) if before is None else field_changes(before, after)
        if before is None or fields:
            yield Change(kind, entity_id, changed_at, wire_guid(row["UpdatedById"]), change_type(kind, before, after), after, fields)
        before = after


def business_fields(kind: EntityKind, row: Row) -> dict[str, Any]:
    return {key: value for key, value in kind.view(row).items() if key not in kind.bookkeeping}


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"field": key, "oldValue": before.get(key), "newValue": value}
        for key, value in after.items()
        if before.get(key) != value
    ]


def initial_values(after: dict[str, Any]) -> list[dict[str, Any]]:
    """What a Created (Reserved) event lists: every field that starts out set; ``active: true`` goes without saying."""
    return [
        {"field": key, "oldValue": None, "newValue": value}
        for key, value in after.items()
        if value is not None and not (key == "active" and value is True)
    ]


def change_type(kind: EntityKind, before: dict[str, Any] | None, after: dict[str, Any]) -> str:
    if before is None:
        return kind.created
    if before["active"] and not after["active"]:
        return kind.deactivated
    if after["active"] and not before["active"]:
        return kind.activated
    return "Updated"
