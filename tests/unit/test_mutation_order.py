"""The mutation runs' pytest plugin (tests/mutation_order.py) as mutmut's forked sessions meet it: it must collect
exactly the tests mutmut names (no fewer, no more, whatever their file, class or parametrization) and put first
those that killed the function's other mutants; a wrong set would change verdicts, not only the run time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MODULE = '''
import pytest

def test_plain():
    pass

def test_not_asked():
    pass

@pytest.mark.parametrize("value", ["a", "b", "c d"])
def test_values(value):
    pass

class TestGroup:
    def test_one(self):
        pass

    def test_two(self):
        pass
'''
OTHER = '''
def test_elsewhere():
    pass

def test_also_elsewhere():
    pass
'''
FUNCTION = "shared.services.example.x_function"


def _collected(tmp_path: Path, ids: list[str], *, mutant: bool) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_PLUGINS": "tests.mutation_order",
           "MUTATION_KILLS": str(tmp_path / "kills"), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("PYTEST_XDIST_WORKER", None)
    if mutant:
        env["MUTANT_UNDER_TEST"] = f"{FUNCTION}__mutmut_3"
    else:
        env.pop("MUTANT_UNDER_TEST", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "--assert=plain", *ids],
        cwd=tmp_path / "project", env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def _project(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "checks").mkdir(parents=True)
    (project / "checks" / "test_example.py").write_text(MODULE, encoding="utf-8")
    (project / "checks" / "test_other.py").write_text(OTHER, encoding="utf-8")


def _kills(tmp_path: Path, lines: str) -> None:
    """The kill list of the example module, as mutant sessions (or tools/mutation.py's seed) write it."""
    (tmp_path / "kills").mkdir()
    (tmp_path / "kills" / "shared.services.example.tsv").write_text(lines, encoding="utf-8")


ASKED = [
    "checks/test_example.py::test_values[b]",
    "checks/test_example.py::TestGroup::test_two",
    "checks/test_other.py::test_elsewhere",
    "checks/test_example.py::test_plain",
    "checks/test_example.py::test_values[c d]",
]


def test_a_mutant_session_collects_exactly_the_tests_named_on_the_command_line(tmp_path: Path) -> None:
    _project(tmp_path)
    assert sorted(_collected(tmp_path, ASKED, mutant=True)) == sorted(ASKED)
    assert sorted(_collected(tmp_path, ASKED, mutant=False)) == sorted(ASKED)  # what pytest itself selects


def test_a_whole_file_named_beside_test_ids_keeps_all_its_tests(tmp_path: Path) -> None:
    _project(tmp_path)
    collected = _collected(tmp_path, ["checks/test_example.py::test_plain", "checks/test_other.py"], mutant=True)
    assert sorted(collected) == ["checks/test_example.py::test_plain", "checks/test_other.py::test_also_elsewhere",
                                 "checks/test_other.py::test_elsewhere"]


def test_the_tests_that_killed_the_functions_other_mutants_come_first_then_the_modules(tmp_path: Path) -> None:
    """The function's own killer leads even when a test killed more of the module's other mutants."""
    _project(tmp_path)
    _kills(tmp_path,
        "shared.services.example.x_other\tchecks/test_example.py::TestGroup::test_two\n"
        "shared.services.example.x_third\tchecks/test_example.py::TestGroup::test_two\n"
        f"{FUNCTION}\tchecks/test_other.py::test_elsewhere\n")
    collected = _collected(tmp_path, ASKED, mutant=True)
    assert collected[:2] == ["checks/test_other.py::test_elsewhere", "checks/test_example.py::TestGroup::test_two"]
    assert sorted(collected) == sorted(ASKED)


def test_a_count_carried_by_a_seed_line_weighs_as_that_many_kills(tmp_path: Path) -> None:
    """tools/mutation.py seeds a fresh copy with the last run's kills as one line per (function, test) and a count."""
    _project(tmp_path)
    _kills(tmp_path,
        "shared.services.example.x_other\tchecks/test_example.py::test_plain\n"
        "shared.services.example.x_other\tchecks/test_example.py::test_plain\n"
        "shared.services.example.x_other\tchecks/test_example.py::TestGroup::test_two\t3\n")
    collected = _collected(tmp_path, ASKED, mutant=True)
    assert collected[:2] == ["checks/test_example.py::TestGroup::test_two", "checks/test_example.py::test_plain"]


SPINNING = '''
def test_spins():
    while True:
        pass

def test_quick():
    assert sum(range(1000)) == 499500
'''
# What mutmut's fork server holds when it forks a session: the stats run's durations (and a budget small enough here
# that the test takes a second, not the five seconds of the real constant).
TIMED = '''
import tests.mutation_order
from mutmut.state import state

tests.mutation_order.TEST_CPU_BUDGET = (0.5, 10.0)
state().duration_by_test.update({"checks/test_spin.py::test_spins": 0.02, "checks/test_spin.py::test_quick": 0.02})
'''


def _run_timed(tmp_path: Path, test: str) -> subprocess.CompletedProcess[str]:
    project = tmp_path / "project"
    (project / "checks").mkdir(parents=True)
    (project / "checks" / "test_spin.py").write_text(SPINNING, encoding="utf-8")
    (project / "conftest.py").write_text(TIMED, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTEST_PLUGINS": "tests.mutation_order",
           "MUTATION_KILLS": str(tmp_path / "kills"), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
           "MUTANT_UNDER_TEST": f"{FUNCTION}__mutmut_3"}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--assert=plain", test],
                          cwd=project, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_a_test_spinning_past_its_cpu_budget_ends_the_session_as_mutmuts_timeout(tmp_path: Path) -> None:
    """Budget 0.5 + 10 x 0.02 s of CPU: the endless loop is stopped with mutmut's "timeout" status (36) at once, not
    after mutmut's own limit (the sum of every covering test's time, times eight)."""
    result = _run_timed(tmp_path, "checks/test_spin.py::test_spins")
    assert result.returncode == 36, result.stdout + result.stderr


def test_a_test_within_its_budget_runs_to_its_own_verdict(tmp_path: Path) -> None:
    result = _run_timed(tmp_path, "checks/test_spin.py::test_quick")
    assert result.returncode == 0, result.stdout + result.stderr
