"""pack_hash: the cache key must change with every input that changes the PDF, and only with those."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from shared.certificate_pack import PackCertificate, PackLine, PackOrder, PackReservation, hashing, pack_hash


def make_order(
    quantity: str = "2400.000",
    description: str = "Plate 10 mm",
    sha256: str = "a" * 64,
    content: bytes | None = b"%PDF-1.7 ...",
) -> PackOrder:
    cert = PackCertificate("c1", "mtc.pdf", "application/pdf", sha256, content)
    stock = PackReservation("Plate A-1187", "H45871", "S355J2+N", Decimal(quantity), "kg", cert)
    lines = [
        PackLine(1, "PL-10", description, "S355J2+N", Decimal("4800"), "kg", [stock]),
        PackLine(2, "PL-12", "Plate 12 mm", "S355J2+N", Decimal("100"), "kg", []),
    ]
    return PackOrder("Brightwater", "SO-1", "Hallam", date(2025, 6, 3), None, "Sheffield", "Confirmed", lines)


def test_identical_input_gives_an_identical_hash() -> None:
    assert pack_hash(make_order()) == pack_hash(make_order())
    assert len(pack_hash(make_order())) == 64


@pytest.mark.parametrize("changed", [
    pytest.param(make_order(quantity="1200.000"), id="reservation quantity"),
    pytest.param(make_order(description="Plate 10 mm, shot blasted"), id="line description"),
    pytest.param(make_order(sha256="b" * 64), id="certificate sha256"),
    pytest.param(make_order(content=None), id="certificate file now missing"),
    pytest.param(replace(make_order(), customer_name="Hallam Ltd"), id="customer name"),
    pytest.param(replace(make_order(), delivery_date=date(2025, 6, 17)), id="delivery date"),
    pytest.param(replace(make_order(), lines=list(reversed(make_order().lines))), id="line order"),
    pytest.param(replace(make_order(), lines=make_order().lines[:1]), id="a line removed"),
])
def test_the_hash_changes_when_an_input_changes(changed: PackOrder) -> None:
    assert pack_hash(changed) != pack_hash(make_order())


def test_the_hash_changes_when_the_template_version_is_bumped(monkeypatch: pytest.MonkeyPatch) -> None:
    before = pack_hash(make_order())
    monkeypatch.setattr(hashing, "TEMPLATE_VERSION", hashing.TEMPLATE_VERSION + "-next")
    assert pack_hash(make_order()) != before


def test_certificate_bytes_are_represented_by_their_sha256_not_hashed_again() -> None:
    assert pack_hash(make_order(content=b"other bytes, same recorded digest")) == pack_hash(make_order())


def test_an_input_of_an_unexpected_type_is_refused_rather_than_hashed_by_repr() -> None:
    order = replace(make_order(), site=3.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pack_hash(order)
