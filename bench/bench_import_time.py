"""Cold start: ``import function_app`` against ``import azure.functions`` (goal ≤ 2×), and the first request of each
kind after a cold start.

Every figure comes from fresh interpreters (as a new worker process starts), the two imports alternating so that
load from other processes hits both alike; medians of ``RUNS``. Then, for each kind of request, a fresh process
imports the app, builds devhost's WSGI app on a demo database and times its first request of that kind (which pays
for the imports that request defers) and the second. The certificate pack is stored beforehand, so its first
request is the cached download; a fresh render would add WeasyPrint's import on top.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import Figure

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9
FIRST_RUNS = 3
HEAVY = ("weasyprint", "pypdf", "pyodbc", "openpyxl", "azure.storage", "azure.identity", "pydantic")
KINDS = ("health", "list", "get", "details", "history", "create", "update", "pack", "openapi", "csv", "upload")


def _fresh(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - started


def run() -> list[Any]:
    samples: dict[str, list[float]] = {"pass": [], "import azure.functions": [], "import function_app": []}
    for _ in range(RUNS):
        for code in samples:
            samples[code].append(_fresh(code))
    bare, sdk, app = (statistics.median(samples[code]) for code in samples)
    probe = f"import sys, function_app; print(','.join(m for m in {HEAVY!r} if m in sys.modules) or 'none')"
    heavy = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    lines: list[Any] = [
        f"fresh interpreters, median of {RUNS}, alternating; interpreter start alone {bare * 1000:.0f} ms",
        f"loaded by import function_app among {', '.join(HEAVY)}: {heavy}",
        Figure("import function_app vs import azure.functions", app * 1000, sdk * 1000, goal=2, unit="ms"),
        Figure("import function_app, interpreter start subtracted (info)", (app - bare) * 1000, unit="ms"),
    ]
    return lines + _first_requests()


def _first_requests() -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "bench.first_request", "seed", tmp], cwd=ROOT, check=True, capture_output=True)
        results: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
        for _ in range(FIRST_RUNS):
            for kind in KINDS:
                done = subprocess.run([sys.executable, "-m", "bench.first_request", kind, tmp], cwd=ROOT, check=True,
                                      capture_output=True, text=True)
                results[kind].append(json.loads(done.stdout))
    lines: list[Any] = [f"first request of each kind in a fresh process after import (median of {FIRST_RUNS}):"]
    for kind, runs in results.items():
        first, second = (statistics.median(run[key] for run in runs) * 1000 for key in ("first", "second"))
        lines.append(Figure(f"first {kind} request after import (info; 2nd: {second:.1f} ms)", first, unit="ms"))
    return lines
