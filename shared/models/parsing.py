"""Turning parsed JSON into validated schemas, with every problem reported at once as ``errors``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from shared.errors import BadRequest, ErrorItem, PayloadTooLarge
from shared.models.orders import MAX_LINE_ITEMS_PER_REQUEST, MAX_ORDERS_PER_REQUEST, OrderIds

M = TypeVar("M", bound=BaseModel)


def field_path(loc: Sequence[int | str]) -> str:
    """``(0, 'lineItems', 2, 'quantity')`` -> ``[0].lineItems[2].quantity``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def validation_errors(exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[ErrorItem]:
    return [
        {"field": field_path([*prefix, *error["loc"]]) or "body", "message": _message(error["msg"])}
        for error in exc.errors(include_url=False)
    ]


def _message(text: str) -> str:
    return text.removeprefix("Value error, ")


def parse_batch(data: Any, model: type[M]) -> list[M]:
    """An array of orders (a single object is taken as a one-element array), within the batch limits."""
    items = [data] if isinstance(data, dict) else data
    if not isinstance(items, list) or not items:
        raise BadRequest("The body must be a non-empty JSON array of orders.")
    if len(items) > MAX_ORDERS_PER_REQUEST:
        raise PayloadTooLarge(f"At most {MAX_ORDERS_PER_REQUEST} orders per request; got {len(items)}.")
    line_count = sum(len(item["lineItems"]) for item in items if _has_line_list(item))
    if line_count > MAX_LINE_ITEMS_PER_REQUEST:
        raise PayloadTooLarge(f"At most {MAX_LINE_ITEMS_PER_REQUEST} line items per request; got {line_count}.")
    try:
        return list_adapter(model).validate_python(items)
    except ValidationError as exc:
        raise BadRequest("The request has invalid fields.", validation_errors(exc)) from None


@cache
def list_adapter(model: type[M]) -> TypeAdapter[list[M]]:
    """The validator of a JSON array of ``model``, built once per model (building one took about a twentieth of a
    create or update request's time)."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _has_line_list(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("lineItems"), list)


def parse_order_ids(data: Any) -> list[str]:
    """``{"orderIds": [...]}`` or a bare array of GUIDs, de-duplicated in order."""
    body = {"orderIds": data} if isinstance(data, list) else data
    if isinstance(body, dict) and isinstance(body.get("orderIds"), list) and len(body["orderIds"]) > MAX_ORDERS_PER_REQUEST:
        raise PayloadTooLarge(f"At most {MAX_ORDERS_PER_REQUEST} order ids per request.")
    try:
        parsed = OrderIds.model_validate(body)
    except ValidationError as exc:
        raise BadRequest("The body must be {\"orderIds\": [...]} with order GUIDs.", validation_errors(exc)) from None
    if not parsed.order_ids:
        raise BadRequest("orderIds must name at least one order.", [{"field": "orderIds", "message": "empty"}])
    return list(dict.fromkeys(str(order_id) for order_id in parsed.order_ids))
