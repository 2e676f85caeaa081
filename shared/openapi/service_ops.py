"""Operations about the service itself."""

from __future__ import annotations

from shared.openapi.spec import Operation, errors, json_response

HEALTH = {"type": "object", "properties": {"status": {"const": "ok"}}, "required": ["status"]}

OPERATIONS = [
    Operation(
        "health", "GET", "/health", "Service", "Health check",
        "200 when the database and the blob storage both answer, else 503. Needs no API key.",
        {"200": json_response("Healthy.", HEALTH, example={"status": "ok"}), **errors(authenticated=False)},
        anonymous=True,
    ),
]
