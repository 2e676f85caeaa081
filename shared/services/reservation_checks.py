"""What must hold before stock is linked to a line item, as a stockholder would check it by hand.

The order and line exist and can take stock; the stock row is free (else: which order and line hold it); it is the
material the line asks for (a unit that is the line's or converts to it, the line's grade unless ``allowSubstitute``);
and the line does not end up with more than its quantity (unless ``allowOver``). Material and quantity problems are
reported together, one ``errors`` entry per field.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shared.db.database import Row
from shared.db.values import decimal_value, guid, plain_decimal
from shared.errors import Conflict, ErrorItem, NotFound
from shared.materials.coverage import OVER, Held, line_coverage
from shared.materials.match import Material, grade_mismatch, unit_mismatch
from shared.models.fields import OrderStatus


def check_target(order: Row | None, line: Row | None, order_id: str, line_id: str) -> None:
    """404 unless the active line belongs to the active order; 409 when the order is cancelled."""
    if order is None or line is None or not order["Active"] or not line["Active"] or guid(line["OrderId"]) != order_id:
        raise NotFound(f"No active line item {line_id} on an active order {order_id} in this company.")
    if order["Status"] == OrderStatus.CANCELLED.value:
        problem = [{"field": "orderId", "message": "the order is Cancelled"}]
        raise Conflict(f"Order {order['OrderReference']} is cancelled: no stock can be reserved for it.", problem)


def raise_if_held(holder: Row | None, inventory_id: str) -> None:
    """409 naming the order and line that hold the stock row."""
    if holder is None:
        return
    where = f"order {holder['OrderReference']}{'' if holder['OrderActive'] else ' (deleted)'}, line {holder['LineNumber']}"
    problem = [{"field": "inventoryId", "message": f"reserved for {where}"}]
    raise Conflict(f"Inventory {inventory_id} is already reserved for {where}.", problem)


def material_of(row: Row) -> Material:
    return Material(grade=row["MaterialGrade"], unit=row["Unit"])


def material_problems(line: Row, stock: Row, allow_substitute: bool) -> tuple[list[ErrorItem], bool]:
    """The mismatches that block the reservation, and whether it is a substitute (a grade mismatch allowed)."""
    wanted, offered = material_of(line), material_of(stock)
    problems = [problem for problem in (unit_mismatch(wanted, offered),) if problem]
    grade = grade_mismatch(wanted, offered)
    if grade is not None and not allow_substitute:
        problems.append({**grade, "message": f"{grade['message']} (allowSubstitute=1 reserves it as a substitute)"})
    return problems, grade is not None


def over_problem(line: Row, reserved: Sequence[Row], stock: Row, quantity: Decimal) -> ErrorItem | None:
    """A problem when the line would hold more than its quantity (in its unit) once ``quantity`` of ``stock`` is added."""
    held = [Held(decimal_value(row["Quantity"]), material_of(row), certified=True) for row in reserved]
    held.append(Held(quantity, material_of(stock), certified=True))
    coverage = line_coverage(decimal_value(line["Quantity"]), material_of(line), held)
    if coverage.state != OVER or coverage.reserved is None or coverage.over_by is None:
        return None
    unit = f" {coverage.unit}" if coverage.unit else ""
    message = (
        f"the line would hold {plain_decimal(coverage.reserved)}{unit} of its {plain_decimal(coverage.ordered)}{unit}"
        f" (over by {plain_decimal(coverage.over_by)}{unit}; allowOver=1 reserves it anyway)"
    )
    return {"field": "reserveQuantity", "message": message}


def raise_if_any(problems: list[ErrorItem]) -> None:
    if problems:
        fields = ", ".join(problem["field"] for problem in problems)
        raise Conflict(f"This stock does not match the line item ({fields}).", problems)
