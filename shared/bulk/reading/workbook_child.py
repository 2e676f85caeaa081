"""``workbook_sheets.sheets_as_csv`` in a child process with a fixed budget (issue 18): address space and CPU seconds
(rlimits), and a wall clock the parent enforces, as the certificate pack render does (``shared.bounded_child``).

A workbook's parts have passed the ZIP limits before it gets here, but calamine reads a sheet into a dense grid of
its extent, which a tiny file can make astronomically large (and a failed allocation aborts the process). In the
child, that is a ``413`` for the upload, and the worker serving it keeps its size. Children are forked from the
process's one forkserver (python-calamine imports in milliseconds in the child). Outcomes: the CSV files; the child's own ``BadRequest`` or
``PayloadTooLarge``; ``PayloadTooLarge`` when it ran out of memory or CPU time; ``ServiceUnavailable`` when the
wall clock ran out (a busy machine).
"""

from __future__ import annotations

from typing import cast

from shared.bounded_child import MIB, ChildFailed, ChildLimits, LimitExceeded, TimedOut, run_bounded
from shared.bulk.reading.workbook_sheets import Sheets, sheets_as_csv
from shared.errors import AppError, BadRequest, PayloadTooLarge, ServiceUnavailable

MEMORY_BYTES = 1536 * MIB  # address space: a full-size upload (100,000 rows) needs a few hundred MiB
CPU_SECONDS = 120
WALL_SECONDS = 180.0
_ERRORS: dict[str, type[AppError]] = {"BadRequest": BadRequest, "PayloadTooLarge": PayloadTooLarge}


def read_bounded(name: str, data: bytes, max_rows: int) -> Sheets:
    try:
        (kind, value), _ = run_bounded(_read, (name, data, max_rows), ChildLimits(CPU_SECONDS, MEMORY_BYTES, WALL_SECONDS))
    except TimedOut:
        raise ServiceUnavailable(f"Reading {name} took longer than {WALL_SECONDS:g} s; try again later.", 30) from None
    except LimitExceeded:  # a signal: calamine aborted on a failed allocation, or the CPU limit
        raise PayloadTooLarge(f"{name} needs more memory or time to read than an upload may use: its sheets span too "
                              "many cells (a cell far below or right of the data?). Save the sheets as CSV and upload those.") from None
    except ChildFailed as exc:
        ended = f"ended with exit code {exc.exitcode}" if exc.exitcode is not None else f"failed: {exc.detail}"
        raise RuntimeError(f"workbook reader {ended}") from exc
    if kind == "ok":
        return cast(Sheets, value)
    raise _ERRORS[kind](cast(str, value))


def _read(name: str, data: bytes, max_rows: int) -> tuple[str, Sheets | str]:
    """In the child: the sheets, or the refusal to send back as the parent's own error."""
    try:
        return "ok", sheets_as_csv(name, data, max_rows)
    except (BadRequest, PayloadTooLarge) as exc:
        return type(exc).__name__, exc.detail
    except MemoryError:
        return "PayloadTooLarge", f"{name} needs more memory to read than an upload may use."
