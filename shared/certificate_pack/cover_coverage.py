"""What the cover says about how each line is covered: the words, from ``shared.materials.coverage``'s facts.

A line is complete (and only then) when exactly its quantity is reserved, every piece of it is the material the line
asks for, and every piece has a certificate that made it into the pack. Each way a line falls short of that is one
sentence for the cover's summary, so the summary says "all covered" only when no line has one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.model import PackLine, PackReservation
from shared.materials.coverage import OVER, SHORT, UNMEASURED, Coverage, Held, is_substitute, line_coverage
from shared.materials.match import Material


def _number(quantity: Decimal | None, unit: str | None) -> str:
    if quantity is None:
        return "—"
    number = format(quantity.normalize(), ",f")  # no exponent, no trailing zeros
    return f"{number} {unit}" if unit else number


def wanted(line: PackLine) -> Material:
    return Material(grade=line.material_grade, unit=line.unit)


def held(reservation: PackReservation, prepared: Mapping[str, PreparedCertificate]) -> Held:
    cert = reservation.certificate
    certified = cert is not None and prepared[cert.certificate_id].problem is None
    material = Material(grade=reservation.material_grade, unit=reservation.unit)
    return Held(reservation.quantity, material, certified, reservation.substitute)


def pack_line_coverage(line: PackLine, prepared: Mapping[str, PreparedCertificate]) -> Coverage:
    stock = [held(reservation, prepared) for reservation in line.reservations]
    coverage = line_coverage(line.quantity if line.quantity is not None else Decimal(0), wanted(line), stock)
    return coverage if line.quantity is not None else replace(coverage, reserved=None)


def substitute_stock(line: PackLine, reservation: PackReservation) -> bool:
    """Recorded as a substitute when reserved, or not the material the line asks for now."""
    material = Material(grade=reservation.material_grade, unit=reservation.unit)
    return is_substitute(wanted(line), Held(reservation.quantity, material, certified=False, substitute=reservation.substitute))


def status_labels(coverage: Coverage) -> list[str]:
    """The line's status cell: "Covered", or each way it falls short ("Short by 3 m", "Substitute", ...)."""
    if coverage.complete:
        return ["Covered"]
    quantity = {
        SHORT: f"Short by {_number(coverage.short_by, coverage.unit)}",
        OVER: f"Over by {_number(coverage.over_by, coverage.unit)}",
        UNMEASURED: "Units do not add up",
    }.get(coverage.state, "Covered")
    flags = ["Substitute"] * coverage.substitute + ["No certificate"] * coverage.uncertified
    return [quantity, *flags]


def quantity_problem(line: PackLine, coverage: Coverage) -> str | None:
    where = f"Line {line.line_number}"
    if not line.reservations:
        return f"{where}: no stock reserved, so no certificate."
    amounts = f"{_number(coverage.reserved, coverage.unit)} reserved of {_number(coverage.ordered, coverage.unit)}"
    if coverage.state == SHORT:
        return f"{where}: short by {_number(coverage.short_by, coverage.unit)} ({amounts})."
    if coverage.state == OVER:
        return f"{where}: over by {_number(coverage.over_by, coverage.unit)} ({amounts})."
    if coverage.state == UNMEASURED:
        return f"{where}: the reserved stock's units do not add up to the line's {line.unit or 'quantity'}."
    return None


def substitute_problem(line: PackLine, reservation: PackReservation) -> str | None:
    if not substitute_stock(line, reservation):
        return None
    grade = reservation.material_grade or "no stated grade"
    asked = f" for {line.material_grade}" if line.material_grade else ""
    return f"Line {line.line_number}, {reservation.inventory_name}: substitute material, {grade}{asked}."
