"""Schemas of stock reservations (query of reserve_inventory, the responses) and of inventory import rows."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, StringConstraints

from shared.models.fields import InputModel, PositiveQuantity, PublicModel, Text20, Text100
from shared.models.queries import QueryModel
from shared.models.query_values import QueryBool

_NO_CONTROL_CHARACTERS = r"^[^\x00-\x1f\x7f]*$"


class ReserveQuery(QueryModel):
    inventory_id: UUID
    reserve_quantity: PositiveQuantity
    split: QueryBool = False
    allow_substitute: QueryBool = False
    allow_over: QueryBool = False


class Reservation(PublicModel):
    """201 of reserve_inventory (and what an idempotent retry gets back)."""

    link_id: UUID
    linked_inventory_id: UUID
    original_inventory_id: UUID
    was_split: bool
    order_line_item_id: UUID


class RemovedReservation(PublicModel):
    """200 of unreserve_inventory."""

    link_id: UUID
    company_id: UUID
    order_line_item_id: UUID
    inventory_id: UUID


class InventoryImportRow(InputModel):
    """One row of the ``import-inventory`` CSV (columns Name, Quantity, Unit, HeatNumber, MaterialGrade, CertificateFile)."""

    # 200, not the column's 400: a split appends " - {orderReference}" (up to 103 characters) to the name.
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=_NO_CONTROL_CHARACTERS)]
    quantity: PositiveQuantity
    unit: Text20 = None
    heat_number: Text100 = None
    material_grade: Text100 = None
    certificate_file: Annotated[str | None, Field(max_length=1000)] = None
