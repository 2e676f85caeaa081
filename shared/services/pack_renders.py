"""Each certificate pack is rendered once, however many requests ask for it at the same time.

Within a worker process, requests for the same pack (the blob name carries its hash) queue on one lock: the
first renders, the others wait for it and then read the stored pack. Across worker processes and hosts, the
renderer holds a lease: a blob ``{pack}.rendering`` created only if absent (an atomic create in Azure Blob
Storage and in the local folder), holding the time it expires. A request that finds a live lease answers
``503`` with ``Retry-After`` instead of rendering again; a lease whose holder died expires after the render's
wall-clock budget and is taken over. Two workers taking over the same dead lease at once may both render: they
store the same bytes under the same name, atomically, so the stored pack is whole either way.
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from shared.blobs.base import BlobNotFound, BlobStore, storage_errors
from shared.clock import Clock
from shared.errors import ServiceUnavailable

CERTIFICATE_PACKS_CONTAINER = "certificate-packs"
RETRY_AFTER_SECONDS = 10


class _Flight:
    def __init__(self) -> None:
        self.lock = threading.Lock()


_flights: weakref.WeakValueDictionary[str, _Flight] = weakref.WeakValueDictionary()
_flights_guard = threading.Lock()


def stored_or_rendered(blobs: BlobStore, clock: Clock, blob_name: str, render: Callable[[], bytes], budget: float) -> bytes:
    """The stored pack, or ``render()``'s, stored; a render already running here is waited for (up to
    ``budget`` seconds), one running elsewhere is a 503."""
    stored = _stored(blobs, blob_name)
    if stored is not None:
        return stored
    flight = _flight(blob_name)
    if not flight.lock.acquire(timeout=budget):
        raise _busy()
    try:
        stored = _stored(blobs, blob_name)  # rendered while this request waited
        if stored is not None:
            return stored
        with _lease(blobs, clock, blob_name, budget):
            content = render()
            with storage_errors():
                blobs.put(CERTIFICATE_PACKS_CONTAINER, blob_name, content, content_type="application/pdf")
        return content
    finally:
        flight.lock.release()


def _flight(blob_name: str) -> _Flight:
    with _flights_guard:
        flight = _flights.get(blob_name)
        if flight is None:
            flight = _flights[blob_name] = _Flight()
        return flight


def _stored(blobs: BlobStore, blob_name: str) -> bytes | None:
    with storage_errors():
        try:
            return blobs.get(CERTIFICATE_PACKS_CONTAINER, blob_name)
        except BlobNotFound:
            return None


@contextlib.contextmanager
def _lease(blobs: BlobStore, clock: Clock, blob_name: str, budget: float) -> Iterator[None]:
    name = f"{blob_name}.rendering"
    expires = clock.now() + timedelta(seconds=budget + 30)
    with storage_errors():
        taken = _take(blobs, clock, name, expires)
    if not taken:
        raise _busy()
    try:
        yield
    finally:
        with storage_errors():
            blobs.delete(CERTIFICATE_PACKS_CONTAINER, name)


def _take(blobs: BlobStore, clock: Clock, name: str, expires: datetime) -> bool:
    if blobs.create(CERTIFICATE_PACKS_CONTAINER, name, expires.isoformat().encode("ascii")):
        return True
    try:
        held_until = datetime.fromisoformat(blobs.get(CERTIFICATE_PACKS_CONTAINER, name).decode("ascii"))
    except BlobNotFound:  # released meanwhile
        return blobs.create(CERTIFICATE_PACKS_CONTAINER, name, expires.isoformat().encode("ascii"))
    except ValueError:  # unreadable lease: treat it as expired
        held_until = clock.now()
    if held_until > clock.now():
        return False
    blobs.delete(CERTIFICATE_PACKS_CONTAINER, name)  # its holder died: take it over
    return blobs.create(CERTIFICATE_PACKS_CONTAINER, name, expires.isoformat().encode("ascii"))


def _busy() -> ServiceUnavailable:
    return ServiceUnavailable("This certificate pack is being prepared; please retry shortly.", retry_after_seconds=RETRY_AFTER_SECONDS)
