"""`import function_app` in a fresh interpreter (cold start budget: 0.5 s), against a bare interpreter start."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import Figure

ROOT = Path(__file__).resolve().parent.parent


def _time(code: str, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def run() -> list[Any]:
    bare = _time("pass")
    with_app = _time("import function_app")
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, function_app; print(','.join(m for m in ('weasyprint','pypdf','pyodbc',"
         "'azure.storage.blob','azure.identity') if m in sys.modules) or 'none')"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.strip()
    return [
        f"import function_app: {with_app - bare:.3f} s (median of 7, interpreter start {bare:.3f} s subtracted; budget 0.5 s)",
        f"heavy modules imported at start: {heavy}",
        Figure("import function_app (interpreter start subtracted)", with_app - bare, goal=0.5, unit="s"),
    ]
