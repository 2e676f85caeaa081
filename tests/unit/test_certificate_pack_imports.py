"""Cold start: importing the certificate pack code must not pull in the heavy renderers (DESIGN §2)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_pack_modules_loads_neither_weasyprint_pypdf_pillow_nor_jinja() -> None:
    probe = (
        "import sys, shared.certificate_pack, shared.demo.certificates\n"
        "import shared.certificate_pack.assemble, shared.certificate_pack.certificates\n"
        "print(sorted(m for m in ('weasyprint', 'pypdf', 'PIL', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
