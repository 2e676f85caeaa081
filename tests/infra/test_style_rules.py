"""STYLE.md's rules that a machine can check, checked (the import boundaries of azure.functions and the cold start are
in test_boundaries.py, import cycles in tests/unit/test_import_cycles.py):

- §10 modules under ~200 lines, split by concept, never into ``utils``/``helpers``/``misc``;
- §1-3 the layers: nothing below the HTTP glue imports it, repositories and the database layer import no service,
  schemas import no database, repository or service;
- §4 the dialect differences in one place: the SQL Server lock hint is written only in the dialect.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_CODE = sorted([ROOT / "function_app.py", *ROOT.glob("functions/**/*.py"), *ROOT.glob("shared/**/*.py")])

MAX_MODULE_LINES = 200
# Modules allowed over the budget, each with the reason splitting it would hurt. Keep this short.
OVER_BUDGET: dict[str, str] = {}
GRAB_BAG_NAMES = {"util", "utils", "helper", "helpers", "misc", "common", "stuff"}

# importer package -> packages it may not import (directly), with STYLE's reason.
FORBIDDEN_IMPORTS = {
    "shared.services": ("shared.http", "shared.cli", "shared.openapi"),  # services never see a request (§2)
    "shared.bulk": ("shared.http", "shared.cli", "shared.openapi"),  # the upload pipeline is a service too
    "shared.repositories": ("shared.http", "shared.services", "shared.bulk", "shared.cli", "shared.openapi"),  # §3
    "shared.db": ("shared.http", "shared.services", "shared.bulk", "shared.repositories", "shared.models", "shared.cli"),
    "shared.models": ("shared.http", "shared.services", "shared.bulk", "shared.repositories", "shared.db", "shared.cli"),
}
LOCK_HINT_WORDS = ("UPDLOCK", "HOLDLOCK", "ROWLOCK", "XLOCK")
LOCK_HINT_HOME = "shared/db/dialect.py"


def relative(path: Path, root: Path = ROOT) -> str:
    return str(path.relative_to(root))


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def over_budget(paths: list[Path], limit: int, root: Path = ROOT) -> dict[str, int]:
    return {relative(path, root): count for path in paths if (count := line_count(path)) > limit}


def test_no_module_is_over_the_size_budget_unless_listed_with_a_reason() -> None:
    assert len(APP_CODE) > 50
    assert set(over_budget(APP_CODE, MAX_MODULE_LINES)) <= set(OVER_BUDGET)


def test_every_module_listed_over_budget_still_is_and_says_why() -> None:
    for name, reason in OVER_BUDGET.items():
        assert line_count(ROOT / name) > MAX_MODULE_LINES, f"{name} fits the budget now: take it off the list"
        assert len(reason) > 20, name


def test_the_size_check_sees_a_long_module(tmp_path: Path) -> None:
    long = tmp_path / "long.py"
    long.write_text("x = 1\n" * (MAX_MODULE_LINES + 1))
    (tmp_path / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES)
    assert over_budget(sorted(tmp_path.glob("*.py")), MAX_MODULE_LINES, tmp_path) == {"long.py": MAX_MODULE_LINES + 1}


def test_no_module_or_package_is_a_grab_bag() -> None:
    names = {part.removesuffix(".py").lower() for path in APP_CODE for part in path.relative_to(ROOT).parts}
    assert names & GRAB_BAG_NAMES == set()


def forbidden_imports(graph: grimp.ImportGraph, rules: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    found = []
    for module in sorted(graph.modules):
        for importer, forbidden in rules.items():
            if module == importer or module.startswith(importer + "."):
                found += [
                    (module, imported) for imported in sorted(graph.find_modules_directly_imported_by(module))
                    if any(imported == banned or imported.startswith(banned + ".") for banned in forbidden)
                ]
    return found


def test_the_layers_import_only_downwards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    assert forbidden_imports(grimp.build_graph("shared", cache_dir=None), FORBIDDEN_IMPORTS) == []


def test_the_layer_check_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for package in ("layered", "layered/low", "layered/high"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text("")
    (tmp_path / "layered/low/rows.py").write_text("from layered.high import views\n")
    (tmp_path / "layered/high/views.py").write_text("def f():\n    from layered.low import rows\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("layered", cache_dir=None)
    assert forbidden_imports(graph, {"layered.low": ("layered.high",)}) == [("layered.low.rows", "layered.high.views")]


def lock_hints(source: str) -> list[str]:
    """String literals (docstrings aside) that name a SQL Server table hint."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        and any(word in node.value.upper() for word in LOCK_HINT_WORDS)
    ]


def test_the_lock_hint_is_written_only_in_the_dialect() -> None:
    found = {relative(path): hints for path in APP_CODE if (hints := lock_hints(path.read_text(encoding="utf-8")))}
    assert set(found) == {LOCK_HINT_HOME}


def test_the_lock_hint_check_sees_a_hint_but_not_a_docstring() -> None:
    source = '"""Locks with UPDLOCK, HOLDLOCK."""\nSQL = "SELECT 1 FROM Orders WITH (UPDLOCK, HOLDLOCK)"\n'
    assert lock_hints(source) == ["SELECT 1 FROM Orders WITH (UPDLOCK, HOLDLOCK)"]


def annotated_attributes(source: str) -> list[str]:
    """``self.name: T = …`` in a method: mutmut keeps a copy of each mutated method beside the original, mypy then
    sees the attribute declared twice and the mutation run's type check (tools/mutation.py) stops; declare the type
    on the class instead."""
    return [ast.unparse(node.target) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Attribute)]


def test_attribute_types_are_declared_on_the_class_not_in_a_method() -> None:
    found = {relative(path): names for path in APP_CODE if (names := annotated_attributes(path.read_text(encoding="utf-8")))}
    assert found == {}


def test_the_attribute_check_sees_an_annotated_self_attribute_but_not_a_class_declaration() -> None:
    source = "class A:\n    b: int\n\n    def __init__(self) -> None:\n        self.b = 1\n        self.c: list[int] = []\n"
    assert annotated_attributes(source) == ["self.c"]
