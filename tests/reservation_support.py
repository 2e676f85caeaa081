"""Factories for the reservation tests: stock rows of a given material, lines asking for one, and the calls."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from werkzeug.test import TestResponse

from shared.context import AppContext
from shared.services.inventory_import import import_inventory
from tests.support import Api, order


def certificate_pdf(heat: str) -> bytes:
    """A readable one-page PDF, different per heat (so each stock row has its own certificate)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": f"MTC {heat}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@dataclass
class Stock:
    """Adds stock rows to the tenant through the inventory import."""

    ctx: AppContext
    company_id: str
    folder: Path

    def add(self, quantity: str, unit: str | None, grade: str | None, *, name: str = "Stock", certified: bool = True) -> str:
        heat = f"H-{uuid.uuid4().hex[:6]}"
        self.folder.mkdir(exist_ok=True)
        certificate = f"mtc-{heat}.pdf" if certified else ""
        if certified:
            (self.folder / certificate).write_bytes(certificate_pdf(heat))
        sheet = self.folder / f"{heat}.csv"
        with sheet.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([
                ["Name", "Quantity", "Unit", "HeatNumber", "MaterialGrade", "CertificateFile"],
                [name, quantity, unit or "", heat, grade or "", certificate],
            ])
        return str(import_inventory(self.ctx.db, self.ctx.blobs, self.company_id, sheet, self.folder)["inventoryIds"][0])


def order_with_lines(api: Api, *lines: tuple[str, str | None, str | None], reference: str | None = None) -> dict[str, Any]:
    """An order whose lines ask for (quantity, unit, grade) each."""
    body = order(reference)
    body["lineItems"] = [
        {"productCode": f"P-{n}", "quantity": float(quantity), "unit": unit, "materialGrade": grade}
        for n, (quantity, unit, grade) in enumerate(lines, start=1)
    ]
    [created] = api.create([body])
    return dict(created)


def reservations_path(line: dict[str, Any], some_id: str | None = None) -> str:
    path = f"/{line['orderId']}/line-items/{line['orderLineItemId']}/reservations"
    return f"{path}/{some_id}" if some_id else path


def reserve(api: Api, line: dict[str, Any], inventory_id: str, quantity: str, **flags: str) -> TestResponse:
    query = {"inventoryId": inventory_id, "reserveQuantity": quantity, **flags}
    return api.request("POST", reservations_path(line), query_string=query)


def reserved(api: Api, line: dict[str, Any], inventory_id: str, quantity: str, **flags: str) -> dict[str, Any]:
    response = reserve(api, line, inventory_id, quantity, **flags)
    assert response.status_code == 201, response.get_data(as_text=True)
    return dict(response.get_json())


def unreserve(api: Api, line: dict[str, Any], some_id: str) -> TestResponse:
    return api.request("DELETE", reservations_path(line, some_id))


def details_of(api: Api, line: dict[str, Any]) -> dict[str, Any]:
    details = api.request("GET", f"/{line['orderId']}/details").get_json()
    return next(item for item in details["lineItems"] if item["orderLineItemId"] == line["orderLineItemId"])


def active_links(ctx: AppContext, company_id: str) -> list[dict[str, Any]]:
    with ctx.db.read() as tx:
        rows = tx.query("SELECT LinkId, OrderLineItemId, InventoryId FROM OrderLineItemInventory WHERE CompanyId = ? AND Active = 1",
                        (company_id,))
    return [{key: str(value).lower() for key, value in row.items()} for row in rows]
