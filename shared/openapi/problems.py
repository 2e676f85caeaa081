"""The error responses: RFC 9457 problem details, as ``shared.http.problem_responses`` writes them."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from shared.models.fields import PublicModel
from shared.openapi.schemas import response_model

PROBLEM_JSON = "application/problem+json"


class ProblemItem(PublicModel):
    """One problem found: where (a JSON field path, or a CSV file, row and column) and what."""

    model_config = ConfigDict(extra="allow")

    message: str
    field: str | None = Field(default=None, description="JSON path of the field, e.g. `[0].lineItems[2].quantity`.")
    file: str | None = Field(default=None, description="CSV uploads: the file the row is in.")
    row: int | None = Field(default=None, description="CSV uploads: the row number (the header is row 1).")
    column: str | None = Field(default=None, description="CSV uploads: the column name.")


class Problem(PublicModel):
    """An error (RFC 9457). ``errors`` lists every problem found at once, not just the first."""

    type: str = Field(examples=["about:blank"])
    title: str = Field(examples=["Bad Request"])
    status: int = Field(examples=[400])
    detail: str = Field(examples=["The request has invalid fields."])
    correlation_id: str = Field(description="Quote it to find the request in the logs.", examples=["4bf92f3577b34da6a3ce929d0e0e4736"])
    errors: list[ProblemItem] | None = Field(default=None)


# status -> (component name, when it happens)
PROBLEM_RESPONSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "Invalid input; `errors` names every problem found."),
    401: ("Unauthorized", "Missing, malformed, unknown or revoked API key."),
    403: ("Forbidden", "The API key is valid but belongs to another company."),
    404: ("NotFound", "Not found in this company (or a path id that is not a GUID)."),
    409: ("Conflict", "Conflict with the stored data (see `detail` and `errors`)."),
    413: ("PayloadTooLarge", "The request is too large."),
    415: ("UnsupportedMediaType", "Wrong request Content-Type."),
    422: ("UnprocessableContent", "Well-formed, but beyond a limit of the API; `detail` names the limit."),
    503: ("ServiceUnavailable", "The database or storage is busy or unreachable; retry after `Retry-After` seconds."),
}

_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "Always `Bearer`.", "schema": {"type": "string"}}},
    503: {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}},
}


def problem_components() -> dict[str, Any]:
    """``components.responses``: one reusable problem response per status."""
    responses = {}
    for status, (name, description) in PROBLEM_RESPONSES.items():
        response: dict[str, Any] = {"description": description, "content": {PROBLEM_JSON: {"schema": response_model(Problem)}}}
        if status in _HEADERS:
            response["headers"] = _HEADERS[status]
        responses[name] = response
    return responses


def problems(*statuses: int) -> dict[str, Any]:
    """The responses of these error statuses, by reference."""
    return {str(status): {"$ref": f"#/components/responses/{PROBLEM_RESPONSES[status][0]}"} for status in statuses}
