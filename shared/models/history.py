"""Schemas of the order history: its query string and the change events it returns."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from shared.models.fields import PublicModel, Timestamp
from shared.models.queries import QueryModel, QueryTimestamp

MAX_HISTORY_LIMIT = 1000

ChangeType = Literal["Created", "Updated", "Deleted", "Restored", "Reserved", "Unreserved"]
EntityType = Literal["Order", "LineItem", "Reservation"]


class HistoryQuery(QueryModel):
    # Exclusive: only changes made after this instant (pass the last changedAt you have seen).
    since: QueryTimestamp | None = None
    # At most this many events, oldest first; one change (one changedAt) is never split across pages.
    limit: int | None = Field(default=None, ge=1, le=MAX_HISTORY_LIMIT)


class FieldChange(PublicModel):
    field: str
    old_value: Any
    new_value: Any


class HistoryEvent(PublicModel):
    changed_at: Timestamp
    changed_by_id: UUID | None
    changed_by_name: str | None
    change_type: ChangeType
    entity_type: EntityType
    entity_id: UUID
    entity_label: str
    changes: list[FieldChange]
