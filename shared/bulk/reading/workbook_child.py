"""``workbook_sheets.sheets_as_csv`` in a child process with a fixed budget (issue 18): address space and CPU seconds
(rlimits), and a wall clock the parent enforces, as the certificate pack render does (``certificate_pack.bounded``).

A workbook's parts have passed the ZIP limits before it gets here, but calamine reads a sheet into a dense grid of
its extent, which a tiny file can make astronomically large (and a failed allocation aborts the process). In the
child, that is a ``413`` for the upload, and the worker serving it keeps its size. Children are forked from the
process's one forkserver (python-calamine imports in milliseconds in the child). Outcomes: the CSV files; the child's own ``BadRequest`` or
``PayloadTooLarge``; ``PayloadTooLarge`` when it ran out of memory or CPU time; ``ServiceUnavailable`` when the
wall clock ran out (a busy machine).
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from typing import Any

from shared.bulk.reading.workbook_sheets import Sheets, sheets_as_csv
from shared.certificate_pack.bounded import _PRELOAD as PACK_PRELOAD
from shared.errors import AppError, BadRequest, PayloadTooLarge, ServiceUnavailable

MIB = 1024 * 1024
MEMORY_BYTES = 1536 * MIB  # address space: a full-size upload (100,000 rows) needs a few hundred MiB
CPU_SECONDS = 120
WALL_SECONDS = 180.0
_ERRORS: dict[str, type[AppError]] = {"BadRequest": BadRequest, "PayloadTooLarge": PayloadTooLarge}
_LIMIT_SIGNALS = frozenset({signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGXCPU, signal.SIGKILL})


def read_bounded(name: str, data: bytes, max_rows: int) -> Sheets:
    context = multiprocessing.get_context("forkserver")
    # A process has one forkserver: whichever starts it fixes its preloads, so a workbook read that starts it first
    # gives it the pack renderer's (which pay off there); set again each time, as the renderer does.
    context.set_forkserver_preload(PACK_PRELOAD)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, name, data, max_rows), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(WALL_SECONDS):
            raise ServiceUnavailable(f"Reading {name} took longer than {WALL_SECONDS:g} s; try again later.", 30)
        try:
            outcome = receiver.recv()
        except EOFError:  # the child died without a word: a signal
            outcome = None
    finally:
        process.kill()
        process.join()
        receiver.close()
    if outcome is None:
        return _died(name, process.exitcode)
    kind, value = outcome
    if kind == "ok":
        return value  # type: ignore[no-any-return]
    raise _ERRORS[kind](value)


def _died(name: str, exitcode: int | None) -> Sheets:
    if exitcode is not None and exitcode < 0 and -exitcode in _LIMIT_SIGNALS:
        raise PayloadTooLarge(f"{name} needs more memory or time to read than an upload may use: its sheets span too "
                              "many cells (a cell far below or right of the data?). Save the sheets as CSV and upload those.")
    raise RuntimeError(f"workbook reader ended with exit code {exitcode}")


def _child(sender: Any, name: str, data: bytes, max_rows: int) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    try:
        sender.send(("ok", sheets_as_csv(name, data, max_rows)))
    except (BadRequest, PayloadTooLarge) as exc:
        sender.send((type(exc).__name__, exc.detail))
    except MemoryError:
        sender.send(("PayloadTooLarge", f"{name} needs more memory to read than an upload may use."))
