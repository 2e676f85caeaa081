"""The pack's cache key: a SHA-256 over a canonical JSON of every input that shapes the PDF.

Same input → same hash → the stored pack can be served without rendering. Anything that changes the
output must therefore change the hash: every field of the order, lines, reservations and certificates
(new dataclass fields are picked up automatically), and ``TEMPLATE_VERSION`` for changes on our side.
Certificate (and logo) bytes are represented by their stored SHA-256 (hashing megabytes per request would defeat
the cache), plus whether the bytes could be loaded at all, because a missing file changes the cover.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from shared.certificate_pack.model import PackCertificate, PackLogo, PackOrder

# Bump whenever the templates, the CSS or the assembly rules (limits, sanitising, page order) change,
# so that packs cached under the old rules are not served again.
TEMPLATE_VERSION = "3"


def pack_hash(order: PackOrder) -> str:
    document = {"templateVersion": TEMPLATE_VERSION, "order": _canonical(order)}
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _canonical(value: Any) -> Any:
    if isinstance(value, (PackCertificate, PackLogo)):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        fields["content"] = value.content is not None  # the sha256 stands for the bytes themselves
        return {name: _canonical(item) for name, item in fields.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)  # "10" and "10.000" differ: at worst a spurious miss, never a wrong hit
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, bool)):
        return value
    # Refuse rather than hash a repr(): an unstable key would silently disable or poison the cache.
    raise TypeError(f"cannot hash a {type(value).__name__} in a certificate pack input")
