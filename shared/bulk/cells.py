"""Cells -> typed values, a whole column at a time.

Blank cells are ``None`` (an empty cell clears an optional field). Text, quantity, status and line number cells are
checked by the same pydantic field types the JSON API uses, validated as one list per column (one call instead
of one per cell); only a column with a bad cell is validated again cell by cell, to name every bad cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from shared.models import fields
from shared.models.parsing import validation_errors

CellErrors = list[tuple[int, str]]  # (index in the column, message)

_GUID = re.compile(r"\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DMY_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _guid(cell: str, _: bool) -> str:
    match = _GUID.fullmatch(cell.strip())
    if match is None:
        raise ValueError("must be a GUID such as 0b7f3c1e-8f1a-4f9e-9a36-2f0c6f1d2a4b")
    return match.group(1).lower()


def _date(cell: str, _: bool) -> date:
    text = cell.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        match = _DMY_DATE.fullmatch(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a valid date") from None
    raise ValueError("must be a date as YYYY-MM-DD or DD/MM/YYYY")


def _whole_number(cell: str, _: bool) -> int:
    text = cell.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError("must be a whole number")
    return int(text)


def _decimal_comma(cell: str, _: bool) -> str:
    # Spreadsheets in comma-decimal locales write "12,5" in their semicolon-separated files.
    text = cell.strip()
    return text.replace(",", ".") if text.count(",") == 1 and "." not in text else text


def _stripped(cell: str, _: bool) -> str:
    return cell.strip()


@dataclass(frozen=True)
class _Kind:
    prepare: Callable[[str, bool], Any] | None  # cell -> value, raising ValueError; None: the cell as it is
    field_type: Any = None  # then checked with this pydantic type (which strips text itself)
    comma_prepare: Callable[[str, bool], Any] | None = None  # ``prepare`` in semicolon-separated files


_KINDS = {
    "guid": _Kind(_guid),
    "date": _Kind(_date),
    "name": _Kind(_stripped),
    "reference": _Kind(None, fields.Reference),
    "text20": _Kind(None, fields.Text20),
    "text100": _Kind(None, fields.Text100),
    "text500": _Kind(None, fields.Text500),
    "text2000": _Kind(None, fields.Text2000),
    "quantity": _Kind(None, fields.Quantity, _decimal_comma),
    "positive_quantity": _Kind(None, fields.PositiveQuantity, _decimal_comma),
    "line_number": _Kind(_whole_number, fields.LineNumber),
    "status": _Kind(None, fields.Status),
}


def convert(kind: str, cells: Sequence[str], *, decimal_comma: bool = False) -> tuple[list[Any], CellErrors]:
    """The column's values (``None`` for blank or bad cells) and the bad cells' messages."""
    spec = _KINDS[kind]
    prepare = spec.comma_prepare if decimal_comma and spec.comma_prepare else spec.prepare
    kept = [index for index, cell in enumerate(cells) if cell and not cell.isspace()]
    items: list[Any] = [cells[index] for index in kept] if len(kept) < len(cells) else list(cells)
    errors: CellErrors = []
    if prepare is not None:
        items, kept = _prepared(prepare, items, kept, errors, decimal_comma)
    if spec.field_type is not None:
        items = _checked(spec.field_type, items, kept, errors)
    if len(kept) == len(cells):
        return items, errors
    values: list[Any] = [None] * len(cells)
    for index, value in zip(kept, items, strict=True):
        values[index] = value
    return values, errors


def _prepared(
    prepare: Callable[[str, bool], Any], items: list[Any], indexes: list[int], errors: CellErrors, flag: bool
) -> tuple[list[Any], list[int]]:
    try:
        return [prepare(item, flag) for item in items], indexes  # the usual case: every cell is good
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


def _checked(field_type: Any, items: list[Any], indexes: list[int], errors: CellErrors) -> list[Any]:
    try:
        return list(_list_adapter(field_type).validate_python(items))
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
