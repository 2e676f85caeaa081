"""How well a line item is covered by the stock reserved for it.

Quantities are added up in the line's unit (converted by the unit table, to 4 decimal places); a line without a unit is measured in the
unit of its first reserved stock. A line is *covered* when exactly its quantity is reserved, *short* or *over* by the
difference otherwise, and *unmeasured* when the stock's units cannot be added up in one unit. Independently of the
quantity, a line is flagged when any of its stock is a *substitute* (recorded as one when reserved, or not the
material the line asks for now) or has *no certificate*. Only a covered line with neither flag is complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from shared.materials.match import Material, mismatches
from shared.materials.units import canonical_unit, convert

COVERED, SHORT, OVER, UNMEASURED = "covered", "short", "over", "unmeasured"
# Quantities are kept to 4 decimal places: a converted sum is compared (and shown) to that precision, so 1 g of
# stock on a line in tonnes is not "short by 0.000001 t".
PRECISION = Decimal("0.0001")


@dataclass(frozen=True)
class Held:
    """One reservation of a line, as coverage sees it."""

    quantity: Decimal  # in the stock's unit
    material: Material  # the stock's grade and unit
    certified: bool  # a certificate (the pack: a readable one) stands behind it
    substitute: bool = False  # reserved with allowSubstitute as another material than the line's


@dataclass(frozen=True)
class Coverage:
    ordered: Decimal
    unit: str | None  # the unit ``ordered`` and ``reserved`` are in
    reserved: Decimal | None  # None when the stock's units do not add up
    substitute: bool
    uncertified: bool

    @property
    def state(self) -> str:
        if self.reserved is None:
            return UNMEASURED
        if self.reserved == self.ordered:
            return COVERED
        return SHORT if self.reserved < self.ordered else OVER

    @property
    def short_by(self) -> Decimal | None:
        return self.ordered - self.reserved if self.state == SHORT and self.reserved is not None else None

    @property
    def over_by(self) -> Decimal | None:
        return self.reserved - self.ordered if self.state == OVER and self.reserved is not None else None

    @property
    def complete(self) -> bool:
        """Exactly the quantity, of the material asked for, all of it certified."""
        return self.state == COVERED and not self.substitute and not self.uncertified


def is_substitute(line: Material, held: Held) -> bool:
    return held.substitute or bool(mismatches(line, held.material))


def measuring_unit(line_unit: str | None, held: Sequence[Held]) -> str | None:
    """The line's unit, or (when it states none) the unit of its first reserved stock."""
    if canonical_unit(line_unit) is not None or not held:
        return line_unit
    return held[0].material.unit


def reserved_quantity(unit: str | None, held: Sequence[Held]) -> Decimal | None:
    """The sum of ``held`` in ``unit`` to 4 decimal places, as quantities are kept; None when some does not convert."""
    total = Decimal(0)
    for item in held:
        amount = convert(item.quantity, item.material.unit, unit)
        if amount is None:
            return None
        total += amount
    return total.quantize(PRECISION, rounding=ROUND_HALF_UP)


def line_coverage(ordered: Decimal, line: Material, held: Sequence[Held]) -> Coverage:
    unit = measuring_unit(line.unit, held)
    return Coverage(
        ordered=ordered,
        unit=unit,
        reserved=reserved_quantity(unit, held),
        substitute=any(is_substitute(line, item) for item in held),
        uncertified=any(not item.certified for item in held),
    )
