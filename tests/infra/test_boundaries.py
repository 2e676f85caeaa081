"""Architecture boundaries, enforced: who may import azure.functions, and what a cold start may load."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The app's code (what is deployed); devhost and tests are local tools that drive it.
APP_CODE = sorted([ROOT / "function_app.py", *ROOT.glob("functions/**/*.py"), *ROOT.glob("shared/**/*.py")])
MAY_IMPORT_AZURE_FUNCTIONS = ("function_app.py", "functions/", "shared/http/")
# Heavy or cloud-only packages that the host's cold start (`import function_app`) must not load: each is imported
# lazily by the code path that needs it.
NOT_AT_COLD_START = ("pyodbc", "weasyprint", "pypdf", "openpyxl", "xlsxwriter",
                     "python_calamine", "azure.storage", "azure.identity", "azure.core", "azure.mgmt")


def imported_modules(source: str) -> set[str]:
    """Every module an import statement of ``source`` names (``from azure import functions`` names azure.functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def imports_azure_functions(source: str) -> bool:
    return any(name == "azure.functions" or name.startswith("azure.functions.") for name in imported_modules(source))


def test_the_import_scan_sees_every_spelling() -> None:
    for spelling in ("import azure.functions as func", "from azure import functions", "from azure.functions import HttpRequest",
                     "def f():\n    import azure.functions.decorators\n"):
        assert imports_azure_functions(spelling), spelling
    assert not imports_azure_functions("from azure.storage.blob import BlobClient\nimport shared.http")


def test_only_functions_and_shared_http_import_azure_functions() -> None:
    assert len(APP_CODE) > 50
    offenders = [
        str(path.relative_to(ROOT)) for path in APP_CODE
        if imports_azure_functions(path.read_text(encoding="utf-8"))
        and not str(path.relative_to(ROOT)).startswith(MAY_IMPORT_AZURE_FUNCTIONS)
    ]
    assert offenders == []


def loaded_after(statement: str) -> list[str]:
    """The modules of NOT_AT_COLD_START (and their submodules) loaded by ``statement`` in a fresh interpreter."""
    probe = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({NOT_AT_COLD_START!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
    return list(json.loads(result.stdout.splitlines()[-1]))


def test_import_function_app_loads_no_driver_sdk_renderer_or_spreadsheet_library() -> None:
    assert loaded_after("import function_app") == []


def test_the_cold_start_probe_would_see_a_heavy_import() -> None:
    assert "pypdf" in loaded_after("import function_app, pypdf")
