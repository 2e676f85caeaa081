"""The name a customer's document gives stock: a split row by the row it was split from, unless renamed since."""

from __future__ import annotations

from typing import Any

from shared.materials.stock_names import face_name, is_split_name
from shared.services.reservations import split_name


def rows(*chain: tuple[str, str, str | None]) -> dict[str, dict[str, Any]]:
    return {row_id: {"Name": name, "ParentInventoryId": parent} for row_id, name, parent in chain}


def test_a_split_row_and_a_split_of_a_split_go_by_the_original_name() -> None:
    first = split_name("Plate 20mm S355J2+N", "SO-24001")
    second = split_name(first, "SO - 7 - B")  # a reference may contain the separator
    found = rows(("a", "Plate 20mm S355J2+N", None), ("b", first, "a"), ("c", second, "b"))
    assert [face_name(row_id, found) for row_id in "abc"] == ["Plate 20mm S355J2+N"] * 3


def test_a_split_name_shortened_to_fit_the_column_is_recognised() -> None:
    parent = "N" * 398
    assert is_split_name(split_name(parent, "R" * 100), parent)


def test_a_renamed_split_row_keeps_its_new_name() -> None:
    found = rows(("a", "Plate 20mm", None), ("b", "Plate 20mm offcut for bay 4", "a"), ("c", "Other - SO-1", "a"))
    assert (face_name("b", found), face_name("c", found)) == ("Plate 20mm offcut for bay 4", "Other - SO-1")
