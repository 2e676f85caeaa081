"""Cells -> typed values, a whole column at a time.

Blank cells are ``None`` (an empty cell clears an optional field). Text, quantity, status and line number cells are
checked by the same pydantic field types the JSON API uses. A column is converted as its distinct cells (codes,
units, statuses and an order's id and reference repeat down a column), validated as one list (one call instead of one
per cell); ids, dates and numbers have a fast path for well-formed cells (C-level ``map``). Only a column with a bad
cell is gone through again cell by cell, to name every bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from shared.bulk.reading import plain_columns
from shared.bulk.reading.cell_formats import comma_number, parse_date
from shared.models import fields
from shared.models.parsing import validation_errors

CellErrors = list[tuple[int, str]]  # (index in the column, message)

_PLAIN_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_GUID = re.compile(r"\s*\{?(" + _PLAIN_GUID.pattern + r")\}?\s*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIGITS = re.compile(r"[0-9]+")


def _guid(cell: str, _: bool) -> str:
    match = _GUID.fullmatch(cell)
    if match is None:
        raise ValueError("must be a GUID such as 0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b")
    return match.group(1).lower()


def _whole_number(cell: str, _: bool) -> int:
    text = cell.strip()
    if not _DIGITS.fullmatch(text):
        raise ValueError("must be a whole number")
    return int(text)


def _stripped(cell: str, _: bool) -> str:
    return cell.strip()


def _all_guids(cells: list[str]) -> list[Any] | None:
    return list(map(str.lower, cells)) if all(map(_PLAIN_GUID.fullmatch, cells)) else None


def _all_iso_dates(cells: list[str]) -> list[Any] | None:
    if not all(map(_ISO_DATE.fullmatch, cells)):
        return None
    try:
        return list(map(date.fromisoformat, cells))
    except ValueError:
        return None


def _all_digits(cells: list[str]) -> list[Any] | None:
    return list(map(int, cells)) if all(map(_DIGITS.fullmatch, cells)) else None


@dataclass(frozen=True)
class _Kind:
    prepare: Callable[[str, bool], Any] | None  # cell -> value, raising ValueError; None: the cell as it is
    field_type: Any = None  # then checked with this pydantic type (which strips text itself)
    whole_column: Callable[[list[str]], list[Any] | None] | None = None  # ``prepare`` for a column of clean cells
    comma_prepare: Callable[[str, bool], Any] | None = None  # ``prepare`` in semicolon-separated files
    repeats: bool = True  # cells repeat down a column (ids do not: converting their distinct cells would cost more)
    plain: Callable[[Sequence[str]], list[Any] | None] | None = None  # a column of plain cells (plain_columns) at C level


_KINDS = {
    "guid": _Kind(_guid, whole_column=_all_guids, repeats=False, plain=plain_columns.guids),
    "date": _Kind(parse_date, whole_column=_all_iso_dates),
    "name": _Kind(_stripped),
    "reference": _Kind(None, fields.Reference),
    "text20": _Kind(None, fields.Text20),
    "text100": _Kind(None, fields.Text100),
    "text500": _Kind(None, fields.Text500),
    "text2000": _Kind(None, fields.Text2000),
    "quantity": _Kind(None, fields.Quantity, comma_prepare=comma_number, plain=plain_columns.quantities),
    "positive_quantity": _Kind(None, fields.PositiveQuantity, comma_prepare=comma_number, plain=plain_columns.positive_quantities),
    "line_number": _Kind(_whole_number, fields.LineNumber, whole_column=_all_digits),
    "status": _Kind(None, fields.Status),
}


def convert(kind: str, cells: Sequence[str], *, decimal_comma: bool = False) -> tuple[list[Any], CellErrors]:
    """The column's values (``None`` for blank or bad cells) and the bad cells' messages."""
    spec = _KINDS[kind]
    plain = spec.plain(cells) if spec.plain and not (decimal_comma and spec.comma_prepare) else None
    if plain is not None:
        return plain, []
    by_cell = _distinct_values(spec, dict.fromkeys(cells), decimal_comma) if spec.repeats else None
    if by_cell is not None:
        return list(map(by_cell.__getitem__, cells)), []
    return _cell_by_cell(spec, cells, decimal_comma)


def _distinct_values(spec: _Kind, distinct: dict[str, None], decimal_comma: bool) -> dict[str, Any] | None:
    """Each distinct cell's value (a column's cells repeat: codes, units, grades, statuses, an order's reference and
    id on each of its lines), or None when a cell is bad (then ``_cell_by_cell`` names every bad cell)."""
    items = list(distinct)
    blanks: list[str] = []
    if "" in distinct or any(map(str.isspace, items)):
        blanks = [cell for cell in items if not cell or cell.isspace()]
        items = [cell for cell in items if cell and not cell.isspace()]
    values: list[Any] = items
    try:
        if decimal_comma and spec.comma_prepare:
            values = [spec.comma_prepare(item, decimal_comma) for item in items]
        elif spec.prepare:
            fast = spec.whole_column(items) if spec.whole_column else None
            values = fast if fast is not None else [spec.prepare(item, decimal_comma) for item in items]
        if spec.field_type is not None:
            values = _list_adapter(spec.field_type).validate_python(values)
    except (ValueError, ValidationError):  # a ValidationError is a ValueError too
        return None
    by_cell = dict(zip(items, values, strict=True))
    by_cell.update(dict.fromkeys(blanks))
    return by_cell


def _cell_by_cell(spec: _Kind, cells: Sequence[str], decimal_comma: bool) -> tuple[list[Any], CellErrors]:
    kept: Sequence[int]
    if all(cells) and not any(map(str.isspace, cells)):
        kept, items = range(len(cells)), list(cells)
    else:
        kept = [index for index, cell in enumerate(cells) if cell and not cell.isspace()]
        items = [cells[index] for index in kept]
    errors: CellErrors = []
    if decimal_comma and spec.comma_prepare:
        items, kept = _prepared(spec.comma_prepare, None, items, kept, errors, decimal_comma)
    elif spec.prepare:
        items, kept = _prepared(spec.prepare, spec.whole_column, items, kept, errors, decimal_comma)
    if spec.field_type is not None:
        items = _checked(spec.field_type, items, kept, errors)
    if len(kept) == len(cells):
        return items, errors
    values: list[Any] = [None] * len(cells)
    for index, value in zip(kept, items, strict=True):
        values[index] = value
    return values, errors


def _prepared(
    prepare: Callable[[str, bool], Any], whole_column: Callable[[list[str]], list[Any] | None] | None,
    items: list[Any], indexes: Sequence[int], errors: CellErrors, flag: bool,
) -> tuple[list[Any], Sequence[int]]:
    fast = whole_column(items) if whole_column else None
    if fast is not None:
        return fast, indexes
    try:
        return [prepare(item, flag) for item in items], indexes  # no bad cell
    except ValueError:
        pass
    values, kept = [], []
    for index, item in zip(indexes, items, strict=True):
        try:
            values.append(prepare(item, flag))
            kept.append(index)
        except ValueError as exc:
            errors.append((index, str(exc)))
    return values, kept


def _checked(field_type: Any, items: list[Any], indexes: Sequence[int], errors: CellErrors) -> list[Any]:
    # Each distinct cell is validated once (codes, units, grades and statuses repeat down a column).
    distinct = list(dict.fromkeys(items))
    try:
        valid = dict(zip(distinct, _list_adapter(field_type).validate_python(distinct), strict=True))
        return list(map(valid.__getitem__, items))
    except ValidationError:
        pass
    checked: list[Any] = []
    for index, item in zip(indexes, items, strict=True):
        try:
            checked.append(_adapter(field_type).validate_python(item))
        except ValidationError as exc:
            errors.append((index, "; ".join(error["message"] for error in validation_errors(exc))))
            checked.append(None)
    return checked


@cache
def _adapter(field_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(field_type)


@cache
def _list_adapter(field_type: Any) -> TypeAdapter[Any]:
    return TypeAdapter(list[field_type])
