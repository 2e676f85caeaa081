"""A Python client generated from the served /api/openapi.json drives the whole API (issue 16 item 5).

The client is generated once per test session (openapi-python-client, pinned in requirements-dev.txt) from the
document a live devhost serves, into a temporary folder, and imported from there. The flow then uses only that
client: every call goes through its generated functions and models, against devhost on a loopback port.
Quantities are floats in the generated models: every value the API accepts (15 significant digits, 4 decimals)
must come back as the same float, and the value stored must be exactly the decimal that was sent.

If the generator drops an operation or a response, or mis-types a field, the fix belongs in the document
(shared/openapi), not here.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from devhost.server import serving
from shared import context as app_context
from tests.stock_support import real_pdf
from tests.support import Tenant, make_context

PACKAGE = "orders_api_client"
BIG, SMALL, LINE = Decimal("99999999999.9999"), Decimal("0.0001"), Decimal("12345678901.2345")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The generated client package, from the document as devhost serves it (once per session)."""
    folder = tmp_path_factory.mktemp("generated-client")
    context = make_context(folder)
    app_context.use(context)
    try:
        with serving() as base:
            served = httpx.get(f"{base}/api/openapi.json", timeout=30)
    finally:
        app_context.use(None)
    assert served.status_code == 200
    (folder / "openapi.json").write_bytes(served.content)
    (folder / "config.json").write_text(json.dumps({"project_name_override": PACKAGE, "package_name_override": PACKAGE,
                                                   "post_hooks": []}))
    done = subprocess.run(
        [str(Path(sys.executable).parent / "openapi-python-client"), "generate", "--path", str(folder / "openapi.json"),
         "--output-path", str(folder / PACKAGE), "--meta", "none", "--config", str(folder / "config.json")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Any warning means a dropped operation or response, or a type it could not read: fix the document.
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    return importlib.import_module(PACKAGE)


def api(name: str) -> Any:
    """A generated operation module, e.g. ``api("orders.create_orders")``."""
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def models() -> Any:
    return importlib.import_module(f"{PACKAGE}.models")


def exact(value: float) -> Decimal:
    """The decimal a float stands for, as JSON writes it (shortest repr)."""
    return Decimal(repr(value))


def test_a_generated_client_drives_the_whole_api(generated: ModuleType, ctx, tenant: Tenant) -> None:
    m, company = models(), tenant.company_id
    with serving() as base:
        client = generated.AuthenticatedClient(base_url=f"{base}/api", token=tenant.api_key, raise_on_unexpected_status=True,
                                               timeout=httpx.Timeout(120))
        organisation = _customers(client, m, company)
        order = _orders(client, m, company, organisation)
        inventory_id = _stock(client, m, company)
        _reservations(client, m, company, order, inventory_id)
        _files(client, m, company, order)
        _delete_and_restore(client, m, company, order)


def _customers(client: Any, m: Any, company: str) -> Any:
    created = api("customers.create_organisations").sync(company, client=client, body=[m.OrganisationCreate(name="Borealis Metals")])
    assert [organisation.name for organisation in created] == ["Borealis Metals"]
    update = m.OrganisationUpdate.from_dict({**created[0].to_dict(), "name": "Borealis Metals Ltd"})
    renamed = api("customers.update_organisation").sync(company, created[0].related_organisation_id, client=client, body=update)
    assert renamed.name == "Borealis Metals Ltd"
    assert [change.name for change in renamed.name_history] == ["Borealis Metals", "Borealis Metals Ltd"]
    listed = api("customers.list_organisations").sync(company, client=client)
    assert [(item.related_organisation_id, item.name) for item in listed] == [(renamed.related_organisation_id, "Borealis Metals Ltd")]
    return renamed


def _orders(client: Any, m: Any, company: str, organisation: Any) -> Any:
    assert api("orders.list_orders").sync(company, client=client) == []
    lines = [m.LineItemCreate(quantity=float(LINE), unit="t", material_grade="S355J2", product_code="PL-20"),
             m.LineItemCreate(quantity=float(SMALL), unit="t", material_grade="S355J2", product_code="PL-30")]
    body = m.OrderCreate(order_reference="SO-GEN-1", quantity=float(BIG), order_date=date(2026, 3, 1),
                         delivery_date=date(2026, 3, 20), site="Sheffield", related_organisation_id=organisation.related_organisation_id,
                         line_items=lines)
    [created] = api("orders.create_orders").sync(company, client=client, body=[body])
    assert (exact(created.quantity), created.customer_name) == (BIG, "Borealis Metals Ltd")
    assert [(line.line_number, exact(line.quantity)) for line in created.line_items] == [(1, LINE), (2, SMALL)]
    read = api("orders.get_order").sync(company, created.order_id, client=client)
    assert read.to_dict() == created.to_dict()
    # What the server stores is exactly the decimal sent (the raw JSON, not the float the client made of it).
    raw = json.loads(api("orders.get_order").sync_detailed(company, created.order_id, client=client).content, parse_float=Decimal)
    assert (raw["quantity"], [line["quantity"] for line in raw["lineItems"]]) == (BIG, [LINE, SMALL])

    # Sent back as read: nothing changes (no updatedAt move, no history entry).
    [same] = api("orders.update_orders").sync(company, client=client, body=[m.OrderUpdate.from_dict(read.to_dict())])
    assert same.to_dict() == read.to_dict()
    edited = m.OrderUpdate.from_dict(read.to_dict())
    edited.status = m.OrderStatus.INPROGRESS
    [updated] = api("orders.update_orders").sync(company, client=client, body=[edited])
    assert (updated.status, exact(updated.quantity)) == (m.OrderStatus.INPROGRESS, BIG)
    assert [exact(line.quantity) for line in updated.line_items] == [LINE, SMALL]
    assert updated.updated_at > read.updated_at

    history = api("history.get_order_history").sync(company, created.order_id, client=client)
    assert [(event.change_type, event.entity_type) for event in history][-1] == ("Updated", "Order")
    assert [(change.field, change.old_value, change.new_value) for change in history[-1].changes] == [("status", "Open", "InProgress")]
    assert history[-1].changed_at == updated.updated_at
    later = api("history.get_order_history").sync(company, created.order_id, client=client, since=history[0].changed_at)
    assert [event.change_type for event in later] == ["Updated"]
    listed = api("orders.list_orders").sync(company, client=client, status=[m.OrderStatus.INPROGRESS, m.OrderStatus.OPEN])
    assert [order.order_id for order in listed] == [created.order_id]
    return updated


def _stock(client: Any, m: Any, company: str) -> Any:
    body = m.InventoryCreate(name="Plate 20 S355J2", quantity=float(LINE), unit="t", heat_number="H-GEN-1", material_grade="S355J2")
    [created] = api("stock.create_inventory").sync(company, client=client, body=[body])
    assert (exact(created.quantity), created.heat_number) == (LINE, "H-GEN-1")
    read = api("stock.get_inventory").sync(company, created.inventory_id, client=client)
    update = m.InventoryUpdate.from_dict({**read.to_dict(), "materialGrade": "S355J2"})
    unchanged = api("stock.update_inventory").sync(company, created.inventory_id, client=client, body=update)
    assert unchanged.updated_at == read.updated_at
    renamed = api("stock.update_inventory").sync(
        company, created.inventory_id, client=client, body=m.InventoryUpdate.from_dict({**read.to_dict(), "name": "Plate 20mm"}))
    assert (renamed.name, exact(renamed.quantity)) == ("Plate 20mm", LINE)
    history = api("stock.get_inventory_history").sync(company, created.inventory_id, client=client)
    assert [event.change_type for event in history] == ["Created", "Updated"]
    listed = api("stock.list_inventory").sync(company, client=client, heat_number=["H-GEN-1"], available=True)
    assert [item.inventory_id for item in listed] == [created.inventory_id]
    return created.inventory_id


def _reservations(client: Any, m: Any, company: str, order: Any, inventory_id: Any) -> None:
    line = order.line_items[0]
    reservation = api("reservations.reserve_inventory").sync(
        company, order.order_id, line.order_line_item_id, client=client, inventory_id=inventory_id, reserve_quantity=str(LINE))
    assert (reservation.linked_inventory_id, reservation.was_split) == (inventory_id, False)
    details = api("orders.get_order_details").sync(company, order.order_id, client=client)
    first = details.line_items[0]
    assert (exact(first.reserved_quantity), [item.inventory_id for item in first.reservations]) == (LINE, [inventory_id])
    assert first.coverage.status == "covered"
    removed = api("reservations.unreserve_inventory").sync(company, order.order_id, line.order_line_item_id, inventory_id, client=client)
    assert removed.inventory_id == inventory_id
    again = api("reservations.reserve_inventory").sync(
        company, order.order_id, line.order_line_item_id, client=client, inventory_id=inventory_id, reserve_quantity=str(LINE))
    assert again.linked_inventory_id == inventory_id


def _files(client: Any, m: Any, company: str, order: Any) -> None:
    types = importlib.import_module(f"{PACKAGE}.types")
    pack = api("certificates.get_certificate_pack").sync(company, order.order_id, client=client)
    assert pack.payload.read().startswith(b"%PDF-")
    exported = api("bulk_csv.download_orders_csv").sync(company, client=client).payload.read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(row["OrderReference"], Decimal(row["Quantity"])) for row in rows] == [("SO-GEN-1", BIG)]
    archive = zipfile.ZipFile(api("bulk_csv.download_orders_zip").sync(company, client=client).payload)
    assert sorted(archive.namelist()) == ["order-line-items.csv", "orders.csv"]
    lines = list(csv.DictReader(io.StringIO(archive.read("order-line-items.csv").decode("utf-8-sig"))))
    assert [Decimal(row["Quantity"]) for row in lines] == [LINE, SMALL]
    templates = zipfile.ZipFile(api("bulk_csv.get_upload_templates").sync(company, client=client).payload)
    assert sorted(templates.namelist()) == ["order-line-items-template.csv", "orders-template.csv"]

    upload = b"OrderReference,Quantity,OrderDate\r\nSO-GEN-1,99999999999.9999,2026-03-01\r\nSO-GEN-2,0.0001,2026-03-02\r\n"
    body = m.UploadOrdersBody(files=[types.File(payload=io.BytesIO(upload), file_name="orders.csv", mime_type="text/csv")])
    summary = api("bulk_csv.upload_orders").sync(company, client=client, body=body)
    assert (summary.orders.to_dict(), summary.line_items.to_dict()) == (
        {"created": 1, "updated": 0, "unchanged": 1}, {"created": 0, "updated": 0, "unchanged": 0})
    [second] = api("orders.list_orders").sync(company, client=client, search="SO-GEN-2")
    assert exact(second.quantity) == SMALL


def _delete_and_restore(client: Any, m: Any, company: str, order: Any) -> None:
    deleted = api("orders.delete_orders").sync(company, client=client, body=m.OrderIds(order_ids=[order.order_id]))
    assert (deleted.deleted_count, deleted.deleted_ids) == (1, [order.order_id])
    assert [item.order_id for item in api("orders.list_deleted_orders").sync(company, client=client)] == [order.order_id]
    restored = api("orders.restore_orders").sync(company, client=client, body=m.OrderIds(order_ids=[order.order_id]))
    assert (restored.restored_count, restored.restored_ids) == (1, [order.order_id])
    back = api("orders.get_order").sync(company, order.order_id, client=client)
    assert (exact(back.quantity), [exact(line.quantity) for line in back.line_items]) == (BIG, [LINE, SMALL])


def test_a_certificate_attached_through_the_generated_client_is_in_the_pack(generated: ModuleType, ctx, tenant: Tenant) -> None:
    m, company = models(), tenant.company_id
    types = importlib.import_module(f"{PACKAGE}.types")
    with serving() as base:
        client = generated.AuthenticatedClient(base_url=f"{base}/api", token=tenant.api_key, raise_on_unexpected_status=True)
        pdf = real_pdf(marker="generated-client")
        uploaded = api("certificates.upload_certificate").sync(
            company, client=client, body=m.UploadCertificateBody(file=types.File(payload=io.BytesIO(pdf), file_name="mtc.pdf")))
        content = api("certificates.download_certificate").sync(company, uploaded.certificate_id, client=client)
        assert content.payload.read() == pdf
