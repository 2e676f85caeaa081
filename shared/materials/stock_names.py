"""The name stock goes by on a customer's document: a split row's own name without the internal suffix.

Reserving part of a row names the split-off row ``{name} - {orderReference}`` (``reservations.split_name``), so the
stock keeps a unique, traceable name inside the company. A customer's document should call the material what it is:
the name of the row it was split from (recursively), unless the split row has been renamed since.
"""

from __future__ import annotations

from collections.abc import Mapping

from shared.db.database import Row

SEPARATOR = " - "
NAME_WIDTH = 400  # Inventory.Name: a split name is cut to fit it


def face_name(inventory_id: str, rows: Mapping[str, Row]) -> str:
    """The name to print for stock row ``inventory_id`` (``rows``: it and its ancestors, by lowercase id)."""
    row = rows[inventory_id]
    name = str(row["Name"])
    parent_id = str(row["ParentInventoryId"]).lower() if row["ParentInventoryId"] is not None else None
    if parent_id is None or parent_id not in rows or not is_split_name(name, str(rows[parent_id]["Name"])):
        return name
    return face_name(parent_id, rows)


def is_split_name(name: str, parent_name: str) -> bool:
    """Whether ``name`` is what a split gave the row: the parent's name (shortened when the whole would not fit the
    column), the separator, then an order reference (which may itself contain the separator)."""
    cut = name.rfind(SEPARATOR)
    while cut > 0:
        prefix = name[:cut]
        if prefix == parent_name or (len(name) == NAME_WIDTH and parent_name.startswith(prefix)):
            return True
        cut = name.rfind(SEPARATOR, 0, cut)
    return False
