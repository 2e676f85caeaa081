"""ApiRequest: what a handler sees: the authenticated principal, parsed inputs and the app context."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import azure.functions as func
from pydantic import BaseModel, ValidationError

from shared.auth import Principal
from shared.context import AppContext
from shared.db.database import Database
from shared.errors import BadRequest, UnsupportedMediaType
from shared.http import jsonio
from shared.models.parsing import validation_errors

Q = TypeVar("Q", bound=BaseModel)

_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


@dataclass(frozen=True)
class ApiRequest:
    raw: func.HttpRequest
    context: AppContext
    correlation_id: str
    _principal: Principal | None = None

    @property
    def principal(self) -> Principal:
        if self._principal is None:
            raise RuntimeError("anonymous endpoints have no principal")
        return self._principal

    @property
    def db(self) -> Database:
        return self.context.db

    def header(self, name: str) -> str | None:
        value: str | None = self.raw.headers.get(name)
        return value

    def route_id(self, name: str) -> str:
        """A GUID route parameter, lowercase (the route constraint has already checked its form)."""
        return parse_guid(str(self.raw.route_params.get(name, "")), name)

    def query(self, name: str) -> str | None:
        value: str | None = self.raw.params.get(name)
        return value or None

    def query_bool(self, name: str, default: bool = False) -> bool:
        value = self.query(name)
        if value is None:
            return default
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        raise BadRequest(f"{name} must be true or false.", [{"field": name, "message": "must be true/false or 1/0"}])

    def query_model(self, model: type[Q]) -> Q:
        """The query string validated by a schema (errors -> 400 listing every bad parameter)."""
        try:
            return model.model_validate(dict(self.raw.params))
        except ValidationError as exc:
            raise BadRequest("The query string has invalid parameters.", validation_errors(exc)) from None

    def url_with(self, **params: str) -> str:
        """This request's URL with some query parameters replaced (for Link headers)."""
        parts = urlsplit(str(self.raw.url))
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query.update(params)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))

    def json(self) -> Any:
        content_type = (self.header("Content-Type") or "application/json").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType(f"Send JSON (Content-Type: application/json), not {content_type}.")
        return jsonio.loads(self.raw.get_body())


def parse_guid(value: str, name: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise BadRequest(f"{name} must be a GUID.", [{"field": name, "message": "must be a GUID"}]) from None
