"""Units, grades, material match and line coverage: the pure rules behind reservations, details and the pack."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shared.materials.coverage import COVERED, OVER, SHORT, UNMEASURED, Held, line_coverage
from shared.materials.grades import same_grade
from shared.materials.match import Material, mismatches
from shared.materials.units import canonical_unit, convert


@pytest.mark.parametrize(("quantity", "source", "target", "expected"), [
    ("5", "kg", "t", "0.005"), ("6", "t", "kg", "6000"), ("2.5", "Tonnes", "T", "2.5"), ("1500", "mm", "m", "1.5"),
    ("9", "m", "mm", "9000"), ("3", "metres", "m", "3"), ("250", "g", "kg", "0.25"), ("2", "M²", "m2", "2"),
    ("4", "pcs", "Pieces", "4"), ("4", "each", "pc", "4"), ("7", None, None, "7"), ("7", "bundle", " Bundle ", "7"),
])
def test_units_convert_by_the_table_and_spellings_of_one_unit_are_the_same(quantity: str, source: str, target: str, expected: str) -> None:
    assert convert(Decimal(quantity), source, target) == Decimal(expected)


@pytest.mark.parametrize(("source", "target"), [
    ("pcs", "kg"), ("kg", "pcs"), ("t", "m"), ("m", "m2"), ("kg", None), (None, "t"), ("bundle", "kg"), ("bundle", "pcs"),
])
def test_pieces_other_kinds_and_unknown_units_never_convert(source: str | None, target: str | None) -> None:
    assert convert(Decimal(1), source, target) is None


def test_an_unknown_unit_is_kept_folded_and_without_spaces() -> None:
    assert (canonical_unit(" Sheet S "), canonical_unit(""), canonical_unit(None)) == ("sheets", None, None)


@pytest.mark.parametrize(("first", "second", "same"), [
    ("S355J2+N", "s355j2+n", True), ("S355 J2+N", "S355J2+N", True), ("316L", " 316 l ", True),
    ("S355J2+N", "S355J2", False), ("1.4404", "316L", False), ("S355JR", "S355J2H", False), ("S355JR", None, False),
])
def test_grades_match_after_folding_case_and_removing_spaces_only(first: str, second: str | None, same: bool) -> None:
    assert same_grade(first, second) is same


def test_a_line_stating_neither_unit_nor_grade_takes_any_stock() -> None:
    assert mismatches(Material(None, None), Material("1.4404", "kg")) == []
    assert mismatches(Material(None, " "), Material(None, None)) == []


def test_each_mismatching_field_is_named_once() -> None:
    problems = mismatches(Material("S355J2+N", "t"), Material("1.4404", "pcs"))
    assert [problem["field"] for problem in problems] == ["unit", "materialGrade"]
    assert "1.4404" in problems[1]["message"] and "S355J2+N" in problems[1]["message"]
    assert mismatches(Material("S355J2+N", "t"), Material("s355 j2+n", "kg")) == []
    assert [p["field"] for p in mismatches(Material("S355J2+N", "t"), Material(None, None))] == ["unit", "materialGrade"]


def held(quantity: str, unit: str | None, grade: str | None = "S355JR", certified: bool = True, substitute: bool = False) -> Held:
    return Held(Decimal(quantity), Material(grade, unit), certified, substitute)


def test_reserved_quantity_is_added_up_in_the_lines_unit() -> None:
    coverage = line_coverage(Decimal(10), Material("S355JR", "t"), [held("6", "t"), held("5", "kg")])
    assert (coverage.reserved, coverage.unit, coverage.state, coverage.short_by) == (Decimal("6.005"), "t", SHORT, Decimal("3.995"))


def test_covered_short_over_and_unmeasured() -> None:
    line = Material("S355JR", "m")
    assert line_coverage(Decimal(9), line, [held("6", "m"), held("3000", "mm")]).state == COVERED
    over = line_coverage(Decimal(9), line, [held("6", "m"), held("9", "m")])
    assert (over.state, over.over_by, over.short_by) == (OVER, Decimal(6), None)
    nothing = line_coverage(Decimal(9), line, [])
    assert (nothing.state, nothing.short_by, nothing.reserved) == (SHORT, Decimal(9), Decimal(0))
    mixed = line_coverage(Decimal(9), Material(None, None), [held("6", "m"), held("2", "pcs")])
    assert (mixed.state, mixed.reserved, mixed.complete) == (UNMEASURED, None, False)


def test_a_line_without_a_unit_is_measured_in_its_first_stocks_unit() -> None:
    coverage = line_coverage(Decimal(2), Material(None, None), [held("1", "t"), held("1000", "kg")])
    assert (coverage.unit, coverage.reserved, coverage.state) == ("t", Decimal(2), COVERED)


def test_a_converted_sum_is_kept_to_four_decimals() -> None:
    assert line_coverage(Decimal(1), Material(None, "t"), [held("1", "t"), held("1", "g")]).state == COVERED


def test_complete_only_when_covered_of_the_lines_material_and_certified() -> None:
    line = Material("S355JR", "m")
    assert line_coverage(Decimal(6), line, [held("6", "m")]).complete
    assert not line_coverage(Decimal(6), line, [held("6", "m", certified=False)]).complete
    assert not line_coverage(Decimal(6), line, [held("6", "m", substitute=True)]).complete
    # Stock that no longer matches the line (the line was edited after reserving) is a substitute too.
    changed = line_coverage(Decimal(6), Material("S355J2", "m"), [held("6", "m")])
    assert changed.substitute and not changed.complete
