"""The line items of orders with no stored lines (the orders an upload creates): every row creates a line.

``OrderLines`` plans such an order's rows the same way, through its matching against stored lines that are not
there; this does it for all those orders in one loop with a few lookups per row, since a large upload's new orders
hold most of its rows. A row naming its line by id keeps that id unless an earlier row chose it; the others get a
new id. Rows naming neither id nor number come after the order's other rows (where ``OrderLines``' matching by
content leaves them), so they take the free numbers left after those rows; numbers follow the same rule.
"""

from __future__ import annotations

import uuid

from shared.bulk.planning.line_rows import LineCells, NewLine, add_creates, claim, number_new_lines
from shared.bulk.planning.plans import LinePlan
from shared.bulk.reading.upload_problems import Problems


def plan_new_orders(cells: LineCells, problems: Problems, rows_by_order: dict[str, list[int]], plan: LinePlan,
                    supplied: dict[str, int]) -> None:
    table, ids, numbers = cells.table, cells.ids, cells.numbers
    for order_id, rows in rows_by_order.items():
        creates: list[NewLine] = []
        unnamed: list[int] = []
        for index in rows:
            line_id = ids[index]
            if line_id is None and numbers[index] is None:
                unnamed.append(index)
            elif line_id is None or claim(table, problems, index, line_id, supplied):
                creates.append(cells.create(index, line_id or str(uuid.uuid4()), problems))
        creates += [cells.create(index, str(uuid.uuid4()), problems) for index in unnamed]
        add_creates(cells, problems, order_id, creates, number_new_lines(cells, problems, creates, [], []), plan)
