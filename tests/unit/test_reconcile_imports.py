"""The reconcile timer runs every 5 minutes, each time possibly on a cold instance: importing the app with it must
not load the heavy libraries (DESIGN §2: not at function_app import time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("weasyprint", "pypdf", "pyodbc", "openpyxl", "lxml", "defusedxml",
         "xlsxwriter", "python_calamine", "azure.storage", "azure.identity", "PIL", "jinja2")


def test_importing_the_app_and_the_reconcile_timer_loads_no_heavy_library() -> None:
    probe = (
        "import sys, function_app, functions.reconcile_order_uploads\n"
        "import shared.bulk.blob_uploads.upload_reconcile, shared.bulk.blob_uploads.dead_letters\n"
        "import shared.bulk.exporting.workbook, shared.bulk.exporting.templates, functions.download_orders_xlsx\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
