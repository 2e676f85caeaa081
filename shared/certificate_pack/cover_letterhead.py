"""The cover's letterhead (name, address, logo) and its declaration of conformity, from the company profile.

The declaration is a promise that the material conforms to the order, so it is printed, signed with the profile's
signatory, only when every line is complete (exactly its quantity of the ordered material, all certified); otherwise
the cover says it is withheld and why. Without a signatory in the profile there is no declaration at all.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from shared.certificate_pack.model import PackOrder

DECLARATION = (
    "We declare that the material supplied against order {reference} conforms to the order, and that the inspection "
    "documents enclosed are those of the material supplied, as received from the manufacturer."
)


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: list[str]  # its lines
    logo_url: str | None  # a data: URL (the only kind the locked fetcher lets through besides packaged assets)


@dataclass(frozen=True)
class Declaration:
    made: bool
    text: str
    signed_by: str | None  # "Name, Role" when made


def letterhead(order: PackOrder) -> Letterhead:
    profile = order.letterhead
    if profile is None:
        return Letterhead(order.company_name, [], None)
    logo = profile.logo
    logo_url = None
    if logo is not None and logo.content is not None:
        logo_url = f"data:{logo.content_type};base64,{base64.b64encode(logo.content).decode('ascii')}"
    return Letterhead(profile.name or order.company_name, (profile.address or "").splitlines(), logo_url)


def declaration(order: PackOrder, incomplete_lines: int) -> Declaration | None:
    profile = order.letterhead
    if profile is None or not profile.signatory_name:
        return None
    if not order.lines:
        return Declaration(False, "Declaration of conformity withheld: the order has no line items.", None)
    if incomplete_lines:
        lines = f"{incomplete_lines} line item{'s' if incomplete_lines != 1 else ''}"
        return Declaration(False, f"Declaration of conformity withheld: {lines} not covered as ordered (see above).", None)
    signed_by = ", ".join(part for part in (profile.signatory_name, profile.signatory_role) if part)
    return Declaration(True, DECLARATION.format(reference=order.order_reference), signed_by)
