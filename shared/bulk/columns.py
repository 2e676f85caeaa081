"""The CSV columns of DESIGN §6, and how an uploaded header row is recognised.

Header names match case-insensitively, ignoring spaces and underscores. ``Active``, ``CreatedAt`` and
``UpdatedAt`` are exported and accepted on upload, but never applied (read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ORDERS = "orders"
    LINE_ITEMS = "lineItems"


@dataclass(frozen=True)
class Column:
    header: str  # as exported and in the templates
    field: str  # the importer's name for it
    kind: str  # how a cell is read (see shared.bulk.reading.cells_to_values); "readonly" is never read
    free_text: bool = False  # neutralised against formula injection on export, restored on upload

    @property
    def read_only(self) -> bool:
        return self.kind == "readonly"


_READ_ONLY = (Column("Active", "active", "readonly"), Column("CreatedAt", "created_at", "readonly"),
              Column("UpdatedAt", "updated_at", "readonly"))

ORDER_COLUMNS: tuple[Column, ...] = (
    Column("OrderId", "order_id", "guid"),
    Column("OrderReference", "order_reference", "reference", free_text=True),
    Column("CustomerName", "customer_name", "name", free_text=True),
    Column("RelatedOrganisationId", "related_organisation_id", "guid"),
    Column("Quantity", "quantity", "quantity"),
    Column("OrderDate", "order_date", "date"),
    Column("DeliveryDate", "delivery_date", "date"),
    Column("Site", "site", "text100", free_text=True),
    Column("Status", "status", "status"),
    *_READ_ONLY,
    # Added after the first release: at the end, so files read by position keep their columns (DESIGN §6 extends).
    Column("CustomerReference", "customer_reference", "text100", free_text=True),
    Column("DeliveryAddress", "delivery_address", "text500", free_text=True),
)

LINE_COLUMNS: tuple[Column, ...] = (
    Column("OrderLineItemId", "order_line_item_id", "guid"),
    Column("OrderId", "order_id", "guid"),
    Column("OrderReference", "order_reference", "reference", free_text=True),
    Column("LineNumber", "line_number", "line_number"),
    Column("ProductCode", "product_code", "text100", free_text=True),
    Column("Description", "description", "text500", free_text=True),
    Column("MaterialGrade", "material_grade", "text100", free_text=True),
    Column("Quantity", "quantity", "positive_quantity"),
    Column("Unit", "unit", "text20", free_text=True),
    Column("Notes", "notes", "text2000", free_text=True),
    *_READ_ONLY,
)

COLUMNS = {Kind.ORDERS: ORDER_COLUMNS, Kind.LINE_ITEMS: LINE_COLUMNS}
FILE_NAMES = {Kind.ORDERS: "orders.csv", Kind.LINE_ITEMS: "order-line-items.csv"}
TEMPLATE_NAMES = {Kind.ORDERS: "orders-template.csv", Kind.LINE_ITEMS: "order-line-items-template.csv"}


def header_key(name: str) -> str:
    return "".join(name.split()).replace("_", "").casefold()


_BY_KEY = {kind: {header_key(column.header): column for column in columns} for kind, columns in COLUMNS.items()}


def kind_of(headers: list[str]) -> Kind | None:
    """Line items when the header has LineNumber or OrderLineItemId, else orders when it has OrderReference or OrderId."""
    keys = {header_key(header) for header in headers}
    if keys & {"linenumber", "orderlineitemid"}:
        return Kind.LINE_ITEMS
    if keys & {"orderreference", "orderid"}:
        return Kind.ORDERS
    return None


def column_for(kind: Kind, header: str) -> Column | None:
    return _BY_KEY[kind].get(header_key(header))


def export_headers(kind: Kind) -> list[str]:
    return [column.header for column in COLUMNS[kind]]


def template_headers(kind: Kind) -> list[str]:
    return [column.header for column in COLUMNS[kind] if not column.read_only]
