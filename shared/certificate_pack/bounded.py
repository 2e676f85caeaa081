"""``build_pack`` in a child process with a fixed budget: CPU seconds and address space (rlimits), and a wall
clock the parent enforces (``shared.bounded_child``). Whatever an order or its certificate files hold, the worker
that serves the request spends at most that budget and stays at its own size.

Children are forked from a forkserver that imported WeasyPrint and pypdf once (``bounded_child.FORKSERVER_PRELOAD``),
so a render does not pay for those imports. Outcomes:

    bytes                    the pack
    LimitExceeded            the render needed more CPU time or memory than the budget (same input, same answer)
    TimedOut                 the wall clock ran out first (a busy machine: worth retrying later)
    ChildFailed              the child crashed for another reason (a bug: logged, a 500)
(the exceptions of ``shared.bounded_child``, the one runner of bounded work).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import datetime

from shared.bounded_child import MIB, ChildLimits, run_bounded
from shared.bounded_child import ChildStats as RenderStats
from shared.certificate_pack.model import PackOrder

__all__ = ["MIB", "RenderLimits", "RenderStats", "render_bounded"]


@dataclass(frozen=True)
class RenderLimits:
    cpu_seconds: int = 120
    memory_bytes: int = 2048 * MIB  # address space, not resident memory: Pango and pypdf reserve more than they touch
    wall_seconds: float = 180.0  # below the Functions host's 230 s HTTP limit
    max_lines: int = 10_000  # refused up front: the cover alone would not fit the CPU budget


def render_bounded(order: PackOrder, generated_at: datetime, limits: RenderLimits) -> tuple[bytes, RenderStats]:
    """The pack and the render's stats; ``bounded_child``'s LimitExceeded, TimedOut or ChildFailed otherwise."""
    budget = ChildLimits(limits.cpu_seconds, limits.memory_bytes, limits.wall_seconds)
    return run_bounded(_render, (order, generated_at), budget)


# WeasyPrint allocates boxes and styles by the million; at Python's default threshold (700 allocations) the cyclic
# collector ran so often that it took about a quarter of a long cover's CPU (1,000 lines in one process: median
# 18.1 s, 13.2 s with this; 20 MB more peak). The render's process is thrown away afterwards: nothing else is affected.
GC_THRESHOLD = (50_000, 20, 100)


def _render(order: PackOrder, generated_at: datetime) -> bytes:
    from shared.certificate_pack.assemble import build_pack  # in the child (preloaded by its forkserver)

    gc.set_threshold(*GC_THRESHOLD)
    return build_pack(order, generated_at)
