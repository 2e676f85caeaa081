"""JSON bodies of the stock, certificate and customer routes: batches of items and lists of ids."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from shared.errors import BadRequest, PayloadTooLarge
from shared.models.parsing import list_adapter, validation_errors

M = TypeVar("M", bound=BaseModel)


def parse_items(data: Any, model: type[M], max_items: int, what: str) -> list[M]:
    """An array of ``model`` (a single object is a one-element array), 1..``max_items`` long."""
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise BadRequest(f"The body must be a non-empty JSON array of {what}.")
    if len(items) > max_items:
        raise PayloadTooLarge(f"At most {max_items} {what} per request; got {len(items)}.")
    try:
        return list_adapter(model).validate_python(items)
    except ValidationError as exc:
        raise BadRequest("The request has invalid fields.", validation_errors(exc)) from None


def parse_one(data: Any, model: type[M]) -> M:
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadRequest("The request has invalid fields.", validation_errors(exc)) from None


def parse_ids(data: Any, field: str, max_items: int) -> list[str]:
    """``{field: [...]}`` or the bare array of GUIDs, de-duplicated in order."""
    values = data.get(field) if isinstance(data, dict) else data
    if isinstance(data, dict) and set(data) - {field}:
        unknown = [{"field": name, "message": "unknown field"} for name in sorted(set(data) - {field})]
        raise BadRequest(f"The body must be {{\"{field}\": [...]}}.", unknown)
    return guid_list(values, field, max_items)


def guid_list(values: Any, field: str, max_items: int) -> list[str]:
    if not isinstance(values, list) or not values:
        raise BadRequest(f"{field} must be a non-empty array of GUIDs.", [{"field": field, "message": "must be a non-empty array"}])
    if len(values) > max_items:
        raise PayloadTooLarge(f"At most {max_items} ids per request.")
    found: list[str] = []
    problems = []
    for index, value in enumerate(values):
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            found.append(str(uuid.UUID(value)))
        except ValueError:
            problems.append({"field": f"{field}[{index}]", "message": "must be a GUID"})
    if problems:
        raise BadRequest(f"{field} must hold GUIDs only.", problems)
    return list(dict.fromkeys(found))
