"""Units of measure, and the one table that converts between them.

Units are free text on lines and stock rows ("t", "Tonnes", "kg", "m", "mm", "pcs"). Two units are the *same* when
they are equal after folding case and removing spaces, or are spellings of one unit in ``SPELLINGS`` ("tonnes" is
"t", "pc" is "pcs"). Mass converts to mass and length to length by ``FACTORS``; counted units (pieces, and any
unit not in the table) never convert, so 3 pcs of bar are never taken for 3 kg of it.
"""

from __future__ import annotations

from decimal import Decimal

# canonical unit -> (what it measures, how many of the base unit one of it is). Exact decimal factors only.
FACTORS: dict[str, tuple[str, Decimal]] = {
    "t": ("mass", Decimal(1000)),
    "kg": ("mass", Decimal(1)),
    "g": ("mass", Decimal("0.001")),
    "km": ("length", Decimal(1000)),
    "m": ("length", Decimal(1)),
    "cm": ("length", Decimal("0.01")),
    "mm": ("length", Decimal("0.001")),
    "m2": ("area", Decimal(1)),
    "mm2": ("area", Decimal("0.000001")),
}

# spelling (case folded, spaces removed) -> canonical unit
SPELLINGS: dict[str, str] = {
    **{word: "t" for word in ("t", "tonne", "tonnes", "metricton", "metrictons")},
    **{word: "kg" for word in ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes")},
    **{word: "g" for word in ("g", "gram", "grams", "gramme", "grammes")},
    **{word: "km" for word in ("km", "kilometre", "kilometres", "kilometer", "kilometers")},
    **{word: "m" for word in ("m", "metre", "metres", "meter", "meters", "lm")},
    **{word: "cm" for word in ("cm", "centimetre", "centimetres", "centimeter", "centimeters")},
    **{word: "mm" for word in ("mm", "millimetre", "millimetres", "millimeter", "millimeters")},
    **{word: "m2" for word in ("m2", "m²", "sqm", "squaremetre", "squaremetres", "squaremeter", "squaremeters")},
    **{word: "mm2" for word in ("mm2", "mm²")},
    **{word: "pcs" for word in ("pcs", "pc", "piece", "pieces", "ea", "each", "nr", "no", "no.", "off")},
}


def canonical_unit(unit: str | None) -> str | None:
    """The unit's canonical spelling (case folded, spaces removed); None for no unit."""
    if unit is None or not unit.strip():
        return None
    folded = "".join(unit.split()).casefold()
    return SPELLINGS.get(folded, folded)


def factor(from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """What one ``from_unit`` is in ``to_unit``: 1 for the same unit, None when they do not convert."""
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    if source == target:
        return Decimal(1)
    if source not in FACTORS or target not in FACTORS:
        return None
    (source_kind, source_factor), (target_kind, target_factor) = FACTORS[source], FACTORS[target]
    return source_factor / target_factor if source_kind == target_kind else None


def convert(quantity: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """``quantity`` of ``from_unit`` in ``to_unit`` (exact), or None when the units do not convert."""
    ratio = factor(from_unit, to_unit)
    return None if ratio is None else quantity * ratio
