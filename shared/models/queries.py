"""Query-string schemas."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from shared.models.fields import IsoDate, Status
from shared.models.query_values import MAX_VALUES, QueryBool, Texts100, split_values
from shared.representation import parse_timestamp


def _query_timestamp(value: object) -> object:
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError:
            raise ValueError("must be an ISO-8601 timestamp such as 2026-01-31T12:00:00.123456Z") from None
    return value


# A timestamp in a query string: ISO-8601, ``Z`` or an offset; a naive one is UTC.
QueryTimestamp = Annotated[datetime, BeforeValidator(_query_timestamp)]


# Any of these statuses: ``?status=Open&status=Draft`` or ``?status=Open,Draft``.
Statuses = Annotated[list[Status] | None, BeforeValidator(split_values), Field(max_length=MAX_VALUES)]


class QueryModel(BaseModel):
    """Query parameters: camelCase, unknown ones ignored (cache busters and the like)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)


class OrderListQuery(QueryModel):
    status: Statuses = None
    site: Texts100 = None
    related_organisation_id: UUID | None = None
    search: str | None = Field(default=None, max_length=100)
    order_date_from: IsoDate | None = None
    order_date_to: IsoDate | None = None
    updated_since: QueryTimestamp | None = None
    include_deleted: QueryBool = False
    change_token: int | None = Field(default=None, ge=0, le=2**62)
    limit: int | None = Field(default=None, ge=1, le=1000)
    cursor: str | None = Field(default=None, max_length=1000)

    @property
    def date_range_ok(self) -> bool:
        return not (self.order_date_from and self.order_date_to and self.order_date_to < self.order_date_from)


