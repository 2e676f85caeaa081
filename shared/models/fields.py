"""Reusable field types and the base classes of every schema."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema
from pydantic.alias_generators import to_camel

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The same rule for the OpenAPI document (JSON Schema patterns are ECMA-262 regular expressions).
NO_CONTROL_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class InputModel(BaseModel):
    """A request body: camelCase on the wire, unknown fields rejected."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True)


class PublicModel(BaseModel):
    """A response shape (used for documentation and response checks)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class OrderStatus(StrEnum):
    DRAFT = "Draft"
    OPEN = "Open"
    IN_PROGRESS = "InProgress"
    DISPATCHED = "Dispatched"
    COMPLETED = "Completed"
    CANCELLED = "Cancelled"


def delivery_before_order(order_date: date | None, delivery_date: date | None) -> bool:
    """The date rule of every order, however it is written: a delivery date is never before the order date."""
    return bool(order_date and delivery_date and delivery_date < order_date)


_STATUS_BY_KEY = {status.value.lower(): status for status in OrderStatus}


def canonical_status(value: Any) -> Any:
    """Statuses are matched case-insensitively (``in progress`` and ``in_progress`` too)."""
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "").replace("_", "")
        return _STATUS_BY_KEY.get(key, value)
    return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, str) and not _ISO_DATE.match(value.strip()):
        raise ValueError("must be a date as YYYY-MM-DD")
    if not isinstance(value, str | date) or isinstance(value, bool):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value.strip() if isinstance(value, str) else value


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


def _strip_or_none(value: Any) -> Any:
    """Optional text: surrounding blanks dropped, and blank means absent."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _text(max_length: int) -> Any:
    schema = {"type": "string", "maxLength": max_length, "pattern": NO_CONTROL_PATTERN}
    checked = Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_control_characters), WithJsonSchema(schema)]
    return Annotated[checked | None, BeforeValidator(_strip_or_none)]


def _reference(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    if len(value) > 100:
        raise ValueError("must be at most 100 characters")
    return _no_control_characters(value)


# Documented a little narrower than accepted (no tabs or line breaks either): at least one visible character.
_REFERENCE_SCHEMA = {
    "type": "string",
    "minLength": 1,
    "maxLength": 100,
    "pattern": r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f]*$",
}
Reference = Annotated[str, BeforeValidator(_strip), AfterValidator(_reference), WithJsonSchema(_REFERENCE_SCHEMA)]
Text20 = _text(20)
Text100 = _text(100)
Text500 = _text(500)
Text2000 = _text(2000)
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Status = Annotated[OrderStatus, BeforeValidator(canonical_status)]
# 15 significant digits (at most 99,999,999,999.9999): every accepted value survives an IEEE-754 double client.
QUANTITY_DIGITS = 15
Quantity = Annotated[Decimal, Field(ge=0, max_digits=QUANTITY_DIGITS, decimal_places=4, allow_inf_nan=False)]
PositiveQuantity = Annotated[Decimal, Field(gt=0, max_digits=QUANTITY_DIGITS, decimal_places=4, allow_inf_nan=False)]
LineNumber = Annotated[int, Field(ge=1, le=1_000_000, strict=True)]
# Public shapes: timestamps are ISO-8601 UTC text (shared.representation.api_timestamp).
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
