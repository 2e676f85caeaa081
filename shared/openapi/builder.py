"""Assembles the OpenAPI 3.1 document from the operation tables and the pydantic models."""

from __future__ import annotations

from typing import Any

from shared.config import Settings
from shared.openapi import (
    bulk_ops,
    certificates_ops,
    company_ops,
    customers_ops,
    enforced,
    inventory_ops,
    orders_ops,
    service_ops,
    stock_ops,
    traceability_ops,
)
from shared.openapi.descriptions import INTRODUCTION, PROPERTIES, SCHEMA_PROPERTIES
from shared.openapi.problems import problem_components
from shared.openapi.schemas import Model, component_schemas
from shared.openapi.spec import BEARER, Operation

SERVER_URL = "/api"

TAGS = [
    {"name": "Orders", "description": "Orders and their line items."},
    {"name": "Reservations", "description": "Stock (inventory rows with heat numbers and certificates) reserved for line items."},
    {"name": "History", "description": "Who changed what, when, field by field."},
    {"name": "Certificates", "description": "Mill test certificates (EN 10204), the certificate pack of an order, and the company "
     "profile packs are printed with."},
    {"name": "Stock", "description": "Inventory rows: heat numbers, grades, certificates, split lineage, history."},
    {"name": "Customers", "description": "Related organisations that orders belong to."},
    {"name": "Traceability", "description": "Where a heat went; where an order's material came from."},
    {"name": "Bulk CSV", "description": "Import and export through CSV files."},
    {"name": "Service", "description": "The service itself."},
]

SECURITY_SCHEMES = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key of the company (`ordk_...`), created with `python -m shared.cli create-api-key`.",
    }
}


def operations() -> list[Operation]:
    return [
        *orders_ops.OPERATIONS, *stock_ops.OPERATIONS, *inventory_ops.OPERATIONS, *certificates_ops.OPERATIONS,
        *company_ops.OPERATIONS, *customers_ops.OPERATIONS, *traceability_ops.OPERATIONS, *bulk_ops.OPERATIONS,
        *service_ops.OPERATIONS,
    ]


def build(version: str = "1.0.0", settings: Settings | None = None) -> dict[str, Any]:
    settings = settings or Settings()
    listed = operations()
    paths: dict[str, dict[str, Any]] = {}
    for operation in listed:
        paths.setdefault(operation.path, {})[operation.method.lower()] = operation.as_openapi()
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Orders API", "version": version, "description": INTRODUCTION, **enforced.info(settings)},
        "servers": [{"url": SERVER_URL}],
        "security": [{BEARER: []}],
        "tags": TAGS,
        "paths": paths,
        "components": {"securitySchemes": SECURITY_SCHEMES, "responses": problem_components()},
    }
    _drop_dangling_links(document, {operation.function for operation in listed})
    markers: list[Model] = []
    _collect(document, markers)
    refs, schemas = component_schemas(markers)
    document = _replace(document, refs)
    document["components"]["schemas"] = {name: _describe(name, schema) for name, schema in sorted(schemas.items())}
    enforced.state(document, settings)
    return document


def _collect(node: Any, found: list[Model]) -> None:
    if isinstance(node, Model):
        found.append(node)
    elif isinstance(node, dict):
        for value in node.values():
            _collect(value, found)
    elif isinstance(node, list):
        for value in node:
            _collect(value, found)


def _replace(node: Any, refs: dict[Model, dict[str, str]]) -> Any:
    if isinstance(node, Model):
        return dict(refs[node])
    if isinstance(node, dict):
        return {key: _replace(value, refs) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace(value, refs) for value in node]
    return node


def _drop_dangling_links(document: dict[str, Any], operation_ids: set[str]) -> None:
    """A link to an operation the document does not have would make the document invalid."""
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for response in operation["responses"].values():
                response_links = response.get("links", {})
                for name in [name for name, link in response_links.items() if link["operationId"] not in operation_ids]:
                    del response_links[name]


def _describe(schema_name: str, schema: dict[str, Any]) -> dict[str, Any]:
    for name, prop in schema.get("properties", {}).items():
        description = SCHEMA_PROPERTIES.get((schema_name, name)) or PROPERTIES.get(name)
        if description and "description" not in prop:
            prop["description"] = description
    return schema
