"""ApiRequest: what a handler sees: the authenticated principal, parsed inputs and the app context."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import azure.functions as func

from shared.auth import Principal
from shared.context import AppContext
from shared.db.database import Database
from shared.errors import BadRequest, ErrorItem, UnsupportedMediaType
from shared.http import jsonio

if TYPE_CHECKING:  # pydantic and the schemas load with the first request that validates (cold start)
    from pydantic import BaseModel, ValidationError

Q = TypeVar("Q", bound="BaseModel")



@dataclass(frozen=True)
class ApiRequest:
    raw: func.HttpRequest
    context: AppContext
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
        """A GUID route parameter, lowercase D form. The host's ``:guid`` constraint also lets the P ``(…)`` and X
        ``{0x…}`` spellings through, which Python does not read: a 400 naming the parameter."""
        return parse_guid(self.raw.route_params[name], name)

    def query(self, name: str) -> str | None:
        value: str | None = self.raw.params.get(name)
        return value or None

    def query_values(self) -> dict[str, str]:
        """Every query parameter, repeated ones joined by ``,`` in the order given (``?a=1&a=2`` = ``?a=1,2``).

        A name or value whose percent-encoded bytes are not UTF-8 (``%FF``, an encoded surrogate ``%ED%A0%80``) is a
        400 naming the parameter, never text with U+FFFD in it."""
        joined: dict[str, list[str]] = {}
        pairs = parse_qsl(urlsplit(str(self.raw.url)).query, keep_blank_values=True, errors="surrogateescape")
        bad = sorted({_readable(name) for name, value in pairs if not (_is_text(name) and _is_text(value))})
        if bad:
            message = "is not valid text: its percent-encoded bytes are not UTF-8"
            raise BadRequest("The query string has invalid parameters.", [{"field": name, "message": message} for name in bad])
        for name, value in pairs:
            joined.setdefault(name, []).append(value)
        return {name: ",".join(values) for name, values in joined.items()}

    def query_bool(self, name: str, default: bool = False) -> bool:
        """A boolean query parameter by the one convention (``shared.models.query_values``); absent = default."""
        value = self.query_values().get(name)
        if value is None:
            return default
        from shared.models.query_values import parse_bool

        try:
            return parse_bool(value)
        except ValueError as exc:
            raise BadRequest(f"{name} must be 1, 0, true or false.", [{"field": name, "message": str(exc)}]) from None

    def query_model(self, model: type[Q]) -> Q:
        """The query string validated by a schema (errors -> 400 listing every bad parameter); repeated
        parameters arrive joined by commas, so a multi-value field reads ``?a=x&a=y`` and ``?a=x,y`` alike."""
        from pydantic import ValidationError

        try:
            return model.model_validate(self.query_values())
        except ValidationError as exc:
            raise BadRequest("The query string has invalid parameters.", _query_errors(exc)) from None

    def url_with(self, **params: str) -> str:
        """This request's URL with some query parameters replaced, at the end (for Link headers); every other
        parameter is kept as given, repeated ones too (``?status=Open&status=Draft`` must page through both)."""
        parts = urlsplit(str(self.raw.url))
        kept = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True) if name not in params]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode([*kept, *params.items()]), ""))

    def json(self) -> Any:
        content_type = (self.header("Content-Type") or "application/json").split(";")[0].strip().lower()
        if content_type != "application/json" and not content_type.endswith("+json"):
            raise UnsupportedMediaType(f"Send JSON (Content-Type: application/json), not {content_type}.")
        return jsonio.loads(self.raw.get_body())


_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_text(value: str) -> bool:
    """No surrogate code point: undecodable bytes (kept as U+DC80..U+DCFF by ``surrogateescape``) or a lone one."""
    return _SURROGATE.search(value) is None


def _readable(name: str) -> str:
    """A parameter name fit for an error message (undecodable bytes shown as U+FFFD)."""
    return _SURROGATE.sub("\ufffd", name)


def _query_errors(exc: ValidationError) -> list[ErrorItem]:
    """Errors named by the parameter (``status``, not ``status[1]``); a bad value of a list says which one."""
    from shared.models.parsing import validation_errors

    found = []
    for item, error in zip(validation_errors(exc), exc.errors(include_url=False), strict=True):
        name, *rest = error["loc"] or ("query",)
        position = f"value {rest[0] + 1}: " if rest and isinstance(rest[0], int) else ""
        found.append({"field": str(name), "message": position + item["message"]})
    return found


def parse_guid(value: str, name: str) -> str:
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise BadRequest(f"{name} must be a GUID.", [{"field": name, "message": "must be a GUID"}]) from None
