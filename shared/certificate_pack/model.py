"""What a certificate pack is made of: plain, frozen values, no database or HTTP types.

The service that loads an order fills these in; everything downstream (hash, cover, assembly) is a pure
function of them, which is what makes the pack cacheable by its hash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class PackCertificate:
    """A certificate file as stored. ``content`` is None when the file could not be loaded at all."""

    certificate_id: str
    file_name: str
    content_type: str | None
    sha256: str
    content: bytes | None = field(default=None, repr=False, compare=False)
    number: str | None = None  # the certificate's own number
    en10204_type: str | None = None  # 2.1, 2.2, 3.1 or 3.2
    manufacturer: str | None = None  # the mill


@dataclass(frozen=True)
class PackReservation:
    """Stock reserved against a line: one inventory row, its heat and (maybe) its certificate."""

    inventory_name: str
    heat_number: str | None
    material_grade: str | None
    quantity: Decimal
    unit: str | None
    certificate: PackCertificate | None = None
    substitute: bool = False  # reserved with allowSubstitute as another material than the line's


@dataclass(frozen=True)
class PackLine:
    line_number: int
    product_code: str | None
    description: str | None
    material_grade: str | None
    quantity: Decimal | None
    unit: str | None
    reservations: Sequence[PackReservation] = ()


@dataclass(frozen=True)
class PackLogo:
    """The letterhead's logo image. ``content`` is None when the file could not be loaded (then none is drawn)."""

    content_type: str
    sha256: str
    content: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class PackLetterhead:
    """The company profile the pack is printed with: letterhead and the declaration's signatory."""

    name: str | None = None
    address: str | None = None
    logo: PackLogo | None = None
    signatory_name: str | None = None
    signatory_role: str | None = None


@dataclass(frozen=True)
class PackOrder:
    company_name: str
    order_reference: str
    customer_name: str | None
    order_date: date | None
    delivery_date: date | None
    site: str | None
    status: str | None
    lines: Sequence[PackLine] = ()
    customer_reference: str | None = None  # the customer's purchase-order number
    delivery_address: str | None = None
    letterhead: PackLetterhead | None = None

    def certificates(self) -> list[PackCertificate]:
        """Every distinct certificate (by id), first occurrence in line order: the pack's page order."""
        seen: dict[str, PackCertificate] = {}
        for line in self.lines:
            for reservation in line.reservations:
                cert = reservation.certificate
                if cert is not None and cert.certificate_id not in seen:
                    seen[cert.certificate_id] = cert
        return list(seen.values())

    def heat_numbers_of(self, certificate_id: str) -> list[str]:
        """Distinct heat numbers of the stock that carries this certificate, in line order."""
        heats: list[str] = []
        for line in self.lines:
            for reservation in line.reservations:
                cert = reservation.certificate
                heat = reservation.heat_number
                if cert and cert.certificate_id == certificate_id and heat and heat not in heats:
                    heats.append(heat)
        return heats
