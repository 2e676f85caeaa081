"""GET /api/openapi.json: a valid OpenAPI 3.1 document of exactly the HTTP routes the function app registers,
its schemas generated from the pydantic models the code validates with."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from openapi_spec_validator import validate
from pydantic import BaseModel

import function_app
from devhost.discovery import http_routes
from shared.models.history import HistoryEvent
from shared.models.order_details import OrderDetails
from shared.models.orders import LineItemCreate, Order, OrderCreate, OrderIds, OrderUpdate, OrderWithLines
from shared.models.reservations import RemovedReservation, Reservation

REPO_ROOT = Path(__file__).resolve().parents[2]
# The two routes that serve the documentation itself are not part of it (DESIGN §3 routes 18 and 20).
DOCUMENTATION_ROUTES = {"get_openapi", "get_docs"}
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}
PROBLEM_STATUSES = {"400", "401", "403", "404", "409", "413", "415", "422", "503"}


@pytest.fixture
def document(client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in document["paths"].items() for method, op in item.items() if method in METHODS]


def openapi_path(route: str) -> str:
    """``companies/{companyId:guid}/orders`` -> ``/companies/{companyId}/orders``."""
    return "/" + re.sub(r"\{(\w+)(?::\w+)?\}", r"{\1}", route.strip("/"))


def test_the_document_is_served_without_a_key_and_is_valid_openapi_3_1(document) -> None:
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_document_describes_exactly_the_http_routes_the_app_registers(document) -> None:
    registered = {
        (method, openapi_path(route), name)
        for name, methods, route in http_routes(function_app.app)
        if name not in DOCUMENTATION_ROUTES
        for method in methods
    }
    documented = {(method, path, op["operationId"]) for method, path, op in operations(document)}
    assert documented == registered, f"undocumented: {sorted(registered - documented)}; not served: {sorted(documented - registered)}"


def test_paths_are_below_the_api_prefix_and_their_ids_are_guids(document) -> None:
    assert document["servers"] == [{"url": "/api"}]
    guid_routes = {openapi_path(route): re.findall(r"\{(\w+):guid\}", route) for _, _, route in http_routes(function_app.app)}
    # The one path parameter that is not an id (DESIGN §11): a heat number, a plain string segment.
    text_routes = {openapi_path(route): re.findall(r"\{(\w+)\}", route) for _, _, route in http_routes(function_app.app)}
    for _, path, op in operations(document):
        path_parameters = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}
        assert set(path_parameters) == set(re.findall(r"\{(\w+)\}", path)) == set(guid_routes[path]) | set(text_routes[path])
        assert set(text_routes[path]) <= {"heatNumber"}
        assert all(p["schema"] == {"type": "string", "format": "uuid"} and p["required"]
                   for name, p in path_parameters.items() if name in guid_routes[path])


def test_every_operation_needs_the_bearer_key_except_health(document) -> None:
    assert document["components"]["securitySchemes"]["bearerAuth"] == {**document["components"]["securitySchemes"]["bearerAuth"],
                                                                       "type": "http", "scheme": "bearer"}
    assert document["security"] == [{"bearerAuth": []}]
    for _, path, op in operations(document):
        if path == "/health":
            assert op["security"] == []
            assert not {"401", "403"} & set(op["responses"])
        else:
            assert "security" not in op, path
            assert {"401", "403", "503"} <= set(op["responses"]), path


def test_every_error_response_is_problem_json(document) -> None:
    shared_responses = document["components"]["responses"]
    for _, path, op in operations(document):
        for status, response in op["responses"].items():
            if status in PROBLEM_STATUSES:
                # By reference, or inline where the operation shows an example of its own (still a Problem).
                resolved = shared_responses[response["$ref"].rsplit("/", 1)[-1]] if "$ref" in response else response
                assert resolved["content"]["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
            else:
                assert status in {"200", "201", "304"}, f"{path} documents {status}"
    assert shared_responses["Unauthorized"]["headers"]["WWW-Authenticate"]
    assert shared_responses["ServiceUnavailable"]["headers"]["Retry-After"]


def test_bodies_that_can_be_too_large_or_of_the_wrong_type_document_413_and_415(document) -> None:
    for method, path, op in operations(document):
        if "requestBody" in op:
            assert {"400", "413", "415"} <= set(op["responses"]), f"{method} {path}"


def test_downloads_and_the_upload_document_their_media_types(document) -> None:
    success = {op["operationId"]: next(r for s, r in op["responses"].items() if s.startswith("2")) for _, _, op in operations(document)}
    # Each also as application/octet-stream, listed first: the one binary type every client generator reads.
    octet = "application/octet-stream"
    assert list(success["download_orders_csv"]["content"]) == [octet, "text/csv"]
    assert list(success["download_orders_zip"]["content"]) == [octet, "application/zip"]
    assert list(success["download_orders_xlsx"]["content"]) == [octet, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert list(success["get_upload_templates"]["content"]) == [octet, "application/zip",
                                                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]
    assert list(success["get_certificate_pack"]["content"]) == [octet, "application/pdf"]
    upload = next(op for _, _, op in operations(document) if op["operationId"] == "upload_orders")
    assert set(upload["requestBody"]["content"]) == {"multipart/form-data"}


# component name -> (the model the code validates with or answers from, mode)
GENERATED_FROM: dict[str, tuple[type[BaseModel], str]] = {
    "OrderCreate": (OrderCreate, "validation"),
    "OrderUpdate": (OrderUpdate, "validation"),
    "LineItemCreate": (LineItemCreate, "validation"),
    "OrderIds": (OrderIds, "validation"),
    "Order": (Order, "serialization"),
    "OrderWithLines": (OrderWithLines, "serialization"),
    "OrderDetails": (OrderDetails, "serialization"),
    "HistoryEvent": (HistoryEvent, "serialization"),
    "Reservation": (Reservation, "serialization"),
    "RemovedReservation": (RemovedReservation, "serialization"),
}


@pytest.mark.parametrize("name", sorted(GENERATED_FROM))
def test_component_schemas_have_exactly_the_fields_of_their_models(document, name: str) -> None:
    model, mode = GENERATED_FROM[name]
    schema = document["components"]["schemas"][name]
    aliases = {field.alias or field_name for field_name, field in model.model_fields.items()}
    assert set(schema["properties"]) == aliases
    required = {field.alias or field_name for field_name, field in model.model_fields.items() if field.is_required()}
    assert set(schema.get("required", [])) == (aliases if mode == "serialization" else required)
    if mode == "validation":
        assert schema["additionalProperties"] is False  # unknown fields are a 400


def test_component_names_are_plain_model_names(document) -> None:
    # pydantic qualifies a name with its module when two models share it; that would be a confusing reference.
    assert all(re.fullmatch(r"[A-Z][A-Za-z]+", name) for name in document["components"]["schemas"])


def test_quantities_are_documented_as_numbers_and_timestamps_as_date_times(document) -> None:
    order = document["components"]["schemas"]["Order"]["properties"]
    assert order["quantity"] == {"anyOf": [{"type": "number"}, {"type": "null"}]}
    assert order["createdAt"]["format"] == order["updatedAt"]["format"] == "date-time"
    assert order["status"]["$ref"] == "#/components/schemas/OrderStatus"


def _examples(document: dict[str, Any]):
    for method, path, op in operations(document):
        media = [*op.get("requestBody", {}).get("content", {}).values()]
        media += [m for response in op["responses"].values() for m in response.get("content", {}).values()]
        for content in media:
            values = [content["example"]] if "example" in content else []
            values += [example["value"] for example in content.get("examples", {}).values()]
            for value in values:
                yield f"{method} {path}", content["schema"], value


def test_every_example_matches_its_schema(document) -> None:
    checked = 0
    for where, schema, value in _examples(document):
        validator = jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]}, validate_formats=True)
        errors = [error.message for error in validator.iter_errors(value)]
        assert not errors, f"{where}: {errors}"
        checked += 1
    assert checked >= 10


def test_an_unchanged_document_is_a_304(client) -> None:
    etag = client.get("/api/openapi.json").headers["ETag"]
    again = client.get("/api/openapi.json", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_importing_the_function_app_does_not_build_the_document() -> None:
    # Cold start: the document is built on the first request for it, not when the host loads the app.
    probe = (
        "import sys, function_app, shared.openapi as o;"
        " print(o.document.cache_info().currsize, 'shared.openapi.builder' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.split() == ["0", "False"]
