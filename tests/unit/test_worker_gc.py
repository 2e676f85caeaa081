"""The worker process runs Python's cyclic garbage collector less often than Python's default (function_app), so a
large upload's rows are not walked again every 700 allocations; devhost's workers import the same module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _thresholds(code: str) -> list[list[int]]:
    probe = f"import gc, json\nseen = [list(gc.get_threshold())]\n{code}\nseen.append(list(gc.get_threshold()))\nprint(json.dumps(seen))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    seen: list[list[int]] = json.loads(result.stdout)
    return seen


def test_importing_function_app_sets_the_worker_thresholds() -> None:
    before, after = _thresholds("import function_app")
    assert before == [700, 10, 10]  # Python's default: the probe starts from it
    assert after == [10_000, 10, 10]
