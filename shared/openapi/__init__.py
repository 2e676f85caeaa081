"""The OpenAPI 3.1 document of the HTTP routes, generated from the pydantic models the code validates with.

Built on the first request and kept for the life of the process: importing this package stays cheap, so the
function app's cold start does not pay for it. It states the deployment's settings (upload limits, contact,
licence), so it is built once per ``Settings``.
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from shared.config import Settings


@functools.cache
def document(settings: Settings | None = None) -> dict[str, Any]:
    from shared.openapi.builder import build

    return build(settings=settings or Settings())


@functools.cache
def document_json(settings: Settings | None = None) -> tuple[bytes, str]:
    """The document as UTF-8 JSON, and its hash (the ETag)."""
    content = json.dumps(document(settings), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return content, hashlib.sha256(content).hexdigest()[:32]
