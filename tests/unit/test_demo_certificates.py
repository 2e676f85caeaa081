"""The demo mill test certificates: one page, the heat and grade on it, plausible and repeatable."""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader

from shared.demo.certificates import mill_test_certificate_pdf


def certificate_text(heat: str, grade: str, seed: int = 1) -> str:
    pdf = mill_test_certificate_pdf(heat, grade, "Sheet 3 x 1500 x 3000 mm", Decimal("850"), "kg", "Nordstahl", seed)
    reader = PdfReader(BytesIO(pdf), strict=True)
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def chemistry(text: str) -> list[float]:
    header = text.index("C Si Mn P S Cr Ni Mo")
    return [float(v) for v in re.findall(r"\d+\.\d+", text[header:])[:8]]


def test_a_certificate_shows_its_heat_grade_standard_and_inspection_type() -> None:
    text = certificate_text("HX20931", "1.4404 / 316L")
    for expected in ("HX20931", "1.4404 / 316L", "EN 10088-2", "EN 10204:2004 type 3.1", "850 kg", "Nordstahl"):
        assert expected in text


def test_the_chemistry_is_plausible_for_the_grade() -> None:
    carbon, stainless = chemistry(certificate_text("H1", "S355J2+N")), chemistry(certificate_text("H2", "316L"))
    assert 0.1 < carbon[0] < 0.2 and 1.2 < carbon[2] < 1.6 and carbon[6] < 0.1  # C, Mn, Ni
    assert stainless[0] < 0.03 and 16.5 < stainless[5] < 17.5 and 10 < stainless[6] < 11 and stainless[7] > 2


def test_the_same_arguments_give_the_same_values_and_another_seed_other_values() -> None:
    assert chemistry(certificate_text("H1", "S355J2+N")) == chemistry(certificate_text("H1", "S355J2+N"))
    assert chemistry(certificate_text("H1", "S355J2+N", seed=2)) != chemistry(certificate_text("H1", "S355J2+N"))
