"""What the server enforces, stated in the document where the generated schemas cannot say it by themselves.

- ``info.contact`` and ``info.license``: the deployment's settings (the repository names neither).
- The uploads' multipart limits: read from the settings and the multipart reader, so the document states what
  this deployment enforces.
- ``deliveryDate`` not before ``orderDate``: said on the property, with the exact 400 the server answers.
- Read-only fields of request bodies (accepted and ignored, so untyped in the models): typed as the
  representation they echo, and marked ``readOnly``; the same fields are ``readOnly`` in the representations.
- File downloads: also offered as ``application/octet-stream`` (the server honours ``Accept``), the binary media
  type every generator reads (openapi-python-client drops a response whose only types are PDF, ZIP or XLSX).
"""

from __future__ import annotations

from typing import Any

from shared.bulk.reading.multipart import MAX_FIELD_BYTES, MAX_PARTS
from shared.config import MIB, Settings

OCTET_STREAM = "application/octet-stream"

# Request body -> the representation whose fields it accepts back (read-only ones included).
ECHOES = {
    "OrderCreate": "OrderDetails",
    "OrderUpdate": "OrderDetails",
    "LineItemCreate": "LineItemWithReservations",
    "LineItemUpdate": "LineItemWithReservations",
    "InventoryCreate": "InventoryDetail",
    "InventoryUpdate": "InventoryDetail",
    "CertificateUpdate": "Certificate",
    "CompanyProfileUpdate": "CompanyProfile",
    "OrganisationUpdate": "Organisation",
}
# Read-only although typed in the request (checked: a company other than the path's is a 400).
ALSO_READ_ONLY = {"companyId"}

DATE_ORDER = (
    "Requested delivery day; not before `orderDate` (on create without `orderDate`, not before today, the default "
    "order date; on update, compared with the stored `orderDate` when the body has none). Otherwise the request is a "
    "400 naming this field (see the 400 example)."
)
DATE_ORDER_PROBLEM = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "The request has invalid fields.",
    "correlationId": "8d627539c02a44f7bcefe13951999fa5",
    "errors": [{"field": "[0].deliveryDate", "message": "deliveryDate may not be before orderDate"}],
}
PROBLEM_JSON = "application/problem+json"


def info(settings: Settings) -> dict[str, Any]:
    contact = {"name": settings.api_contact_name, "email": settings.api_contact_email, "url": settings.api_contact_url}
    license_ = {"name": settings.api_license_name, "url": settings.api_license_url}
    return {
        "contact": {key: value for key, value in contact.items() if value},
        "license": {key: value for key, value in license_.items() if value},
    }


def state(document: dict[str, Any], settings: Settings) -> None:
    operations = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    _upload_limits(operations, settings)
    _date_order(document, operations)
    _read_only(document["components"]["schemas"])
    _downloadable(operations.values())
    _guid_lists(operations.values())


def upload_limits(settings: Settings, files: str, parts: int) -> str:
    size = f"{settings.max_upload_bytes:,} bytes" + (
        f" ({settings.max_upload_bytes / MIB:g} MiB)" if settings.max_upload_bytes % (MIB // 4) == 0 else ""
    )
    return (
        f"Limits (this deployment's settings): the whole body at most {size}; at most {settings.max_upload_rows:,} rows "
        f"per file; at most {parts} multipart parts ({files}); a non-file part (ignored) at most {MAX_FIELD_BYTES:,} "
        "bytes. Beyond a limit the answer is a 413."
    )


def _upload_limits(operations: dict[str, Any], settings: Settings) -> None:
    from shared.services.inventory_upload import MAX_CERTIFICATE_FILES

    stated = {
        "upload_orders": upload_limits(settings, "one or two of them files, read as CSV or XLSX", MAX_PARTS),
        "upload_inventory": upload_limits(settings, f"the stock CSV and up to {MAX_CERTIFICATE_FILES} certificate files",
                                          MAX_CERTIFICATE_FILES + 1),
    }
    for operation_id, limits in stated.items():
        if operation_id in operations:
            body = operations[operation_id]["requestBody"]
            body["description"] = f"{body['description']} {limits}"


def _date_order(document: dict[str, Any], operations: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name in ("OrderCreate", "OrderUpdate"):
        schemas[name]["properties"]["deliveryDate"]["description"] = DATE_ORDER
    for operation_id in ("create_orders", "update_orders"):
        responses = operations[operation_id]["responses"]
        shared = document["components"]["responses"]["BadRequest"]
        responses["400"] = {
            "description": shared["description"],
            "content": {PROBLEM_JSON: {**shared["content"][PROBLEM_JSON], "examples": {
                "deliveryDate before orderDate": {"value": DATE_ORDER_PROBLEM}}}},
        }


def _read_only(schemas: dict[str, Any]) -> None:
    names: set[str] = set()
    for request, echoed in ECHOES.items():
        if request not in schemas:
            continue
        properties, source = schemas[request]["properties"], schemas[echoed]["properties"]
        for name, prop in properties.items():
            untyped = not {key for key in prop if key not in ("default", "description")}
            if untyped:
                typed = {key: value for key, value in source[name].items() if key != "description"}
                properties[name] = {**typed, **prop, "readOnly": True}
                properties[name].pop("default", None)
                names.add(name)
            elif name in ALSO_READ_ONLY:
                prop["readOnly"] = True
                names.add(name)
    for name, schema in schemas.items():
        if name not in ECHOES and schema.get("additionalProperties") is not False:
            for prop_name, prop in schema.get("properties", {}).items():
                if prop_name in names:
                    prop["readOnly"] = True


def _downloadable(operations: Any) -> None:
    for operation in operations:
        for response in operation["responses"].values():
            content = response.get("content", {})
            if content and all(media.get("schema", {}).get("format") == "binary" for media in content.values()):
                response["content"] = {OCTET_STREAM: {"schema": {"type": "string", "format": "binary"}}, **content}


def _guid_lists(operations: Any) -> None:
    """Query lists of ids (read as text, then parsed): each item is a GUID, or the request is a 400."""
    for operation in operations:
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] == "query" and parameter["name"].endswith("Ids") and schema.get("type") == "array":
                schema["items"] = {"type": "string", "format": "uuid"}
