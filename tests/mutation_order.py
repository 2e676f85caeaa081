"""pytest plugin for mutation runs (tools/mutation.py loads it through ``PYTEST_PLUGINS``): runs a mutant's
tests in the order most likely to kill it first. It never drops a test, so a verdict cannot change, only its cost.

mutmut runs each mutant's covering tests with ``-x`` in no useful order, so a mutant that one test in 250 can detect
(a changed error message, a guard only one scenario reaches) ran half of them first: ~20 s instead of ~0.5 s, and
those mutants were most of the run. Mutants of one function mostly die by the same tests, so every kill is written
down (``MUTATION_KILLS``, one file per module) and the next mutant of that function, then of that module, runs those
tests first; the rest follow fastest first (mutmut's recorded durations). A fresh copy starts from the kills of the
last complete run (tools/mutation-kills/, seeded by tools/mutation.py). Inactive outside mutmut's mutant sessions.

A mutant that sends one test into an endless loop is stopped when that test has used far more CPU time than mutmut
recorded for it (``TEST_CPU_BUDGET``) and reported with mutmut's own "timeout" status; mutmut's limit covers the sum
of all the mutant's tests and let each such mutant spin for up to two and a half minutes.

Imported once in mutmut's fork server, it also imports every module of the app there (and the libraries some
requests load on first use) and fills the test helpers' per-process caches (the migrated database, the WSGI app), so
that each mutant's forked session inherits them: the app defers most of its imports to keep cold starts short, and
a one-test session spent more than half its CPU time re-importing and rebuilding them (0.50 s, now 0.21-0.29 s).
It also narrows collection to the tests asked for (see ``pytest_load_initial_conftests``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

MARKER = "__mutmut_"
# CPU seconds one test may use in a mutant session: this much plus this many times its duration in mutmut's stats run
# (recorded with mutmut's call tracing, so generous already). The constant covers work a session pays in whichever test
# comes first (WeasyPrint's fonts, a lazily built schema), which the stats run charged to another test.
TEST_CPU_BUDGET = (5.0, 10.0)
TIMEOUT = 36  # the exit status mutmut reads as "timeout"
FIRST_USE_LIBRARIES = ("weasyprint", "pypdf", "openpyxl", "jinja2")


def _preload() -> None:
    for package in ("shared", "functions"):
        root = importlib.import_module(package)
        for module in pkgutil.walk_packages(root.__path__, f"{package}."):
            if not module.name.endswith(".__main__"):  # a command line: it would run
                importlib.import_module(module.name)
    for name in FIRST_USE_LIBRARIES:
        importlib.import_module(name)
    from tests import support  # and what each test builds once per process: the migrated database, the WSGI app

    support.migrated_sqlite_image()
    support.http_client()


if os.environ.get("MUTATION_KILLS"):
    _preload()


def _mutant() -> str | None:
    name = os.environ.get("MUTANT_UNDER_TEST", "")
    return name if MARKER in name and os.environ.get("MUTATION_KILLS") else None


def _kills_file(mutant: str) -> Path:
    function = mutant.split(MARKER)[0]
    return Path(os.environ["MUTATION_KILLS"]) / f"{function.rsplit('.', 1)[0]}.tsv"


def _read_kills(mutant: str) -> list[tuple[str, str, int]]:
    """(function, test, kills): a line of this run counts once; a seed line from the last run carries its count."""
    try:
        text = _kills_file(mutant).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    kills = []
    for line in text.splitlines():
        function, _, rest = line.partition("\t")
        test, _, count = rest.partition("\t")
        if test:
            kills.append((function, test, int(count) if count else 1))
    return kills


def _durations() -> dict[str, float]:
    stats = sys.modules.get("mutmut.state")  # the fork server's state, loaded before it forked this session
    return stats.state().duration_by_test if stats else {}


# The tests mutmut asked for, by node id, every node id on the way to them ("file::Class", ...), and their files.
_WANTED: set[str] = set()
_ON_THE_WAY: set[str] = set()
_FILES: set[str] = set()


def pytest_load_initial_conftests(args: list[str]) -> None:
    """Collect each test file once, and only the tests asked for in it. mutmut names every covering test on the
    command line (up to ~380 node ids in 31 files for one function); pytest then matched every id against its file's
    collected tree, and built every other test of those files too (fixture closures, parametrization) before it ran
    the first: a third of a large mutant session. The tests run are the same; only their collection is narrower."""
    if _mutant() is None:
        return
    ids = [arg for arg in args if "::" in arg and not arg.startswith("-")]
    _WANTED.update(ids)
    for test in ids:
        parts = test.split("[", 1)[0].split("::")
        _ON_THE_WAY.update("::".join(parts[:end]) for end in range(1, len(parts) + 1))
    files = list(dict.fromkeys(test.split("::", 1)[0] for test in ids))
    _FILES.update(files)
    args[:] = [arg for arg in args if arg not in _WANTED] + files


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str) -> list[pytest.Item] | None:
    """An empty list (pytest's "nothing here") for a test function or class no asked-for test is in."""
    if collector.nodeid.split("::", 1)[0] in _FILES and f"{collector.nodeid}::{name}" not in _ON_THE_WAY:
        return []
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = _mutant()
    if mutant is None:
        return
    if _WANTED:  # of the files named by test, only the asked-for parametrizations of the tests collected
        named = [item.nodeid in _WANTED or item.nodeid.split("::", 1)[0] not in _FILES for item in items]
        unwanted = [item for item, keep in zip(items, named, strict=True) if not keep]
        items[:] = [item for item, keep in zip(items, named, strict=True) if keep]
        if unwanted:
            config.hook.pytest_deselected(items=unwanted)
    function = mutant.split(MARKER)[0]
    by_function: Counter[str] = Counter()
    by_module: Counter[str] = Counter()
    for killed, test, count in _read_kills(mutant):
        by_module[test] += count
        if killed == function:
            by_function[test] += count
    durations = _durations()
    items.sort(key=lambda item: (-by_function[item.nodeid], -by_module[item.nodeid],
                                 durations.get(item.nodeid, float("inf"))))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    mutant = _mutant()
    if mutant is None or not report.failed:
        return
    path = _kills_file(mutant)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One short line per write on an O_APPEND descriptor: mutants running side by side cannot interleave it.
    line = f"{mutant.split(MARKER)[0]}\t{report.nodeid}\n".encode()
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)


def _time_out(signum: int, frame: FrameType | None) -> None:
    os._exit(TIMEOUT)  # a forked session of mutmut's: nothing to clean up, and the status is the verdict


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Stop the session as a timeout once this test has used its CPU budget (process time: it does not grow when the
    machine is busy, so a slow machine cannot turn a survivor into a timeout)."""
    duration = _durations().get(item.nodeid) if _mutant() is not None else None
    if duration is None:  # outside mutant sessions, or a test mutmut did not time
        yield
        return
    constant, factor = TEST_CPU_BUDGET
    previous = signal.signal(signal.SIGPROF, _time_out)
    signal.setitimer(signal.ITIMER_PROF, constant + factor * duration)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
