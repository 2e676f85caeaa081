"""pack_hash: the cache key must change with every input that changes the PDF, and only with those."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from shared.certificate_pack import (
    PackCertificate,
    PackLetterhead,
    PackLine,
    PackLogo,
    PackOrder,
    PackReservation,
    hashing,
    model,
    pack_hash,
)


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


# Every field of every pack model class, derived from the model itself: a field added later is varied too (and a
# field of a type `_another` does not know fails loudly rather than going unchecked).
MODEL_CLASSES = [
    cls for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
]


def _another(value: Any) -> Any:
    """A different value of the same kind (bytes -> None: the file could not be read any more)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, Decimal)):
        return value + 1
    if isinstance(value, str):
        return value + "'"
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, bytes):
        return None
    raise AssertionError(f"the hash test cannot vary a {type(value).__name__}: teach _another about it")


def _variants(value: Any) -> Iterator[tuple[str, Any]]:
    """(Class.field, a copy of ``value`` with that one field changed somewhere inside) for every field."""
    for field in dataclasses.fields(value):
        label, current = f"{type(value).__name__}.{field.name}", getattr(value, field.name)
        if dataclasses.is_dataclass(current):
            yield label, replace(value, **{field.name: None})
            yield from ((inner, replace(value, **{field.name: changed})) for inner, changed in _variants(current))
        elif isinstance(current, (list, tuple)):
            assert current, f"{label}: the sample needs an item here"
            yield label, replace(value, **{field.name: list(current[:-1])})
            for index, item in enumerate(current):
                for inner, changed in _variants(item):
                    yield inner, replace(value, **{field.name: [*current[:index], changed, *current[index + 1 :]]})
        else:
            assert current is not None, f"{label}: the sample must set every field"
            yield label, replace(value, **{field.name: _another(current)})
            if field.name != "content":  # None vs bytes is the variant above; the rest may all be cleared
                yield f"{label}=None", replace(value, **{field.name: None})


def full_order() -> PackOrder:
    """Every field set, including the optional ones."""
    cert = PackCertificate("c1", "mtc.pdf", "application/pdf", "a" * 64, b"%PDF-1.7 ...", "MTC-9", "3.1", "Hallam Mill")
    stock = PackReservation("Plate A-1187", "H45871", "S355J2+N", Decimal("2400.000"), "kg", cert)
    line = PackLine(1, "PL-10", "Plate 10 mm", "S355J2+N", Decimal("4800"), "kg", [stock])
    letterhead = PackLetterhead("Brightwater Steel", "1 Quay St", PackLogo("image/png", "b" * 64, b"\x89PNG"), "A. Signer", "QA lead")
    return PackOrder("Brightwater", "SO-1", "Hallam", date(2025, 6, 3), date(2025, 6, 20), "Sheffield", "Confirmed", [line],
                     "PO-77", "Dock 4, Hull", letterhead)


VARIANTS = list(_variants(full_order()))


def test_the_variants_cover_every_field_of_every_pack_model_class() -> None:
    varied = {label.split("=")[0] for label, _ in VARIANTS}
    declared = {f"{cls.__name__}.{field.name}" for cls in MODEL_CLASSES for field in dataclasses.fields(cls)}
    assert declared and varied == declared


@pytest.mark.parametrize(("label", "changed"), VARIANTS, ids=[label for label, _ in VARIANTS])
def test_changing_any_single_field_changes_the_hash(label: str, changed: PackOrder) -> None:
    assert pack_hash(changed) != pack_hash(full_order())


def _documented(value: Any) -> Any:
    """The canonical form as the module docstring describes it, written independently of hashing._canonical."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _documented(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {**fields, "content": value.content is not None} if isinstance(value, (PackCertificate, PackLogo)) else fields
    if isinstance(value, (list, tuple)):
        return [_documented(item) for item in value]
    if isinstance(value, (Decimal, date)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def test_the_hash_is_the_sha256_of_the_documented_canonical_json() -> None:
    """The exact cache key: stable across processes and deployments, so stored packs are found again. Changing the
    canonical form re-renders every pack once, like a TEMPLATE_VERSION bump: do it on purpose, and update this."""
    order = replace(full_order(), customer_name="Hällam")  # non-ASCII text is hashed as UTF-8, not as \u escapes
    document = {"templateVersion": hashing.TEMPLATE_VERSION, "order": _documented(order)}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert '"content":true' in text and '"quantity":"2400.000"' in text and "Hällam" in text
    assert pack_hash(order) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_an_unhashable_input_is_named_in_the_error() -> None:
    with pytest.raises(TypeError, match=r"^cannot hash a float in a certificate pack input$"):
        pack_hash(replace(make_order(), site=3.5))  # type: ignore[arg-type]
