"""The OpenAPI document states what the server enforces (issue 16 item 4), each statement checked against the
server itself: the date order with its exact 400, the upload limits of this deployment's settings, closed request
bodies, typed read-only fields, date-time formats, contact and licence, binary downloads every generator reads,
and links that resolve on the common paths."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.test import Client

from shared import context as app_context
from shared.bulk.reading.multipart import MAX_FIELD_BYTES, MAX_PARTS
from shared.openapi.enforced import DATE_ORDER_PROBLEM
from tests.bulk_support import csv_file
from tests.stock_support import body as call_body
from tests.stock_support import stock
from tests.support import Api, http_client, make_context, make_tenant, order

UNKNOWN = "notAField"
# A single object sent where an array of them is read is item [0]; the stock id lists have their own parser and wording.
BATCH_BODIES = {"create_orders", "update_orders", "create_inventory", "create_organisations"}
UNKNOWN_MESSAGES = {"delete_inventory": "unknown field", "restore_inventory": "unknown field"}


def served(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def operation(document: dict[str, Any], operation_id: str) -> tuple[str, str, dict[str, Any]]:
    return next((path, method, op) for path, item in document["paths"].items() for method, op in item.items()
                if op["operationId"] == operation_id)


def without_correlation_id(problem: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in problem.items() if key != "correlationId"}


@pytest.fixture
def configured(tmp_path: Path) -> Iterator[tuple[Api, dict[str, Any]]]:
    """A deployment with its own settings: small upload limits, a contact and a licence."""
    context = make_context(tmp_path, max_upload_bytes=3 * 1024 * 1024, max_upload_rows=3, api_contact_name="Metals IT",
                           api_contact_email="api@metals.example", api_license_name="MIT", api_license_url="https://opensource.org/license/mit")
    app_context.use(context)
    client = http_client()
    yield Api(client, make_tenant(context)), served(client)
    app_context.use(None)


def test_contact_and_licence_are_the_deployments(configured) -> None:
    _, document = configured
    assert document["info"]["contact"] == {"name": "Metals IT", "email": "api@metals.example"}
    assert document["info"]["license"] == {"name": "MIT", "url": "https://opensource.org/license/mit"}


def test_without_settings_contact_and_licence_are_neutral_placeholders(client) -> None:
    info = served(client)["info"]
    assert (info["contact"], info["license"]) == ({"name": "Orders API maintainers"}, {"name": "Proprietary"})


def test_the_upload_states_this_deployments_limits_and_the_server_holds_them(configured) -> None:
    api, document = configured
    _, _, upload = operation(document, "upload_orders")
    stated = upload["requestBody"]["description"]
    assert "the whole body at most 3,145,728 bytes (3 MiB)" in stated
    assert "at most 3 rows per file" in stated
    assert f"at most {MAX_PARTS} multipart parts" in stated and f"at most {MAX_FIELD_BYTES:,} bytes" in stated
    schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert (schema["properties"]["files"]["minItems"], schema["properties"]["files"]["maxItems"]) == (1, 2)

    def post(files: list[tuple[str, bytes]], fields: dict[str, str] | None = None) -> int:
        data: dict[str, Any] = {**(fields or {}), "files": [(io.BytesIO(content), name) for name, content in files]}
        return api.request("POST", "/upload", data=data, content_type="multipart/form-data").status_code

    rows = [["OrderReference", "OrderDate"], *[[f"SO-{n}", "2026-03-01"] for n in range(3)]]
    assert post([("orders.csv", csv_file(rows))]) == 200
    assert post([("orders.csv", csv_file([*rows, ["SO-9", "2026-03-01"]]))]) == 413  # 4 rows
    assert post([("orders.csv", b"OrderReference\r\n" + b"x" * (3 * 1024 * 1024))]) == 413
    many = {f"note{n}": "x" for n in range(MAX_PARTS)}  # with the file: one part more than allowed
    assert post([("orders.csv", csv_file(rows))], many) == 413
    # Fewer non-file parts are ignored: the multipart body is open (no additionalProperties: false).
    assert post([("orders.csv", csv_file(rows))], {"note": "x"}) == 200
    assert "additionalProperties" not in schema


@pytest.mark.parametrize("operation_id", ["create_orders", "update_orders"])
def test_delivery_before_order_is_the_documented_400(client, api: Api, operation_id: str) -> None:
    document = served(client)
    _, _, op = operation(document, operation_id)
    example = op["responses"]["400"]["content"]["application/problem+json"]["examples"]["deliveryDate before orderDate"]["value"]
    assert example == DATE_ORDER_PROBLEM
    for name in ("OrderCreate", "OrderUpdate"):
        assert "not before `orderDate`" in document["components"]["schemas"][name]["properties"]["deliveryDate"]["description"]
    if operation_id == "create_orders":
        response = api.request("POST", json=[order("SO-1", orderDate="2026-03-20", deliveryDate="2026-03-01")])
    else:
        created = api.create([order("SO-1", orderDate="2026-03-01", deliveryDate="2026-03-20")])[0]
        response = api.request("PUT", json=[{"orderId": created["orderId"], "deliveryDate": "2026-02-01"}])
    assert response.status_code == 400
    assert without_correlation_id(response.get_json()) == without_correlation_id(example)


def _json_bodies(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield op["operationId"], method.upper(), path, content["application/json"]["schema"]


def _closed(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    options = schema.get("oneOf", [schema])
    refs = [option.get("items", option).get("$ref", "") for option in options]
    return all(schemas[ref.rsplit("/", 1)[-1]].get("additionalProperties") is False for ref in refs if ref)


def test_every_closed_json_body_is_refused_with_an_unknown_field_named(client, api: Api) -> None:
    document = served(client)
    schemas = document["components"]["schemas"]
    bodies = list(_json_bodies(document))
    assert len(bodies) >= 12
    for operation_id, method, path, schema in bodies:
        assert _closed(schema, schemas), f"{operation_id}: the server refuses unknown fields; the schema must say so"
        url = re.sub(r"\{(\w+)\}", lambda match: api.tenant.company_id if match.group(1) == "companyId" else
                     "0f8fad5b-d9cb-469f-a165-70867728950e", path)
        response = client.open(f"/api{url}", method=method, headers=api.tenant.headers, json={UNKNOWN: 1})
        assert response.status_code == 400, f"{operation_id}: {response.status_code} {response.get_data(as_text=True)}"
        named = [error for error in response.get_json()["errors"] if error.get("field", "").endswith(UNKNOWN)]
        prefix = "[0]." if operation_id in BATCH_BODIES else ""
        message = UNKNOWN_MESSAGES.get(operation_id, "Extra inputs are not permitted")
        assert named == [{"field": prefix + UNKNOWN, "message": message}], f"{operation_id}: {response.get_json()['errors']}"


def test_read_only_fields_are_typed_and_marked(client) -> None:
    schemas = served(client)["components"]["schemas"]
    request_schemas = {name: schema for name, schema in schemas.items() if schema.get("additionalProperties") is False}
    marked = 0
    for name, schema in request_schemas.items():
        for prop_name, prop in schema["properties"].items():
            typed = {"type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const"} & set(prop)
            assert typed, f"{name}.{prop_name} is untyped"
            marked += bool(prop.get("readOnly"))
    assert marked >= 30
    order_update = schemas["OrderUpdate"]["properties"]
    assert {"readOnly": True, "type": "string", "format": "date-time"}.items() <= order_update["createdAt"].items()
    assert order_update["active"]["type"] == "boolean" and order_update["active"]["readOnly"] is True
    assert not order_update["updatedAt"].get("readOnly")  # the concurrency guard is applied, not ignored
    line = schemas["LineItemUpdate"]["properties"]
    assert line["orderId"]["format"] == "uuid" and line["orderId"]["readOnly"] is True
    assert line["reservations"]["readOnly"] is True and line["reservations"]["type"] == "array"
    order = schemas["OrderWithLines"]["properties"]
    assert all(order[name]["readOnly"] is True for name in ("companyId", "createdAt", "updatedAt", "active", "customerName"))


def test_timestamps_are_date_times(client) -> None:
    schemas = served(client)["components"]["schemas"]
    for name in ("HistoryEvent", "StockHistoryEvent", "NameChange"):
        assert schemas[name]["properties"]["changedAt"]["format"] == "date-time", name
    history = served(client)["paths"]["/companies/{companyId}/orders/{orderId}/history"]["get"]["parameters"]
    assert next(p for p in history if p["name"] == "since")["schema"]["format"] == "date-time"


def test_downloads_come_as_octet_stream_when_asked_and_as_their_own_type_otherwise(api: Api) -> None:
    api.create([order("SO-1")])
    plain = api.request("GET", "/export/csv")
    asked = api.request("GET", "/export/csv", headers={"Accept": "application/octet-stream"})
    assert (plain.status_code, plain.mimetype, asked.status_code, asked.mimetype) == (200, "text/csv", 200, "application/octet-stream")
    assert asked.data == plain.data and asked.headers["Content-Disposition"] == plain.headers["Content-Disposition"]
    either = api.request("GET", "/export/zip", headers={"Accept": "application/zip, application/octet-stream"})
    assert either.mimetype == "application/zip"


# --- links ------------------------------------------------------------------------------------------------------


def _resolve(expression: Any, request: dict[str, Any], response: Any) -> Any:
    """A link value: a runtime expression (``$request.path.x``, ``$request.body#/p``, ``$response.body#/p``) or a
    structure of them; ``KeyError``/``IndexError`` when it points at nothing."""
    if isinstance(expression, dict):
        return {key: _resolve(value, request, response) for key, value in expression.items()}
    if isinstance(expression, list):
        return [_resolve(value, request, response) for value in expression]
    if not isinstance(expression, str) or not expression.startswith("$"):
        return expression
    if expression.startswith("$request.path."):
        return request["path"][expression.removeprefix("$request.path.")]
    source, pointer = expression.split("#", 1)
    value = request["body"] if source == "$request.body" else response
    for part in filter(None, pointer.split("/")):
        value = value[int(part)] if isinstance(value, list) else value[part]
    return value


def test_links_resolve_on_the_common_paths(client, api: Api) -> None:
    document = served(client)
    links = {op["operationId"]: {status: response.get("links", {}) for status, response in op["responses"].items()}
             for item in document["paths"].values() for op in item.values()}
    company = api.tenant.company_id
    inventory_id = call_body(api, "POST", "inventory", 201, json=[stock("Plate", 1.5, materialGrade="S355J2")])[0]["inventoryId"]
    followed: set[tuple[str, str]] = set()

    def step(operation_id: str, status: int, response: Any, path: dict[str, str] | None = None, body: Any = None) -> None:
        request = {"path": {"companyId": company, **(path or {})}, "body": body}
        for name, link in links[operation_id][str(status)].items():
            for value in [*link.get("parameters", {}).values(), *([link["requestBody"]] if "requestBody" in link else [])]:
                assert _resolve(value, request, response) is not None, f"{operation_id} -> {name}"
            followed.add((operation_id, name))

    without_lines = api.create([order("SO-1")])
    step("create_orders", 201, without_lines, body=[order("SO-1")])
    with_lines = api.create([order("SO-2", lines=1)])
    step("create_orders", 201, with_lines)
    update = [{"orderId": without_lines[0]["orderId"], "status": "InProgress"}]
    step("update_orders", 200, api.update(update), body=update)
    ids = {"orderIds": [without_lines[0]["orderId"]]}
    for _ in range(2):  # the second delete deletes nothing
        response = api.request("DELETE", json=ids)
        step("delete_orders", 200, response.get_json(), body=ids)
    for _ in range(2):  # the second restore restores nothing
        response = api.request("POST", "/restore", json=ids)
        step("restore_orders", 200, response.get_json(), body=ids)
    order_id, line_id = with_lines[0]["orderId"], with_lines[0]["lineItems"][0]["orderLineItemId"]
    reserved = api.request("POST", f"/{order_id}/line-items/{line_id}/reservations?inventoryId={inventory_id}&reserveQuantity=1.5")
    assert reserved.status_code == 201, reserved.get_data(as_text=True)
    step("reserve_inventory", 201, reserved.get_json(), path={"orderId": order_id, "lineItemId": line_id})
    every = {(operation_id, name) for operation_id, by_status in links.items() for named in by_status.values() for name in named}
    assert followed == every


def test_a_query_parameter_without_a_name_is_a_400(api: Api) -> None:
    assert api.request("GET", "?status=Open").status_code == 200
    response = api.request("GET", "?status=Open&=null")
    assert response.status_code == 400
    assert response.get_json()["detail"] == "A query parameter has no name."
