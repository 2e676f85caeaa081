"""No two modules of ``shared`` import each other, directly or through others (STYLE §12: a pipeline reads
top-down; two modules that import each other are one concept split badly). Imports inside functions and under
``TYPE_CHECKING`` count too: they are still a dependency of the design. The import graph is grimp's (the library
behind import-linter), built from the source without importing it."""

from __future__ import annotations

from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


def import_cycles(package: str) -> list[tuple[str, ...]]:
    """One shortest cycle through each import that closes a cycle, as the chain of modules."""
    graph = grimp.build_graph(package, cache_dir=None)
    cycles = set()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.add(tuple(sorted(back)))  # the chain back already starts and ends at the pair
    return sorted(cycles)


def test_shared_has_no_import_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))
    assert import_cycles("shared") == []


def test_the_check_sees_a_cycle_through_a_type_checking_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from cyclic.second import B\n")
    (package / "second.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cyclic.third import C\nB = 1\n")
    (package / "third.py").write_text("def f():\n    from cyclic import first\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic") == [("cyclic.first", "cyclic.second", "cyclic.third")]
