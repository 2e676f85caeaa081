"""The rows of ``make bench``'s summary table: what each benchmark measured, against what, and its goal.

A benchmark module's ``run()`` returns a list whose items are plain text lines (printed as they are) or
``Figure`` rows (printed as a line too, and collected into the summary table at the end)::

    return [
        "20000 orders, median of 5",
        Figure("list 20,000 orders over HTTP", value=290.0, baseline=210.0, goal=1.5, unit="ms"),
        Figure("cached pack vs fresh render", value=fresh, baseline=cached, goal=20, unit="s", at_least=True),
        Figure("fresh render, 20 certificates", value=1.9, goal=3, unit="s"),   # absolute goal, no baseline
    ]

With a ``baseline`` the goal bounds the ratio ``value / baseline``; without one it bounds ``value`` itself.
``at_least`` turns the bound around (throughput, speed-ups). A figure with no goal is reported, never judged.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    baseline: float | None = None
    goal: float | None = None
    unit: str = "ms"
    at_least: bool = False

    @property
    def ratio(self) -> float | None:
        if self.baseline is None:
            return None
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def judged(self) -> float:
        ratio = self.ratio
        return self.value if ratio is None else ratio

    @property
    def passed(self) -> bool | None:
        if self.goal is None:
            return None
        return self.judged >= self.goal if self.at_least else self.judged <= self.goal

    @property
    def goal_text(self) -> str:
        if self.goal is None:
            return "-"
        bound = ">=" if self.at_least else "<="
        return f"{bound} {self.goal:g}x" if self.baseline is not None else f"{bound} {self.goal:g} {self.unit}"

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "-"}[self.passed]

    def line(self) -> str:
        text = f"{self.name}: {_number(self.value)} {self.unit}"
        if self.baseline is not None:
            text += f" vs {_number(self.baseline)} {self.unit} -> {self.ratio:.2f}x"
        return f"{text} (goal {self.goal_text}: {self.verdict})" if self.goal is not None else text


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def table(rows: Iterable[tuple[str, Figure]]) -> list[str]:
    """The summary table as text lines (a Markdown table): (benchmark module, figure) per row."""
    header = ("benchmark", "figure", "value", "baseline", "ratio", "goal", "result")
    cells = [
        (
            module, figure.name, f"{_number(figure.value)} {figure.unit}",
            "-" if figure.baseline is None else f"{_number(figure.baseline)} {figure.unit}",
            "-" if figure.ratio is None else f"{figure.ratio:.2f}x", figure.goal_text, figure.verdict,
        )
        for module, figure in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *cells, strict=True)]
    lines = [_row(header, widths), _row(tuple("-" * width for width in widths), widths)]
    return lines + [_row(row, widths) for row in cells]


def _row(cells: tuple[str, ...], widths: list[int]) -> str:
    return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"
