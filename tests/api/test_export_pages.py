"""The exports read the orders a page at a time (``export.PAGE``) and the line items page by page after them: with
pages of two orders, every file is byte for byte the file read in one page (orders in the list's order, ties of
date broken by reference, each order's lines after the orders before it)."""

from __future__ import annotations

import pytest

from shared.bulk.exporting import export
from shared.bulk.exporting.downloads import EXPORTS_CONTAINER
from shared.context import AppContext
from tests.bulk_support import export_zip, zip_members
from tests.support import Api, order


def exports(ctx: AppContext, api: Api) -> dict[str, bytes]:
    for stored in ctx.blobs.list(EXPORTS_CONTAINER):  # the ZIP is rendered again, not served as stored
        ctx.blobs.delete(EXPORTS_CONTAINER, stored)
    return {**zip_members(export_zip(api).data), "csv": api.request("GET", "/export/csv").data,
            "xlsx": api.request("GET", "/export/xlsx").data}


def test_an_export_read_two_orders_at_a_time_is_the_export_read_at_once(ctx: AppContext, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    api.create([order(f"SO-{n}", lines=n % 3, orderDate=f"2026-03-0{n % 2 + 1}") for n in range(7)])
    whole = exports(ctx, api)
    assert whole["orders.csv"].count(b"\r\n") == 8 and whole["order-line-items.csv"].count(b"\r\n") == 7
    monkeypatch.setattr(export, "PAGE", 2)
    assert exports(ctx, api) == whole
    monkeypatch.setattr(export, "PAGE", 7)  # a last page exactly full
    assert exports(ctx, api) == whole
