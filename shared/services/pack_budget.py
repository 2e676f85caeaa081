"""The budget of one certificate pack render, from ``Settings`` (CPU seconds, memory, wall clock, lines; see
certificate_pack/bounded.py), and how a pack over it is refused (422, naming the limit)."""

from __future__ import annotations

from shared.certificate_pack.bounded import RenderLimits
from shared.config import Settings


def render_limits(settings: Settings) -> RenderLimits:
    return RenderLimits(
        cpu_seconds=settings.pack_render_cpu_seconds,
        memory_bytes=settings.pack_render_memory_mb * 1024 * 1024,
        wall_seconds=float(settings.pack_render_timeout_seconds),
        max_lines=settings.pack_max_lines,
    )


def over_budget(limit: str, limits: RenderLimits) -> str:
    budget = f"{limits.cpu_seconds} s of CPU time" if limit == "cpu" else f"{limits.memory_bytes // (1024 * 1024)} MB of memory"
    return f"The certificate pack of this order needs more than the {budget} a pack may take to prepare."
