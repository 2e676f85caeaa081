"""checkov (Bicep framework) over infra/: every failed check is either fixed or suppressed in the Bicep, inside the
resource, by a `// checkov:skip=CKV_ID: reason` line with a reason.

checkov 3.3.30 applies those comments to its Python checks only; its Bicep graph checks (CKV_AZURE_23/24/25 on SQL)
report a failure even with the comment present. So this test applies the same comments to every failure itself:
a failure is explained when a skip line for its check id lies within the failed resource's line range.

checkov conflicts with the project's pins (it wants packaging<24, pytest 9 wants >=24), so `make install` puts it
in its own virtual environment inside the project's: `.venv/checkov/`. It runs offline (no guideline download,
no version check) and once per test session (a few seconds).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from bicep_tools import INFRA_DIR, REPO_ROOT, bicep_files

CHECKOV = Path(sys.prefix) / "checkov" / "bin" / "checkov"
SKIP_LINE = re.compile(r"//\s*checkov:skip=(CKV2?_[A-Z]+_\d+)(?::\s*(.*))?$")


@cache
def checkov_report() -> dict[str, Any]:
    assert CHECKOV.is_file(), f"{CHECKOV} is missing: `make install` creates it (checkov pinned in the Makefile)"
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE", "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [str(CHECKOV), "-d", str(INFRA_DIR), "--framework", "bicep", "-o", "json", "--skip-download"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode in (0, 1), f"checkov crashed:\n{result.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def skip_lines(path: Path) -> dict[int, tuple[str, str]]:
    """Line number (1-based) -> (check id, reason) of every checkov:skip comment in a Bicep file."""
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = SKIP_LINE.search(line.strip())
        if match:
            found[number] = (match.group(1), (match.group(2) or "").strip())
    return found


def relative(record: dict[str, Any]) -> str:
    return Path(record["file_abs_path"]).resolve().relative_to(REPO_ROOT).as_posix()


def is_explained(failure: dict[str, Any]) -> bool:
    path = REPO_ROOT / relative(failure)
    first, last = failure["file_line_range"]
    return any(check == failure["check_id"] and first <= number <= last for number, (check, _) in skip_lines(path).items())


def describe(failure: dict[str, Any]) -> str:
    first, last = failure["file_line_range"]
    return f"{failure['check_id']} {failure['check_name']!r} on {failure['resource']} ({relative(failure)}:{first}-{last})"


def test_checkov_scans_every_bicep_file_without_parsing_errors() -> None:
    summary = checkov_report()["summary"]
    assert summary["parsing_errors"] == 0, "checkov could not parse a Bicep file (pycep knows fewer functions than Bicep)"
    assert summary["resource_count"] >= 30, summary
    scanned = {relative(record) for kind in ("passed_checks", "failed_checks", "skipped_checks")
               for record in checkov_report()["results"].get(kind, [])}
    assert "infra/modules/storage.bicep" in scanned and "infra/modules/sql.bicep" in scanned, scanned


def test_every_failed_check_is_fixed_or_suppressed_with_a_reason() -> None:
    failures = checkov_report()["results"].get("failed_checks", [])
    unexplained = [describe(failure) for failure in failures if not is_explained(failure)]
    assert not unexplained, (
        "checkov checks fail without an explanation: fix them, or add `// checkov:skip=ID: reason` inside the "
        "resource:\n" + "\n".join(unexplained)
    )


@pytest.mark.parametrize("path", bicep_files(), ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_every_suppression_gives_a_reason(path: Path) -> None:
    for number, (check, reason) in skip_lines(path).items():
        assert len(reason.split()) >= 4, f"{path.name}:{number}: checkov:skip={check} needs a one-line reason"


def test_every_suppression_is_still_needed() -> None:
    # A skip whose check passes (or no longer applies to that resource) hides nothing; drop it.
    results = checkov_report()["results"]
    reported = {(record["check_id"], relative(record), number)
                for kind in ("failed_checks", "skipped_checks") for record in results.get(kind, [])
                for number in range(record["file_line_range"][0], record["file_line_range"][1] + 1)}
    stale = [f"{path.relative_to(REPO_ROOT)}:{number}: {check}"
             for path in bicep_files() for number, (check, _) in skip_lines(path).items()
             if (check, path.relative_to(REPO_ROOT).as_posix(), number) not in reported]
    assert not stale, "suppressions of checks that do not fail there:\n" + "\n".join(stale)


def test_explanation_needs_the_right_check_id_inside_the_resource() -> None:
    # Guards is_explained itself: a failure elsewhere in the file, or of another check, stays unexplained.
    path = INFRA_DIR / "modules" / "sql.bicep"
    numbers = [number for number, (check, _) in skip_lines(path).items() if check == "CKV_AZURE_113"]
    assert numbers, "sql.bicep no longer suppresses CKV_AZURE_113"
    failure = {"check_id": "CKV_AZURE_113", "file_abs_path": str(path), "file_line_range": [numbers[0], numbers[0]]}
    assert is_explained(failure)
    assert not is_explained({**failure, "check_id": "CKV_AZURE_999"})
    assert not is_explained({**failure, "file_line_range": [numbers[0] + 1, numbers[0] + 2]})
