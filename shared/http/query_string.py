"""The query string as a schema sees it: repeated parameters joined with commas (see shared.models.query_values)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from shared.http.request import ApiRequest

if TYPE_CHECKING:  # pydantic and the schemas load with the first request that validates (cold start)
    from pydantic import BaseModel

Q = TypeVar("Q", bound="BaseModel")


def query_values(req: ApiRequest) -> dict[str, str]:
    """Every parameter of the URL, repeated ones joined by ``,`` in the order given."""
    return req.query_values()


def multi_query(req: ApiRequest, model: type[Q]) -> Q:
    return req.query_model(model)


def flag(req: ApiRequest, name: str) -> bool:
    """A boolean query parameter: ``1``, ``0``, ``true`` or ``false`` (any case), absent = false; else 400."""
    return req.query_bool(name)


def next_link(req: ApiRequest, cursor: str | None) -> dict[str, str]:
    """``Link: <this URL with cursor replaced>; rel="next"`` (repeated parameters kept), or nothing on the last page."""
    if cursor is None:
        return {}
    return {"Link": f'<{req.url_with(cursor=cursor)}>; rel="next"'}
