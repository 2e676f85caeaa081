"""Decoded size of untrusted PDF streams, counted without keeping the decoded bytes.

A page's content streams are checked by decoding them (a stream that does not decode is a damaged file, and a
decompression bomb must be refused here, not in the customer's viewer), but nothing needs the decoded bytes:
Flate streams are inflated in slices that are counted and dropped, other filters are decoded by pypdf one stream
at a time (within its own per-stream cap) and dropped. A ``DecodeBudget`` spans a certificate or a whole pack.
"""

from __future__ import annotations

import zlib
from typing import Any

from shared.certificate_pack.errors import UnreadableCertificate

MIB = 1024 * 1024
_SLICE = 1 * MIB


class DecodeBudget:
    """Decoded bytes left; ``spend`` raises ``UnreadableCertificate`` once they run out."""

    def __init__(self, limit: int, reason: str) -> None:
        self.limit = limit
        self.used = 0
        self._reason = reason

    def spend(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise UnreadableCertificate(self._reason)


def count_decoded(stream: Any, *budgets: DecodeBudget) -> None:
    """Decode ``stream`` (a pypdf stream object) and charge its decoded size to every budget."""
    filters = stream.get("/Filter")
    if filters is not None and not isinstance(filters, str):
        filters = next(iter(filters)) if len(filters) == 1 else filters
    if filters == "/FlateDecode" and stream.get("/DecodeParms") is None:
        _inflate(stream._data, budgets)
        return
    from pypdf.filters import decode_stream_data

    data = decode_stream_data(stream)  # pypdf's own limits apply; the bytes are dropped on return
    for budget in budgets:
        budget.spend(len(data))


def _inflate(data: bytes, budgets: tuple[DecodeBudget, ...]) -> None:
    inflater = zlib.decompressobj()
    pending = data
    while True:
        chunk = inflater.decompress(pending, _SLICE)  # at most one slice of output at a time
        for budget in budgets:
            budget.spend(len(chunk))
        pending = inflater.unconsumed_tail
        if inflater.eof or (not chunk and not pending):
            break
    for budget in budgets:
        budget.spend(len(inflater.flush()))
