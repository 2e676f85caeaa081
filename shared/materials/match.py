"""Whether stock is the material a line asks for.

A line that states a unit takes stock in the same unit or one that converts to it (``units``); a line that states a
grade takes stock of that grade (``grades``). What the line leaves open, it does not check: a line stating neither
takes any stock. Stock without a unit or grade cannot prove it is what a line asks for, so it does not match one.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import ErrorItem
from shared.materials.grades import normalised_grade, same_grade
from shared.materials.units import canonical_unit, factor


@dataclass(frozen=True)
class Material:
    """What a line asks for, or what a stock row is."""

    grade: str | None
    unit: str | None


def unit_mismatch(line: Material, stock: Material) -> ErrorItem | None:
    if canonical_unit(line.unit) is None or factor(stock.unit, line.unit) is not None:
        return None
    held = f"in {stock.unit}" if canonical_unit(stock.unit) else "without a unit"
    return {"field": "unit", "message": f"the stock is {held}, which does not convert to the line's {line.unit}"}


def grade_mismatch(line: Material, stock: Material) -> ErrorItem | None:
    if normalised_grade(line.grade) is None or same_grade(line.grade, stock.grade):
        return None
    held = f"is {stock.grade}" if normalised_grade(stock.grade) else "has no grade"
    return {"field": "materialGrade", "message": f"the stock {held}, the line asks for {line.grade}"}


def mismatches(line: Material, stock: Material) -> list[ErrorItem]:
    """Every way ``stock`` is not what ``line`` asks for (empty when it is)."""
    return [problem for problem in (unit_mismatch(line, stock), grade_mismatch(line, stock)) if problem is not None]
