"""Schemas of stock (inventory rows): create, update, the list query and the public shapes."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import Field, StringConstraints

from shared.models.fields import InputModel, PositiveQuantity, PublicModel, Text20, Text100, Timestamp
from shared.models.history import HistoryEvent
from shared.models.queries import QueryModel, QueryTimestamp
from shared.models.query_values import QueryBool, Texts20, Texts100

MAX_STOCK_PER_REQUEST = 1_000
_NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"
# 200, not the column's 400: a split appends " - {orderReference}" (up to 103 characters) to the name.
StockName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=_NO_CONTROL_CHARACTERS)]


class InventoryReadOnly(InputModel):
    """What get_inventory returns beside the editable fields: accepted and ignored, so a read can be sent back."""

    company_id: Any = None
    parent_inventory_id: Any = None
    active: Any = None
    reserved: Any = None
    created_at: Any = None
    certificate: Any = None
    parent: Any = None
    children: Any = None
    reservation: Any = None


class InventoryCreate(InventoryReadOnly):
    inventory_id: UUID | None = None
    name: StockName
    quantity: PositiveQuantity
    unit: Text20 = None
    heat_number: Text100 = None
    material_grade: Text100 = None
    certificate_id: UUID | None = None
    updated_at: Any = None


class InventoryUpdate(InventoryReadOnly):
    """Absent fields stay as they are; ``null`` clears an optional one."""

    inventory_id: Any = None
    name: StockName | None = None
    quantity: PositiveQuantity | None = None
    unit: Text20 = None
    heat_number: Text100 = None
    material_grade: Text100 = None
    certificate_id: UUID | None = None
    # The updatedAt the caller last saw: a different stored value is a 409.
    updated_at: str | None = None


class InventoryIds(InputModel):
    inventory_ids: list[UUID] = Field(max_length=MAX_STOCK_PER_REQUEST, json_schema_extra={"minItems": 1})


class InventoryListQuery(QueryModel):
    search: str | None = Field(default=None, max_length=200)
    heat_number: Texts100 = None
    material_grade: Texts100 = None
    unit: Texts20 = None
    available: QueryBool | None = None
    reserved: QueryBool | None = None
    has_certificate: QueryBool | None = None
    updated_since: QueryTimestamp | None = None
    include_deleted: QueryBool = False
    limit: int | None = Field(default=None, ge=1, le=1000)
    cursor: str | None = Field(default=None, max_length=1000)


class StockFields(PublicModel):
    """A stock row's public fields, shared by the stock routes and the traces."""

    inventory_id: UUID
    name: str
    quantity: Decimal
    unit: str | None
    heat_number: str | None
    material_grade: str | None
    certificate_id: UUID | None
    parent_inventory_id: UUID | None
    active: bool
    reserved: bool
    created_at: Timestamp
    updated_at: Timestamp


class Inventory(StockFields):
    company_id: UUID


class StockRef(PublicModel):
    inventory_id: UUID
    name: str
    quantity: Decimal
    active: bool


class CertificateRef(PublicModel):
    certificate_id: UUID
    file_name: str
    certificate_number: str | None
    en10204_type: str | None


class ActiveReservation(PublicModel):
    link_id: UUID
    order_id: UUID
    order_reference: str
    order_line_item_id: UUID
    line_number: int
    quantity: Decimal
    reserved_at: Timestamp
    reserved_by_name: str | None


class InventoryDetail(Inventory):
    parent: StockRef | None
    children: list[StockRef]
    certificate: CertificateRef | None
    reservation: ActiveReservation | None


class DeleteInventoryResult(PublicModel):
    deleted_count: int
    deleted_ids: list[UUID]


class RestoreInventoryResult(PublicModel):
    restored_count: int
    restored_ids: list[UUID]


class StockHistoryEvent(HistoryEvent):
    """A change of the stock row (``Inventory``) or of a reservation of it (``Reservation``)."""

    entity_type: Literal["Inventory", "Reservation"]  # type: ignore[assignment]
