"""What a handler may return besides plain JSON-able data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class JsonReply:
    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FileReply:
    """A download. With an ``etag``, a matching ``If-None-Match`` turns it into a 304.

    ``content`` may be a callable: it is called only when the body is needed (not for a 304), so an expensive
    document is never produced for a client that already has it.
    """

    content: bytes | Callable[[], bytes]
    media_type: str
    filename: str | None = None
    etag: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
