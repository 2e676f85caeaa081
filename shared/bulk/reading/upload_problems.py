"""Every error of an upload, each with its file, row (as a spreadsheet numbers it: the header is row 1) and
column, reported all at once. Long lists are capped; the detail says how many more there were."""

from __future__ import annotations

from typing import Any, NoReturn

from shared.errors import BadRequest, ErrorItem

MAX_LISTED = 100
# Kept (then sorted) before listing; beyond this only counted, so a file of bad rows cannot exhaust memory.
_MAX_KEPT = 10_000


class Problems:
    items: list[ErrorItem]
    _files: dict[str, int]

    def __init__(self) -> None:
        self.items = []
        self.count = 0
        self._files = {}

    def add(self, file: str, message: str, *, row: int | None = None, column: str | None = None, line: int | None = None) -> None:
        """``row`` counts records as a spreadsheet shows them; ``line`` is a physical line (for unreadable CSV)."""
        self.count += 1
        self._files.setdefault(file, len(self._files))
        if len(self.items) < _MAX_KEPT:
            where = {"row": row, "column": column, "line": line}
            item: dict[str, Any] = {"file": file, **{key: value for key, value in where.items() if value is not None}}
            item["message"] = message
            self.items.append(item)

    def raise_if_any(self) -> None:
        if self.count:
            self.raise_now()

    def raise_now(self) -> NoReturn:
        listed = sorted(self.items, key=lambda item: (self._files[item["file"]], item.get("row", 0)))[:MAX_LISTED]
        more = self.count - len(listed)
        noun = "error" if self.count == 1 else "errors"
        detail = f"The upload has {self.count} {noun}; nothing was imported."
        if more:
            detail += f" The first {len(listed)} are listed; {more} more not shown."
        raise BadRequest(detail, listed)


def fail(file: str, message: str, **where: Any) -> NoReturn:
    """Stop at once with a single error (the file cannot be read any further)."""
    problems = Problems()
    problems.add(file, message, **where)
    problems.raise_now()
