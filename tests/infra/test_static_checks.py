"""ruff and mypy --strict pass on the whole repository: part of `make test`, so CI refuses a change either rejects
(mutation testing also counts a mutant mypy rejects as detected, docs/mutation-report.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing() -> None:
    result = _run("mypy", ".")
    assert result.returncode == 0, result.stdout + result.stderr
