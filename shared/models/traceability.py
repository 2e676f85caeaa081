"""Schemas of the traceability answers (a heat's trace, an order's trace) and their query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal
from uuid import UUID

from shared.errors import BadRequest
from shared.models.fields import PublicModel, Timestamp
from shared.models.inventory import StockFields
from shared.models.queries import QueryModel

MAX_HEAT_NUMBER = 100


class TraceQuery(QueryModel):
    format: Literal["json", "csv"] = "json"

    @staticmethod
    def heat(value: str | None) -> str:
        """The heat number of the path: 1-100 visible characters."""
        text = (value or "").strip()
        if not text or len(text) > MAX_HEAT_NUMBER or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise BadRequest("heatNumber must be 1-100 characters.", [{"field": "heatNumber", "message": "1-100 visible characters"}])
        return text


class TracedStock(StockFields):
    """A stock row as a trace shows it (no companyId: a trace is one company's)."""


class TracedReservation(PublicModel):
    link_id: UUID
    inventory_id: UUID
    inventory_name: str
    quantity: Decimal
    unit: str | None
    active: bool
    reserved_at: Timestamp
    reserved_by_name: str | None
    released_at: Timestamp | None
    released_by_name: str | None
    order_id: UUID
    order_reference: str
    order_line_item_id: UUID
    line_number: int
    customer_name: str | None


class TracedLine(PublicModel):
    order_line_item_id: UUID
    line_number: int
    product_code: str | None
    description: str | None
    material_grade: str | None
    quantity: Decimal
    unit: str | None
    active: bool


class TracedOrderFields(PublicModel):
    """An order's fields as both traces show them; each trace adds its own kind of line."""

    order_id: UUID
    order_reference: str
    status: str
    order_date: date
    delivery_date: date | None
    active: bool
    related_organisation_id: UUID | None
    customer_name: str | None


class TracedOrder(TracedOrderFields):
    line_items: list[TracedLine]


class TracedCustomer(PublicModel):
    related_organisation_id: UUID
    name: str
    order_references: list[str]


class TracedCertificate(PublicModel):
    certificate_id: UUID
    file_name: str
    certificate_number: str | None
    en10204_type: str | None
    manufacturer: str | None
    issued_on: date | None
    heat_numbers: list[str]


class HeatTrace(PublicModel):
    heat_number: str
    stock: list[TracedStock]
    reservations: list[TracedReservation]
    orders: list[TracedOrder]
    customers: list[TracedCustomer]
    certificates: list[TracedCertificate]


class LineCertificate(PublicModel):
    certificate_id: UUID
    file_name: str
    certificate_number: str | None
    en10204_type: str | None
    manufacturer: str | None


class LineStock(PublicModel):
    link_id: UUID
    inventory_id: UUID
    name: str
    quantity: Decimal
    unit: str | None
    heat_number: str | None
    material_grade: str | None
    parent_inventory_id: UUID | None
    active: bool
    reserved_at: Timestamp
    reserved_by_name: str | None
    released_at: Timestamp | None
    released_by_name: str | None
    certificate: LineCertificate | None


class TracedOrderLine(TracedLine):
    heat_numbers: list[str]
    stock: list[LineStock]


class OrderTrace(TracedOrderFields):
    line_items: list[TracedOrderLine]
