"""Plausible EN 10204 3.1 mill test certificates, for the demo seed and the tests.

Values are drawn from typical ranges for the grade, seeded, so the same arguments always give the same
certificate. They are invented: nothing here describes real material.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from shared.certificate_pack.cover_view import format_date, format_quantity
from shared.certificate_pack.render import html_to_pdf, render_template

ELEMENTS = ("C", "Si", "Mn", "P", "S", "Cr", "Ni", "Mo")
Range = tuple[float, float]


@dataclass(frozen=True)
class GradeProfile:
    standard: str
    chemistry: dict[str, Range]  # ladle analysis, mass %
    yield_mpa: Range
    tensile_mpa: Range
    elongation_pct: Range
    impact_j: Range
    impact_temp_c: int


_CARBON = GradeProfile(
    "EN 10025-2:2019",
    {"C": (0.14, 0.19), "Si": (0.18, 0.45), "Mn": (1.25, 1.52), "P": (0.010, 0.022), "S": (0.003, 0.012),
     "Cr": (0.02, 0.09), "Ni": (0.02, 0.08), "Mo": (0.003, 0.020)},
    (368, 445), (505, 590), (22, 28), (60, 160), -20,
)
_PROFILES = {
    "S355": _CARBON,
    "S275": GradeProfile(
        "EN 10025-2:2019", {**_CARBON.chemistry, "C": (0.11, 0.17), "Mn": (0.70, 1.20)},
        (288, 350), (430, 510), (24, 30), (70, 170), 0,
    ),
    "304": GradeProfile(
        "EN 10088-2:2014",
        {"C": (0.016, 0.028), "Si": (0.30, 0.55), "Mn": (1.20, 1.75), "P": (0.025, 0.038), "S": (0.001, 0.008),
         "Cr": (18.05, 18.60), "Ni": (8.05, 8.45), "Mo": (0.10, 0.35)},
        (235, 295), (575, 660), (46, 56), (120, 210), 20,
    ),
    "316": GradeProfile(
        "EN 10088-2:2014",
        {"C": (0.015, 0.027), "Si": (0.30, 0.55), "Mn": (1.10, 1.70), "P": (0.024, 0.036), "S": (0.001, 0.008),
         "Cr": (16.70, 17.30), "Ni": (10.05, 10.60), "Mo": (2.02, 2.25)},
        (245, 310), (560, 640), (44, 54), (120, 200), 20,
    ),
    "42CRMO4": GradeProfile(
        "EN 10083-3:2006",
        {"C": (0.39, 0.44), "Si": (0.18, 0.32), "Mn": (0.65, 0.85), "P": (0.008, 0.020), "S": (0.004, 0.020),
         "Cr": (0.95, 1.15), "Ni": (0.05, 0.18), "Mo": (0.17, 0.27)},
        (680, 790), (910, 1030), (12, 15), (38, 65), 20,
    ),
}
_INSPECTORS = ("A. Lindqvist", "M. Kowalczyk", "J. Hartmann", "S. Moreau", "R. Okafor", "E. Brennan")


def profile_for(material_grade: str) -> GradeProfile:
    key = material_grade.upper().replace(" ", "").replace("1.4301", "304").replace("1.4307", "304").replace("1.4404", "316")
    return next((p for prefix, p in _PROFILES.items() if prefix in key), _CARBON)


def mill_test_certificate_pdf(
    heat_number: str,
    material_grade: str,
    product: str,
    quantity: Decimal,
    unit: str,
    mill_name: str,
    seed: int | str = 0,
) -> bytes:
    """A one-page 3.1 mill test certificate PDF; identical arguments give an identical certificate."""
    rng = random.Random(f"{seed}|{heat_number}|{material_grade}")  # noqa: S311 (invented demo values, not secrets)
    profile = profile_for(material_grade)
    issued = date(2024, 1, 8) + timedelta(days=rng.randrange(0, 540))
    html = render_template(
        "mill_test_certificate.html.j2",
        mill_name=mill_name,
        certificate_number=f"{issued.year}-{rng.randrange(10_000, 99_999)}",
        issued=format_date(issued),
        heat_number=heat_number,
        material_grade=material_grade,
        product=product,
        quantity=format_quantity(quantity, unit),
        standard=profile.standard,
        chemistry=[(element, _draw(rng, profile.chemistry[element])) for element in ELEMENTS],
        mechanical=_mechanical(rng, profile),
        inspector=rng.choice(_INSPECTORS),
        stamp=hashlib.sha256(f"{mill_name}|{heat_number}".encode()).hexdigest()[:6].upper(),
    )
    return html_to_pdf(html).pdf


def _draw(rng: random.Random, bounds: Range) -> str:
    low, high = bounds
    value = rng.uniform(low, high)
    return f"{value:.3f}" if high < 1 else f"{value:.2f}"


def _mechanical(rng: random.Random, profile: GradeProfile) -> dict[str, str]:
    impacts = [round(rng.uniform(*profile.impact_j)) for _ in range(3)]
    return {
        "yield": str(round(rng.uniform(*profile.yield_mpa))),
        "tensile": str(round(rng.uniform(*profile.tensile_mpa))),
        "elongation": f"{rng.uniform(*profile.elongation_pct):.1f}",
        "impact": " / ".join(str(i) for i in impacts),
        "impact_mean": str(round(sum(impacts) / 3)),
        "impact_temp": f"{profile.impact_temp_c:+d} °C" if profile.impact_temp_c else "0 °C",
    }
