"""``build_pack`` in a child process with a fixed budget: CPU seconds and address space (rlimits), and a wall
clock the parent enforces (``shared.bounded_child``). Whatever an order or its certificate files hold, the worker
that serves the request spends at most that budget and stays at its own size.

Children are forked from a forkserver that imported WeasyPrint and pypdf once (``bounded_child.FORKSERVER_PRELOAD``),
so a render does not pay for those imports. Outcomes:

    bytes                    the pack
    RenderLimitExceeded      the render needed more CPU time or memory than the budget (same input, same answer)
    RenderTimedOut           the wall clock ran out first (a busy machine: worth retrying later)
    RenderFailed             the child crashed for another reason (a bug: logged, a 500)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.bounded_child import MIB, ChildFailed, ChildLimits, LimitExceeded, TimedOut, run_bounded
from shared.bounded_child import ChildStats as RenderStats
from shared.certificate_pack.model import PackOrder

__all__ = ["MIB", "RenderFailed", "RenderLimitExceeded", "RenderLimits", "RenderStats", "RenderTimedOut",
           "render_bounded"]


@dataclass(frozen=True)
class RenderLimits:
    cpu_seconds: int = 120
    memory_bytes: int = 2048 * MIB  # address space, not resident memory: Pango and pypdf reserve more than they touch
    wall_seconds: float = 180.0  # below the Functions host's 230 s HTTP limit
    max_lines: int = 10_000  # refused up front: the cover alone would not fit the CPU budget


class RenderLimitExceeded(Exception):
    def __init__(self, limit: str) -> None:
        super().__init__(limit)
        self.limit = limit  # "cpu" or "memory"


class RenderTimedOut(Exception):
    pass


class RenderFailed(Exception):
    pass


def render_bounded(order: PackOrder, generated_at: datetime, limits: RenderLimits) -> tuple[bytes, RenderStats]:
    budget = ChildLimits(limits.cpu_seconds, limits.memory_bytes, limits.wall_seconds)
    try:
        return run_bounded(_render, (order, generated_at), budget)
    except LimitExceeded as exc:
        raise RenderLimitExceeded(exc.limit) from exc
    except TimedOut as exc:
        raise RenderTimedOut(f"no pack after {limits.wall_seconds:g} s") from exc
    except ChildFailed as exc:
        detail = exc.detail if exc.exitcode is None else f"render process ended with exit code {exc.exitcode}"
        raise RenderFailed(detail) from exc


def _render(order: PackOrder, generated_at: datetime) -> bytes:
    from shared.certificate_pack.assemble import build_pack  # in the child (preloaded by its forkserver)

    return build_pack(order, generated_at)
