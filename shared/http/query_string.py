"""The query string as a schema sees it: repeated parameters joined with commas (see shared.models.query_values)."""

from __future__ import annotations

from typing import TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ValidationError

from shared.errors import BadRequest
from shared.http.request import ApiRequest
from shared.models.parsing import validation_errors

Q = TypeVar("Q", bound=BaseModel)


def query_values(req: ApiRequest) -> dict[str, str]:
    """Every parameter of the URL, repeated ones joined by ``,`` in the order given."""
    joined: dict[str, list[str]] = {}
    for name, value in parse_qsl(urlsplit(str(req.raw.url)).query, keep_blank_values=True):
        joined.setdefault(name, []).append(value)
    found = {name: ",".join(values) for name, values in joined.items()}
    # Hosts that hand the parameters over without the query in the URL (unit tests building HttpRequest).
    for name, value in req.raw.params.items():
        found.setdefault(name, value)
    return found


def multi_query(req: ApiRequest, model: type[Q]) -> Q:
    try:
        return model.model_validate(query_values(req))
    except ValidationError as exc:
        raise BadRequest("The query string has invalid parameters.", validation_errors(exc)) from None


def flag(req: ApiRequest, name: str) -> bool:
    """A boolean query parameter: ``1``, ``0``, ``true`` or ``false`` (any case), absent = false; else 400."""
    value = query_values(req).get(name)
    if value is None:
        return False
    if value.strip().lower() in ("1", "true"):
        return True
    if value.strip().lower() in ("0", "false"):
        return False
    raise BadRequest(f"{name} must be 1, 0, true or false.", [{"field": name, "message": "must be 1, 0, true or false"}])


def next_link(req: ApiRequest, cursor: str | None) -> dict[str, str]:
    """``Link: <this URL with cursor replaced>; rel="next"`` (repeated parameters kept), or nothing on the last page."""
    if cursor is None:
        return {}
    parts = urlsplit(str(req.raw.url))
    kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name != "cursor"]
    url = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode([*kept, ("cursor", cursor)]), ""))
    return {"Link": f'<{url}>; rel="next"'}
