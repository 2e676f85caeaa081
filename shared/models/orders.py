"""Schemas of orders and line items: what create and update accept, and what the API returns.

``OrderFields``/``LineItemFields``: the fields a client sends, once; ``…Create`` and ``…Update`` derive from them
and differ only in what is required. The public shapes (``Order``, ``LineItem``, ...) are separate classes.
Read-only fields (``companyId``, ``active``, ...) are accepted on input so a client can send back what it read, and
are never applied. On update, a field that is absent is left unchanged and an explicit ``null`` clears it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import Field, ValidationInfo, field_validator

from shared.models.fields import (
    InputModel,
    IsoDate,
    LineNumber,
    OrderStatus,
    PositiveQuantity,
    PublicModel,
    Quantity,
    Reference,
    Status,
    Text20,
    Text100,
    Text500,
    Text2000,
    Timestamp,
    delivery_before_order,
)

MAX_ORDERS_PER_REQUEST = 1_000
MAX_LINE_ITEMS_PER_REQUEST = 20_000


class LineItemFields(InputModel):
    """The fields of a line item a client sends; what it read back (ids, flags, times, reservations) is accepted
    and ignored, so a line can be sent back as it was read."""

    order_id: Any = None
    company_id: Any = None
    active: Any = None
    created_at: Any = None
    updated_at: Any = None
    reserved_quantity: Any = None
    reservations: Any = None
    order_line_item_id: UUID | None = None
    line_number: LineNumber | None = None
    product_code: Text100 = None
    description: Text500 = None
    material_grade: Text100 = None
    quantity: PositiveQuantity | None = None
    unit: Text20 = None
    notes: Text2000 = None


class LineItemUpdate(LineItemFields):
    """A line item inside an order update: known id -> updated, new or no id -> created (then quantity is required)."""


class LineItemCreate(LineItemFields):
    quantity: PositiveQuantity


class OrderFields(InputModel):
    """The fields of an order a client sends. Read-only fields (``companyId``, ``customerName``, ``active``,
    ``createdAt``) are accepted so a client can send back what it read, and are never applied."""

    company_id: UUID | None = None
    customer_name: Any = None
    active: Any = None
    created_at: Any = None
    order_id: UUID | None = None
    order_reference: Reference | None = None
    quantity: Quantity | None = None
    order_date: IsoDate | None = None
    delivery_date: IsoDate | None = None
    site: Text100 = None
    status: Status | None = None
    related_organisation_id: UUID | None = None
    customer_reference: Text100 = None
    delivery_address: Text500 = None
    updated_at: Any = None

    @field_validator("delivery_date", mode="after")
    @classmethod
    def _delivery_not_before_order(cls, delivery_date: date | None, info: ValidationInfo) -> date | None:
        if delivery_before_order(info.data.get("order_date"), delivery_date):
            raise ValueError("deliveryDate may not be before orderDate")
        return delivery_date


class OrderCreate(OrderFields):
    order_reference: Reference
    line_items: list[LineItemCreate] | None = None


class OrderUpdate(OrderFields):
    order_id: UUID
    # The updatedAt the caller last saw: a different stored value means someone else changed the order (409).
    updated_at: str | None = None
    line_items: list[LineItemUpdate] | None = None


class OrderIds(InputModel):
    # An empty list is refused by parse_order_ids (with its own message); minItems documents it.
    order_ids: list[UUID] = Field(max_length=MAX_ORDERS_PER_REQUEST, json_schema_extra={"minItems": 1})


# Public shapes -------------------------------------------------------------------------------------------------


class LineItem(PublicModel):
    order_line_item_id: UUID
    order_id: UUID
    company_id: UUID
    line_number: int
    product_code: str | None
    description: str | None
    material_grade: str | None
    quantity: Decimal
    unit: str | None
    notes: str | None
    active: bool
    created_at: Timestamp
    updated_at: Timestamp


class Order(PublicModel):
    order_id: UUID
    company_id: UUID
    order_reference: str
    quantity: Decimal | None
    order_date: date
    delivery_date: date | None
    site: str | None
    status: OrderStatus
    active: bool
    related_organisation_id: UUID | None
    customer_name: str | None
    customer_reference: str | None
    delivery_address: str | None
    created_at: Timestamp
    updated_at: Timestamp


class OrderWithLines(Order):
    line_items: list[LineItem]


class DeleteResult(PublicModel):
    deleted_count: int
    deleted_ids: list[UUID]


class RestoreResult(DeleteResult):
    restored_count: int
    restored_ids: list[UUID]
