"""The pieces operations are described with: path and query parameters, bodies, responses.

An ``Operation`` names the function (as registered in ``function_app``) that serves it, so a test can hold
the document's paths and methods to exactly the routes the app registers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from shared.openapi import curl, examples
from shared.openapi.problems import problems
from shared.openapi.schemas import REF_TEMPLATE, ApiJsonSchema, Model, request_model, response_model

JSON = "application/json"
GUID = {"type": "string", "format": "uuid"}
BEARER = "bearerAuth"


@dataclass(frozen=True)
class Operation:
    function: str
    method: str
    path: str  # below the server URL (/api), with {name} path parameters
    tag: str
    summary: str
    description: str
    responses: dict[str, Any]
    parameters: list[dict[str, Any]] = field(default_factory=list)
    request_body: dict[str, Any] | None = None
    anonymous: bool = False

    def as_openapi(self) -> dict[str, Any]:
        operation: dict[str, Any] = {
            "operationId": self.function,
            "tags": [self.tag],
            "summary": self.summary,
            "description": f"{self.description}\n\n```sh\n{curl.command(self)}\n```",
        }
        parameters = [*_path_parameters(self.path), *self.parameters]
        if parameters:
            operation["parameters"] = parameters
        if self.request_body is not None:
            operation["requestBody"] = self.request_body
        operation["responses"] = self.responses
        if self.anonymous:
            operation["security"] = []
        return operation


# name -> (description, example)
_PATH_PARAMETERS = {
    "companyId": ("The company; an API key opens only its own company (403 elsewhere).", examples.COMPANY_ID),
    "orderId": ("The order.", examples.ORDER_ID),
    "lineItemId": ("The order's line item.", examples.LINE_ITEM_ID),
    "inventoryId": ("The inventory row (stock).", examples.INVENTORY_ID),
    "relatedOrganisationId": ("The customer (related organisation).", examples.ORGANISATION_ID),
    "certificateId": ("The certificate.", examples.CERTIFICATE_ID),
    "heatNumber": ("The heat (cast) number, compared case-insensitively.", examples.HEAT_NUMBER),
}
# Path parameters that are not GUIDs.
_PATH_SCHEMAS = {"heatNumber": {"type": "string", "minLength": 1, "maxLength": 100,  # and a visible character, no control ones
                                 "pattern": r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"}}


def _path_parameters(path: str) -> list[dict[str, Any]]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [
        {"name": name, "in": "path", "required": True, "description": _PATH_PARAMETERS[name][0], "schema": _PATH_SCHEMAS.get(name, GUID),
         "example": _PATH_PARAMETERS[name][1]}
        for name in names
    ]


def query(name: str, schema: dict[str, Any], description: str, required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description, "schema": schema}


def query_parameters(model: type[BaseModel], descriptions: dict[str, str]) -> list[dict[str, Any]]:
    """One query parameter per field of a query-string schema, typed by that schema."""
    schema = model.model_json_schema(by_alias=True, mode="validation", ref_template=REF_TEMPLATE, schema_generator=ApiJsonSchema)
    definitions = schema.get("$defs", {})
    parameters = []
    for name, prop in schema["properties"].items():
        prop = _without_null(prop)
        if "$ref" in prop and prop["$ref"].rsplit("/", 1)[-1] in definitions:
            prop = definitions[prop["$ref"].rsplit("/", 1)[-1]]
        # The parameter carries its own description (and a query string has no JSON default to show).
        prop = {key: value for key, value in prop.items() if key not in ("title", "default", "description")}
        if prop.get("type") == "array" and "maxLength" in prop:  # a list's length bound is its item count
            prop["maxItems"] = prop.pop("maxLength")
        parameters.append(query(name, prop, descriptions[name], required=name in schema.get("required", [])))
    return parameters


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent or has a value: ``X | None`` documents as ``X``; a decimal, which JSON
    bodies may send as a number or a string, is text in a query string, so its string form is what counts."""
    options = [option for option in prop.get("anyOf", []) if option != {"type": "null"}]
    if len(options) == 1 and "anyOf" in options[0]:
        return _without_null({**{key: value for key, value in prop.items() if key != "anyOf"}, **options[0]})
    texts = [option for option in options if option.get("type") == "string" and "pattern" in option]
    if len(options) == 2 and {option.get("type") for option in options} == {"number", "string"} and texts:
        options = texts
    if len(options) == 1:
        return {**{key: value for key, value in prop.items() if key != "anyOf"}, **options[0]}
    return prop


def header(name: str, description: str) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": False, "description": description, "schema": {"type": "string"}}


def json_body(schema: Any, description: str, examples: dict[str, Any] | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": schema}
    if examples:
        content["examples"] = {name: {"value": value} for name, value in examples.items()}
    return {"required": True, "description": description, "content": {JSON: content}}


def batch_of(model: type[BaseModel], max_items: int) -> dict[str, Any]:
    """An array of ``model`` (1..max_items), or one object standing for a one-element array."""
    item = request_model(model)
    return {"oneOf": [{"type": "array", "items": item, "minItems": 1, "maxItems": max_items}, item]}


def array_of(item: Model | dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def json_response(description: str, schema: Any, headers: dict[str, Any] | None = None, example: Any = None) -> dict[str, Any]:
    content: dict[str, Any] = {"schema": schema}
    if example is not None:
        content["example"] = example
    response: dict[str, Any] = {"description": description, "content": {JSON: content}}
    if headers:
        response["headers"] = headers
    return response


BINARY = {"type": "string", "format": "binary"}


def file_response(description: str, media_type: str, filename: str | None = None, etag: bool = False) -> dict[str, Any]:
    # Typed as a binary string so generated clients (openapi-python-client: ``File``) return the bytes.
    headers: dict[str, Any] = {}
    if filename:
        headers["Content-Disposition"] = {"description": f'`attachment; filename="{filename}"`', "schema": {"type": "string"}}
    if etag:
        headers["ETag"] = {"description": "Hash of the content; send it as `If-None-Match` to get a 304.", "schema": {"type": "string"}}
    response: dict[str, Any] = {"description": description, "content": {media_type: {"schema": BINARY}}}
    if headers:
        response["headers"] = headers
    return response


NOT_MODIFIED = {"304": {"description": "Not modified: `If-None-Match` holds the current `ETag`."}}
IF_NONE_MATCH = header("If-None-Match", "An `ETag` you hold: if the content is unchanged the answer is an empty 304.")


def errors(*statuses: int, authenticated: bool = True) -> dict[str, Any]:
    """Error responses: every authenticated route can answer 401 and 403, every route 503."""
    always = (401, 403, 503) if authenticated else (503,)
    return problems(*sorted({*statuses, *always}))


__all__ = ["JSON", "Model", "Operation", "request_model", "response_model"]
