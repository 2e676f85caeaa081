"""The demo company's stock: rows with heat numbers and generated mill test certificates, some reserved.

Certificates come from ``shared.demo.certificates`` (WeasyPrint, imported only here, on the seed's path).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shared.auth import Principal
from shared.context import AppContext
from shared.models.reservations import InventoryImportRow
from shared.services.certificate_files import CertificateFile, describe
from shared.services.inventory_import import store_stock
from shared.services.reservations import ReserveRequest, reserve

# name, quantity, unit, heat number, grade, mill
STOCK = (
    ("Plate 20mm S355J2+N 2500x1250", "24", "t", "N41871", "S355J2+N", "Nordhafen Plate Works"),
    ("Plate 20mm S355J2+N 2500x1250", "4", "t", "N41902", "S355J2+N", "Nordhafen Plate Works"),
    ("Universal beam 305x165x40 S355JR 12m", "6", "m", "T77310", "S355JR", "Tees Valley Sections"),
    ("Universal beam 305x165x40 S355JR 12m", "36", "m", "T77395", "S355JR", "Tees Valley Sections"),
    ("RHS 100x50x5 S355J2H 7.5m", "48", "m", "R20455", "S355J2H", "Calder Tube Mill"),
    ("Round bar 50mm 1.4404 (316L)", "450", "kg", "V88120", "1.4404", "Valle Stura Acciai"),
    ("Universal beam 305x165x40 S355J0 12m", "12", "m", "T77412", "S355J0", "Tees Valley Sections"),
)
# order index, line index, stock index, quantity, split, allowSubstitute. SO-24002's pack shows the three cases a
# stockholder meets: line 1 covered (a whole 4 t plate), line 2 a substitute (S355J0 beam for an S355JR line, its
# full 6 m), line 3 short (5 m of RHS on an 8 m line). Two more splits of one plate heat cover SO-24001 and SO-24004.
RESERVATIONS = (
    (0, 0, 0, "2", True, False), (1, 0, 1, "4", False, False), (1, 1, 6, "6", True, True), (1, 2, 4, "5", True, False),
    (3, 0, 0, "8", True, False),
)


def seed_stock(ctx: AppContext, actor: Principal, orders: list[dict[str, Any]]) -> dict[str, list[str]]:
    rows, pdfs = _stock_with_certificates()
    stock_ids = store_stock(ctx.db, ctx.blobs, actor.company_id, rows, lambda file: pdfs[file.sha256])
    link_ids = []
    for order_index, line_index, stock_index, quantity, split, substitute in RESERVATIONS:
        order = orders[order_index]
        request = ReserveRequest(order["orderId"], order["lineItems"][line_index]["orderLineItemId"], stock_ids[stock_index],
                                 Decimal(quantity), split, allow_substitute=substitute)
        link_ids.append(reserve(ctx.db, actor, request).body["linkId"])
    return {"inventoryIds": stock_ids, "reservationLinkIds": link_ids}


def _stock_with_certificates() -> tuple[list[tuple[InventoryImportRow, CertificateFile]], dict[str, bytes]]:
    from shared.demo.certificates import mill_test_certificate_pdf

    rows: list[tuple[InventoryImportRow, CertificateFile]] = []
    pdfs: dict[str, bytes] = {}
    for name, quantity, unit, heat, grade, mill in STOCK:
        pdf = mill_test_certificate_pdf(heat, grade, name, Decimal(quantity), unit, mill, seed=heat)
        certificate = describe(f"MTC-{heat}.pdf", pdf)
        pdfs[certificate.sha256] = pdf
        row = InventoryImportRow(name=name, quantity=Decimal(quantity), unit=unit, heat_number=heat, material_grade=grade)
        rows.append((row, certificate))
    return rows, pdfs
