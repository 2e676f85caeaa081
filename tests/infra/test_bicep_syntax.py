"""Every Bicep file under infra/ parses without a syntax error (tree-sitter-bicep grammar).

The Bicep compiler cannot run in this sandbox; the deploy workflow compiles for real with
`az bicep build`. This catches the typos that would otherwise surface only there.
"""

from __future__ import annotations

import pytest
from bicep_tools import REPO_ROOT, bicep_files, syntax_problems


def test_infra_has_bicep_files() -> None:
    names = {path.relative_to(REPO_ROOT).as_posix() for path in bicep_files()}
    assert "infra/main.bicep" in names
    assert any(name.startswith("infra/modules/") for name in names)


@pytest.mark.parametrize("path", bicep_files(), ids=lambda path: path.relative_to(REPO_ROOT).as_posix())
def test_bicep_file_parses(path) -> None:
    problems = syntax_problems(path.read_bytes(), path.relative_to(REPO_ROOT).as_posix())
    assert not problems, "Bicep syntax errors:\n" + "\n".join(problems)


VALID = b"""param location string = 'westeurope'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stexample'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
}
"""

BROKEN = {
    "unclosed object": VALID.replace(b"  }\n}\n", b"  }\n"),
    "unterminated string": VALID.replace(b"'stexample'", b"'stexample"),
    "property without value": VALID.replace(b"kind: 'StorageV2'", b"kind:"),
    "stray token": VALID.replace(b"location: location", b"location: location location ="),
}


def test_checker_accepts_valid_snippet() -> None:
    assert syntax_problems(VALID, "valid.bicep") == []


@pytest.mark.parametrize("source", BROKEN.values(), ids=BROKEN.keys())
def test_checker_reports_broken_snippet_with_line(source: bytes) -> None:
    problems = syntax_problems(source, "broken.bicep")
    assert problems, "the checker missed a syntax error, so it would miss one in infra/ too"
    assert all(problem.startswith("broken.bicep:") for problem in problems)
    # file:line:column, with a 1-based line inside the snippet
    line = int(problems[0].split(":")[1])
    assert 1 <= line <= source.count(b"\n") + 1
