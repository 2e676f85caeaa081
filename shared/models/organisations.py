"""Schemas of customers (related organisations): create, rename, list query and the public shape."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema

from shared.models.fields import InputModel, PublicModel, Timestamp, _no_control_characters, _strip
from shared.models.queries import QueryModel

MAX_ORGANISATIONS_PER_REQUEST = 1_000
_NAME_SCHEMA = {
    "type": "string", "minLength": 1, "maxLength": 200, "pattern": r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f]*$",
}


def _name(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    if len(value) > 200:
        raise ValueError("must be at most 200 characters")
    return _no_control_characters(value)


OrganisationName = Annotated[str, BeforeValidator(_strip), AfterValidator(_name), WithJsonSchema(_NAME_SCHEMA)]


class OrganisationCreate(InputModel):
    related_organisation_id: UUID | None = None
    name: OrganisationName


class OrganisationUpdate(InputModel):
    name: OrganisationName
    # Read-only fields a client may send back as it read them.
    related_organisation_id: UUID | None = None
    created_at: str | None = None
    updated_at: str | None = None
    name_history: list[dict[str, object]] | None = None


class OrganisationListQuery(QueryModel):
    search: str | None = Field(default=None, max_length=200)
    limit: int | None = Field(default=None, ge=1, le=1000)
    cursor: str | None = Field(default=None, max_length=1000)


class NameChange(PublicModel):
    name: str
    changed_at: Timestamp
    changed_by_id: UUID | None
    changed_by_name: str | None


class Organisation(PublicModel):
    related_organisation_id: UUID
    company_id: UUID
    name: str
    created_at: Timestamp
    updated_at: Timestamp
    name_history: list[NameChange]
