"""Spreadsheet damage caught while planning (issue 18.3): a change to a stored value that is only a spreadsheet's
reformatting of it (``shared.bulk.reformatting``) is a row error naming the stored and the uploaded value, unless
the upload says ``acceptReformatted``; new values of a spreadsheet's shapes get a warning. A new or changed text that
looks double-encoded (``TÃ´le``: UTF-8 opened as Windows-1252 and saved again) is a row error too, unless
``acceptReformatted``; an unchanged stored value (``Â¡``) is never judged."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from shared.bulk.columns import COLUMNS, Kind
from shared.bulk.reading.tables import ImportTable
from shared.bulk.reading.text_checks import double_encoded
from shared.bulk.reading.upload_problems import Problems
from shared.bulk.reformatting import (
    column_may_have_shapes,
    reformatting,
    shape_candidate,
    suspicious_shape,
    thousands_misread,
)
from shared.db.database import Row
from shared.services.order_fields import LINE_FIELDS, ORDER_FIELDS

MAX_SHAPE_WARNINGS = 1_000  # kept per upload; the summary lists fewer still
_NAMES = {Kind.ORDERS: {column: name for name, (column, _) in ORDER_FIELDS.items()},
          Kind.LINE_ITEMS: {column: name for name, column in LINE_FIELDS.items()}}
# Read as GUIDs (shared.bulk.reading.cells_to_values): ASCII and never of a spreadsheet's shape, so never a suspect.
_GUIDS = {kind: {column.field for column in columns if column.kind == "guid"} for kind, columns in COLUMNS.items()}
_HINT = ("not applied. If the change is meant, upload again with acceptReformatted=true; to edit in a spreadsheet "
         "without this damage, use the XLSX export")


def without_damage(table: ImportTable, problems: Problems, index: int, changes: dict[str, Any], stored: Row) -> dict[str, Any]:
    """``changes`` (column -> new value) of a stored row without those that are only spreadsheet damage (reported)."""
    names = _NAMES[table.kind]
    return {column: value for column, value in changes.items()
            if not caught(table, problems, index, names[column], stored[column], value)
            and not _double_encoded(table, problems, index, names[column], value)}


def refuse_double_encoded(table: ImportTable, problems: Problems, index: int, values: dict[str, Any]) -> bool:
    """Report each text value of a new row that looks double-encoded; True when there was one."""
    if table.accept_reformatted or index not in suspects(table):
        return False
    names = _NAMES[table.kind]
    found = [_double_encoded(table, problems, index, names[column], value) for column, value in values.items() if column in names]
    return any(found)


def _double_encoded(table: ImportTable, problems: Problems, index: int, name: str, value: Any) -> bool:
    """A new or changed text that looks double-encoded (``TÃ´le``) is a row error, unless acceptReformatted."""
    found = double_encoded(value) if isinstance(value, str) and not table.accept_reformatted else None
    if found is None:
        return False
    shown, meant = found
    table.report(problems, index, name, f"'{value}' looks double-encoded: '{shown}' is how '{meant}' reads when a UTF-8 "
                 "file is opened as Windows-1252 (or Latin-1) and saved again; not applied. Correct the text (or start "
                 "again from the export) and save the file as UTF-8; if the text is meant, upload again with "
                 "acceptReformatted=true")
    return True


def caught(table: ImportTable, problems: Problems, index: int, name: str, stored: Any, value: Any) -> bool:
    """True when changing ``stored`` to ``value`` is only spreadsheet damage (then reported as the row's error)."""
    if table.accept_reformatted or stored is None or value is None:
        return False
    if isinstance(value, str):
        phrase = reformatting(str(stored), value)
    elif isinstance(value, Decimal) and table.decimal_comma:
        phrase = "the decimal point read as a thousands separator" if thousands_misread(Decimal(stored), value) else None
    else:
        phrase = None
    if phrase is None:
        return False
    message = f"'{value}' looks like a spreadsheet's reformatting of the stored '{stored}' ({phrase}); {_HINT}"
    table.report(problems, index, name, message)
    return True


def reference_reformatted(table: ImportTable, problems: Problems, index: int, stored_reference: str, reference: str) -> None:
    """A row naming an order by ``OrderId`` whose ``OrderReference`` is that order's reference, reformatted."""
    phrase = None if table.accept_reformatted else reformatting(stored_reference, reference)
    if phrase is not None:
        table.report(problems, index, "order_reference", f"'{reference}' looks like a spreadsheet's reformatting of "
                     f"the order's reference '{stored_reference}' ({phrase}); {_HINT}")


def warn_shapes(table: ImportTable, index: int, values: dict[str, Any], warnings: list[str]) -> None:
    """Warn about the text values of a new row that have a spreadsheet's shape."""
    if index not in suspects(table):
        return
    for column, value in values.items():
        shape = suspicious_shape(value) if isinstance(value, str) else None
        if shape is not None and len(warnings) < MAX_SHAPE_WARNINGS:
            warnings.append(f"{table.file} row {table.row_numbers[index]} column {column}: '{value}' {shape}; "
                            "if a spreadsheet changed it, correct it (or use the XLSX export)")


def suspects(table: ImportTable) -> set[int]:
    """The rows holding a non-ASCII text or one of a spreadsheet's shapes, found once per table: the per-row checks
    above skip every other row (nearly all of a large upload) without looking at its values."""
    if table.suspects is None:
        table.suspects = set()
        for name, column in table.values.items():
            if name not in _GUIDS[table.kind] and column_may_have_shapes(_texts(column)):
                table.suspects.update(index for index, text in enumerate(column)
                                      if type(text) is str and text and (not text.isascii() or shape_candidate(text)))
    return table.suspects


def _texts(column: list[Any]) -> Iterable[str]:
    """The column's distinct non-empty texts (values of other types, such as numbers, dates and statuses, are no
    text here): C-level for the usual column of only texts and blanks (whose repeated values are one object each),
    or of no text at all."""
    types = set(map(type, column))
    if str not in types:
        return ()
    if types <= {str, type(None)}:
        return dict.fromkeys(filter(None, column))
    return dict.fromkeys(value for value in column if type(value) is str and value)
