"""The demo's traceability story: certificates described (number, EN 10204 type, mill, issue date, heats), and one
plate heat split across several customers' orders, so ``trace_heat`` has something to show."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from shared.auth import Principal
from shared.context import AppContext
from shared.models.certificates import CertificateUpdate
from shared.models.orders import LineItemCreate, OrderCreate
from shared.repositories import certificate_list
from shared.services import certificates_api, order_create
from shared.services.reservations import ReserveRequest, reserve

TRACE_HEAT = "N41871"
THIRD_CUSTOMER = "Pennine Rail Engineering"


def describe_certificates(ctx: AppContext, actor: Principal) -> None:
    with ctx.db.read() as tx:
        rows = certificate_list.stock_heats(tx, actor.company_id)
    mills = {"N": "Nordhafen Plate Works", "T": "Tees Valley Sections", "R": "Calder Tube Mill", "V": "Valle Stura Acciai"}
    for number, row in enumerate(sorted(rows, key=lambda r: str(r["HeatNumber"])), start=1):
        heat = str(row["HeatNumber"])
        update = CertificateUpdate(
            certificate_number=f"MTC-2026-{number:04d}", en10204_type="3.2" if heat.startswith("V") else "3.1",
            manufacturer=mills.get(heat[0]), issued_on=ctx.clock.now().date() - timedelta(days=40 + number), heat_numbers=[heat],
        )
        certificates_api.update(ctx.db, actor, str(row["CertificateId"]).lower(), update)


def spread_heat(ctx: AppContext, actor: Principal, plate_stock_id: str) -> dict[str, Any]:
    """A third customer's order taking another split of the plate heat already in two customers' orders."""
    [customer] = order_create.create_orders(ctx.db, actor, [OrderCreate(
        order_reference="SO-24007", order_date=ctx.clock.now().date(), site="Sheffield", customer_name=THIRD_CUSTOMER,
        line_items=[LineItemCreate(product_code="PL-S355-20", description="Plate 20mm S355J2+N 2500x1250", material_grade="S355J2+N",
                                   quantity=Decimal(3), unit="t")],
    )], create_customers=True)
    line_id = customer["lineItems"][0]["orderLineItemId"]
    outcome = reserve(ctx.db, actor, ReserveRequest(customer["orderId"], line_id, plate_stock_id, Decimal(3), True))
    return {"orderId": customer["orderId"], "linkId": outcome.body["linkId"]}
