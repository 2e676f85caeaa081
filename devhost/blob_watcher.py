"""Runs the app's blob-triggered functions for blobs dropped into their containers, as Event Grid does in Azure.

A background thread lists each watched container (local folder or Azurite, whichever the app's blob store is)
every ``interval`` seconds and calls the function with a real ``azure.functions.blob.InputStream``. A blob is
handed over once its content was the same on two polls, so a file still being copied in is not read half-way.
The function moves what it processed away; a blob whose function keeps failing is given up after
``max_attempts`` (the host's poison queue) and logged. A blob the watcher cannot even read (a name the blob store
refuses, such as one with a backslash copied into the local folder) is logged once and skipped; it never stops
the blobs after it.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import azure.functions as func

from devhost.discovery import functions_of
from shared.blobs.base import BlobNotFound, BlobStore

log = logging.getLogger("devhost.blobs")

BlobHandler = Callable[[func.blob.InputStream], object]


@dataclass(frozen=True)
class BlobTrigger:
    name: str
    container: str
    handler: BlobHandler
    folders: int = 0  # how many "/" the blob name has at least (the path ``c/{companyId}/{name}`` wants one)


def blob_triggers(app: func.FunctionApp) -> list[BlobTrigger]:
    triggers = []
    for function in functions_of(app):
        trigger = function.get_trigger()
        if trigger is not None and trigger.get_binding_name() == "blobTrigger":
            container, _, pattern = str(getattr(trigger, "path", "")).partition("/")
            name = str(function.get_function_name())
            triggers.append(BlobTrigger(name, container, function.get_user_function(), pattern.count("/")))
    return triggers


class BlobWatcher:
    def __init__(self, triggers: list[BlobTrigger], blobs: BlobStore, *, interval: float = 1.0, max_attempts: int = 5) -> None:
        self.triggers, self.blobs, self.interval, self.max_attempts = triggers, blobs, interval, max_attempts
        self._last_seen: dict[tuple[str, str], str] = {}  # blob -> content hash at the previous poll
        self._failures: dict[tuple[str, str], int] = {}
        self._unreadable: set[tuple[str, str]] = set()  # logged once, then skipped
        self._stop = threading.Event()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, name="blob-watcher", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception:  # storage down for a moment: keep watching
                log.exception("listing the watched containers failed")

    def poll(self) -> int:
        """One pass over every watched container; returns how many blobs were handed to their function."""
        handed = 0
        for trigger in self.triggers:
            for name in self.blobs.list(trigger.container):
                handed += self._offer_safely(trigger, name)
        return handed

    def _offer_safely(self, trigger: BlobTrigger, name: str) -> int:
        key = (trigger.container, name)
        if key in self._unreadable:
            return 0
        try:
            return self._offer(trigger, name)
        except Exception:  # this blob only: the others are still handed over
            self._unreadable.add(key)
            log.exception("skipping %s/%s: it cannot be handed to %s", trigger.container, name, trigger.name)
            return 0

    def _offer(self, trigger: BlobTrigger, name: str) -> int:
        key = (trigger.container, name)
        if name.count("/") < trigger.folders or self._failures.get(key, 0) >= self.max_attempts:
            return 0  # not a path the trigger matches, or given up
        try:
            data = self.blobs.get(trigger.container, name)
        except BlobNotFound:
            return 0
        digest = hashlib.sha256(data).hexdigest()
        if self._last_seen.get(key) != digest:
            self._last_seen[key] = digest  # new or still changing: wait for one more poll
            return 0
        del self._last_seen[key]
        self._invoke(trigger, key, data)
        return 1

    def _invoke(self, trigger: BlobTrigger, key: tuple[str, str], data: bytes) -> None:
        path = "/".join(key)
        stream = func.blob.InputStream(data=data, name=path, length=len(data), uri=f"devhost://{path}")
        try:
            trigger.handler(stream)
            self._failures.pop(key, None)
        except Exception:  # the host retries a failed invocation, then gives up (poison); so do we
            self._failures[key] = self._failures.get(key, 0) + 1
            attempts = self._failures[key]
            give_up = " giving up" if attempts >= self.max_attempts else ""
            log.exception("%s failed for %s (attempt %d of %d)%s", trigger.name, path, attempts, self.max_attempts, give_up)


def start_blob_watcher(app: func.FunctionApp, blobs: BlobStore, interval: float = 1.0) -> BlobWatcher | None:
    triggers = blob_triggers(app)
    if not triggers:
        return None
    watcher = BlobWatcher(triggers, blobs, interval=interval)
    watcher.start()
    log.info("watching %s for %s", ", ".join(t.container for t in triggers), ", ".join(t.name for t in triggers))
    return watcher
