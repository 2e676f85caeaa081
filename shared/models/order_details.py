"""The public shape of ``get_order_details``: an order whose line items carry their reservations and how well the
reserved stock covers each line."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal
from uuid import UUID

from shared.models.fields import PublicModel
from shared.models.orders import LineItem, Order


class LineReservation(PublicModel):
    """Stock reserved for a line item, as get_order_details shows it."""

    link_id: UUID
    inventory_id: UUID
    inventory_name: str
    quantity: Decimal
    unit: str | None
    material_grade: str | None
    heat_number: str | None
    certificate_id: UUID | None
    certificate_file_name: str | None
    substitute: bool


class LineCoverage(PublicModel):
    """How well the reserved stock covers the line: quantity, material and certificates."""

    status: Literal["covered", "short", "over", "unmeasured"]
    unit: str | None
    short_by: Decimal | None
    over_by: Decimal | None
    substitute: bool
    no_certificate: bool
    complete: bool


class LineItemWithReservations(LineItem):
    reserved_quantity: Decimal | None
    coverage: LineCoverage
    reservations: list[LineReservation]


class OrderDetails(Order):
    line_items: list[LineItemWithReservations]
