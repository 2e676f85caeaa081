"""What the cover says, worked out in Python so the template only lays it out.

Every string here may be tenant text: the template escapes it (autoescape), nothing here formats HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from shared.certificate_pack.certificates import PreparedCertificate
from shared.certificate_pack.cover_coverage import (
    pack_line_coverage,
    quantity_problem,
    status_labels,
    substitute_problem,
    substitute_stock,
)
from shared.certificate_pack.cover_letterhead import Declaration, Letterhead, declaration, letterhead
from shared.certificate_pack.model import PackCertificate, PackLine, PackOrder, PackReservation

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class CertificateCell:
    file_name: str
    facts: str  # "EN 10204 3.1 · No. MTC-2026-0117 · Nordhafen Plate Works", as far as known
    problem: str | None


@dataclass(frozen=True)
class StockRow:
    inventory_name: str
    heat_number: str
    material_grade: str
    quantity: str
    certificate: CertificateCell | None
    substitute: bool = False


@dataclass(frozen=True)
class LineRow:
    line_number: int
    product_code: str
    description: str
    material_grade: str
    quantity: str
    stock: list[StockRow]
    # Exactly the quantity, of the material asked for, every piece with a certificate in the pack.
    complete: bool = False
    status: tuple[str, ...] = ()  # "Covered", or each way the line falls short ("Short by 3 m", "Substitute")


@dataclass(frozen=True)
class CoverView:
    company_name: str
    order_reference: str
    customer_name: str
    customer_reference: str
    delivery_address: list[str]  # its lines, as written
    order_date: str
    delivery_date: str
    site: str
    status: str
    lines: list[LineRow]
    attention: list[str]  # one sentence per problem, for the summary box
    certificate_count: int
    certificate_pages: int
    generated_at: str
    letterhead: Letterhead | None = None
    declaration: Declaration | None = None
    # The summary box lists the first few problems; the table flags every one of them anyway, and a
    # box of fifty sentences would push the table itself off the first page.
    attention_shown: int = 8


def build_cover_view(
    order: PackOrder,
    prepared: Mapping[str, PreparedCertificate],
    generated_at: datetime,
) -> CoverView:
    """What the cover says. Certificate page numbers are not part of it: they are stamped on (cover.py)."""
    lines = [_line_row(line, prepared) for line in order.lines]
    readable = [p for p in prepared.values() if p.readable]
    incomplete = sum(1 for line in lines if not line.complete)
    return CoverView(
        company_name=order.company_name,
        order_reference=order.order_reference,
        customer_name=_text(order.customer_name),
        customer_reference=_text(order.customer_reference),
        delivery_address=(order.delivery_address or "—").splitlines(),
        order_date=format_date(order.order_date),
        delivery_date=format_date(order.delivery_date),
        site=_text(order.site),
        status=status_label(order.status),
        lines=lines,
        attention=[problem for line in order.lines for problem in _problems(line, prepared)],
        certificate_count=len(readable),
        certificate_pages=sum(p.page_count for p in readable),
        generated_at=generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        letterhead=letterhead(order),
        declaration=declaration(order, incomplete),
    )


def format_quantity(quantity: Decimal | None, unit: str | None) -> str:
    if quantity is None:
        return "—"
    # normalize() drops trailing zeros of DECIMAL columns; the "f" format keeps 100 from becoming 1E+2.
    number = format(quantity.normalize(), ",f")
    return f"{number} {unit}" if unit else number


def format_date(value: date | None) -> str:
    # Spelled-out month: 03/04/2025 reads differently on each side of the Atlantic.
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}" if value else "—"


def _line_row(line: PackLine, prepared: Mapping[str, PreparedCertificate]) -> LineRow:
    coverage = pack_line_coverage(line, prepared)
    return LineRow(
        line_number=line.line_number,
        product_code=_text(line.product_code),
        description=line.description or "",
        material_grade=_text(line.material_grade),
        quantity=format_quantity(line.quantity, line.unit),
        stock=[_stock_row(line, r, prepared) for r in line.reservations],
        complete=coverage.complete,
        status=tuple(status_labels(coverage)),
    )


def _stock_row(line: PackLine, reservation: PackReservation, prepared: Mapping[str, PreparedCertificate]) -> StockRow:
    cert = reservation.certificate
    cell = None
    if cert is not None:
        problem = prepared[cert.certificate_id].problem
        cell = CertificateCell(cert.file_name, certificate_facts(cert), problem)
    return StockRow(
        inventory_name=reservation.inventory_name,
        heat_number=_text(reservation.heat_number),
        material_grade=_text(reservation.material_grade),
        quantity=format_quantity(reservation.quantity, reservation.unit),
        certificate=cell,
        substitute=substitute_stock(line, reservation),
    )


def _problems(line: PackLine, prepared: Mapping[str, PreparedCertificate]) -> list[str]:
    """One sentence per way the line is not covered as ordered; none exactly when the line is complete."""
    where = f"Line {line.line_number}"
    quantity = quantity_problem(line, pack_line_coverage(line, prepared))
    problems = [quantity] if quantity else []
    for reservation in line.reservations:
        if (substitute := substitute_problem(line, reservation)) is not None:
            problems.append(substitute)
        stock = f"{where}, {reservation.inventory_name}"
        if reservation.heat_number:
            stock += f" (heat {reservation.heat_number})"
        cert = reservation.certificate
        if cert is None:
            problems.append(f"{stock}: no certificate on record.")
        elif (problem := prepared[cert.certificate_id].problem) is not None:
            problems.append(f"{stock}: certificate file {cert.file_name} unreadable ({problem}).")
    return problems


def certificate_facts(cert: PackCertificate) -> str:
    """What a goods-in inspector checks first: the EN 10204 type, the certificate's number, the mill."""
    parts = [
        f"EN 10204 {cert.en10204_type}" if cert.en10204_type else None,
        f"No. {cert.number}" if cert.number else None,
        cert.manufacturer,
    ]
    return " · ".join(part for part in parts if part)


def status_label(status: str | None) -> str:
    """The order status as a customer reads it: "InProgress" → "In progress"."""
    if not status:
        return "—"
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", status)
    return words[:1].upper() + words[1:].lower()


def _text(value: str | None) -> str:
    return value if value else "—"
