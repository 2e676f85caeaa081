"""A demo company with customers, orders and line items, stock with certificates and reservations, for ``make run``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from shared.auth import Principal
from shared.context import AppContext
from shared.demo.stock import seed_stock
from shared.demo.traceability import TRACE_HEAT, describe_certificates, spread_heat
from shared.models.company_profiles import CompanyProfileUpdate
from shared.models.fields import OrderStatus
from shared.models.orders import LineItemCreate, OrderCreate
from shared.services import admin, company_profiles, order_create

STATUSES = (OrderStatus.OPEN, OrderStatus.IN_PROGRESS, OrderStatus.DRAFT, OrderStatus.DISPATCHED, OrderStatus.OPEN, OrderStatus.COMPLETED)
DEMO_COMPANY = "Demo Steel Stockholders Ltd"
PROFILE = {
    "letterheadName": DEMO_COMPANY, "address": "Unit 7, Tinsley Industrial Estate\nSheffield S9 1XU",
    "signatoryName": "Priya Shah", "signatoryRole": "Quality Manager",
}
CUSTOMERS = ("Northern Bridge Fabrications", "Harbour Crane Services")
PRODUCTS = (
    ("PL-S355-20", "Plate 20mm S355J2+N 2500x1250", "S355J2+N", "t"),
    ("UB-305-165-40", "Universal beam 305x165x40 S355JR", "S355JR", "m"),
    ("RHS-100-50-5", "RHS 100x50x5 S355J2H", "S355J2H", "m"),
    ("RB-316L-50", "Round bar 50mm 316L", "1.4404", "kg"),
)


def seed_demo(ctx: AppContext) -> dict[str, Any]:
    company_id = admin.create_company(ctx.db, DEMO_COMPANY)["companyId"]
    customers = [admin.create_organisation(ctx.db, company_id, name)["relatedOrganisationId"] for name in CUSTOMERS]
    key = admin.create_api_key(ctx.db, company_id, "Demo Planner")
    actor = Principal(company_id=company_id, user_id=key["userId"], display_name="Demo Planner")
    created = order_create.create_orders(ctx.db, actor, _demo_orders(ctx, customers))
    stock = seed_stock(ctx, actor, created)
    describe_certificates(ctx, actor)
    spread = spread_heat(ctx, actor, stock["inventoryIds"][0])
    stock["reservationLinkIds"] = [*stock["reservationLinkIds"], spread["linkId"]]
    company_profiles.set_profile(ctx.db, ctx.blobs, company_id, actor.user_id, CompanyProfileUpdate.model_validate(PROFILE))
    return {
        "companyId": company_id,
        "apiKey": key["apiKey"],
        "apiKeyId": key["apiKeyId"],
        "userId": key["userId"],
        "relatedOrganisationIds": customers,
        "orderIds": [*(order["orderId"] for order in created), spread["orderId"]],
        "traceHeat": TRACE_HEAT,
        **stock,
    }


def _demo_orders(ctx: AppContext, customers: list[str]) -> list[OrderCreate]:
    today = ctx.clock.now().date()
    orders = []
    for number in range(1, 7):
        lines = [
            LineItemCreate(product_code=code, description=description, material_grade=grade, quantity=Decimal(number * (i + 2)), unit=unit)
            for i, (code, description, grade, unit) in enumerate(PRODUCTS[: 1 + number % len(PRODUCTS)])
        ]
        orders.append(OrderCreate(
            order_reference=f"SO-{24000 + number}",
            quantity=sum((line.quantity for line in lines), Decimal(0)),
            customer_reference=f"PO-{88000 + 7 * number}",
            order_date=today - timedelta(days=3 * number),
            delivery_date=today + timedelta(days=7 * number),
            site="Sheffield" if number % 2 else "Rotherham",
            status=STATUSES[number - 1],
            related_organisation_id=UUID(customers[number % len(customers)]),
            line_items=lines,
        ))
    return orders
