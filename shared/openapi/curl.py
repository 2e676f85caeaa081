"""A ready curl command for each operation, shown in its description.

Variables: ``$API`` (e.g. ``http://localhost:7071/api``), ``$API_KEY`` and one per path parameter
(``$COMPANY_ID``, ``$ORDER_ID``, ...).
"""

from __future__ import annotations

import json
import re
from typing import Any, Protocol


class Operation(Protocol):
    """What a curl line is made from (``shared.openapi.spec.Operation`` has it; this module needs no more)."""

    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def anonymous(self) -> bool: ...
    @property
    def parameters(self) -> list[dict[str, Any]]: ...
    @property
    def request_body(self) -> dict[str, Any] | None: ...
    @property
    def responses(self) -> dict[str, Any]: ...

INLINE_BODY_LIMIT = 100
SAMPLE_VALUES = {"number": "2.5", "integer": "1", "boolean": "true"}


def variable(name: str) -> str:
    """``companyId`` -> ``$COMPANY_ID``."""
    return "$" + re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


def command(operation: Operation) -> str:
    parts = ["curl"]
    if operation.method != "GET":
        parts.append(f"-X {operation.method}")
    if not operation.anonymous:
        parts.append('-H "Authorization: Bearer $API_KEY"')
    parts.extend(_body(operation.request_body))
    parts.extend(_output(operation.responses))
    parts.append(f'"$API{_url(operation)}"')
    return " ".join(parts)


def _url(operation: Operation) -> str:
    path = re.sub(r"\{(\w+)\}", lambda match: variable(match.group(1)), operation.path)
    required = [parameter for parameter in operation.parameters if parameter["in"] == "query" and parameter.get("required")]
    query = "&".join(f"{parameter['name']}={_sample(parameter)}" for parameter in required)
    return f"{path}?{query}" if query else path


def _sample(parameter: dict[str, Any]) -> str:
    schema = parameter["schema"]
    if schema.get("format") == "uuid":
        return variable(parameter["name"])
    types = {option.get("type") for option in schema.get("anyOf", [schema])}
    return next((SAMPLE_VALUES[name] for name in ("number", "integer", "boolean") if name in types), "VALUE")


def _body(request_body: dict[str, Any] | None) -> list[str]:
    if request_body is None:
        return []
    content = request_body["content"]
    if "multipart/form-data" in content:
        return list(content["multipart/form-data"].get("x-curl", ['-F "files=@orders.csv"', '-F "files=@order-line-items.csv"']))
    examples: dict[str, dict[str, Any]] = content["application/json"].get("examples", {})
    first = next(iter(examples.values()), {}).get("value")
    text = json.dumps(first, separators=(",", ":")) if first is not None else ""
    data = f"-d '{text}'" if first is not None and len(text) <= INLINE_BODY_LIMIT else "-d @orders.json"
    return ['-H "Content-Type: application/json"', data]


def _output(responses: dict[str, Any]) -> list[str]:
    success: dict[str, Any] = next((response for status, response in responses.items() if status.startswith("2")), {})
    media_types = set(success.get("content", {}))
    if media_types and not media_types & {"application/json"}:
        disposition = success.get("headers", {}).get("Content-Disposition", {}).get("description", "")
        name = re.search(r'filename="([^"]+)"', disposition)
        return [f"-o {name.group(1) if name else 'download'}".replace("{orderReference}", "ORDER")]
    return []
