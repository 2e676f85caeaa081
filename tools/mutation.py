"""`make mutation`: mutation testing of the core with mutmut, one package at a time, each with the fast tests covering it.

Each target runs in its own scratch copy of the work tree (``.mutation/NAME``, git-tracked files plus the tests), so
mutants never touch the checkout, and mutmut keeps its cache there (a second run only re-tests what changed). mutmut
maps each mutated function to the tests that call it (its "stats" run), so a mutant runs only those tests, and
tests/mutation_order.py runs first those that killed its function's other mutants. Before that, one mypy run over all
mutants rejects those that do not type-check (about half; mutmut counts them apart).

    python tools/mutation.py                 # every target, then docs/mutation-report.md
    python tools/mutation.py http auth       # some targets (the report keeps the other targets' last results)
    python tools/mutation.py report          # only rewrite the report (after editing tools/mutation-notes/*.json)
    python tools/mutation.py collect http    # record what an interrupted run of a target has tested so far
    MUTATION_LANES=1 MUTATION_CHILDREN=2 python tools/mutation.py   # one target at a time (default: two, side by side)
    MUTATION_ONLY="shared.http.jsonio*" python tools/mutation.py http   # re-test some mutants only (in .mutation/http-only)

Two targets run side by side (longest first, by their last recorded time), each with two mutant processes: a target
spends minutes on one core (mutmut's stats and clean-test runs, mypy) while the other keeps both cores busy. Each
target's tests-that-kill list starts from tools/mutation-kills/NAME.tsv (the kills of the last complete run, rewritten
after each) so a fresh clone runs each function's likeliest killer first from its first mutant.

Each target's last result is kept in docs/mutation-results.json (committed, so the report survives a fresh clone);
docs/mutation-report.md is written from it by tools/mutation_report.py. Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from mutation_report import RESULTS, record, write_report

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
KILL_SEEDS = ROOT / "tools" / "mutation-kills"
REPORT = ROOT / "docs" / "mutation-report.md"
SHM = Path("/dev/shm")  # noqa: S108  # only a parent: each run makes its own folder there with mkdtemp
# Fast tests only: no browser, no devhost subprocesses, no schemathesis, no child-process limits, no infra or benchmarks.
# Each target lists the narrowest files that still reach its code through the public surface; mutmut then runs, for
# each mutant, only the tests of that list that call the mutated function (its "stats" run), in order, stopping at
# the first failure (-x), in one process per mutant (no xdist inside).
API = "tests/api"
HARD = "tests/hardening"
UNIT = "tests/unit"


def _api(*names: str) -> list[str]:
    return [f"{API}/test_{name}.py" for name in names]


ORDERS = _api("create_orders", "update_orders", "list_and_get_orders", "delete_restore", "order_customer_reference")
RESERVING = _api("reservations", "reservation_release", "reservation_fit", "reservation_names_and_changes", "guarded_writes")
STOCK = _api("inventory_read", "inventory_write")
# name -> (files to mutate (globs), tests that may cover them)
TARGETS: dict[str, tuple[list[str], list[str]]] = {
    "auth": (["shared/auth.py"], [*_api("auth", "key_cache"), f"{HARD}/test_secrets_in_logs.py"]),
    "certificate_pack.hashing": (["shared/certificate_pack/hashing.py"], [f"{UNIT}/test_certificate_pack_hash.py"]),
    "http": (["shared/http/*"], [*_api("auth", "query_convention", "list_and_get_orders", "create_orders", "order_history",
                                      "export", "change_token", "request_problems_exact", "paging_links"),
                                 f"{HARD}/test_hostile_json.py", f"{HARD}/test_fault_injection.py", f"{UNIT}/test_http_endpoint.py",
                                 f"{UNIT}/test_http_request.py", f"{UNIT}/test_jsonio.py"]),
    "repositories": (["shared/repositories/*"], [*ORDERS, *RESERVING, *STOCK, *_api("order_history", "history_tables",
                                                 "organisations", "certificates", "traceability", "company_profile",
                                                 "upload_changes", "upload_padded_references", "blob_trigger", "key_cache",
                                                 "demo_traceability"),
                                                 f"{HARD}/test_tenant_isolation.py", f"{HARD}/test_interleaving.py",
                                                 f"{UNIT}/test_like_pattern.py"]),
    "services": (["shared/services/*"], [*ORDERS, *RESERVING, *STOCK, *_api("order_history", "organisations", "certificates",
                                         "traceability", "company_profile", "upload", "blob_trigger", "certificate_pack"),
                                         f"{UNIT}/test_history_diff.py", f"{UNIT}/test_inventory_import.py",
                                         # traceability, certificates, organisations, profiles, admin, health, packs:
                                         *_api("traceability_exact", "health", "pack_budget", "pack_order_exact"),
                                         f"{UNIT}/test_cli_admin.py", f"{UNIT}/test_cli_stock.py",
                                         # inventory, orders, history, reservations, idempotency, paging:
                                         f"{UNIT}/test_history_events.py", f"{UNIT}/test_order_views.py", f"{UNIT}/test_paging.py",
                                         f"{UNIT}/test_idempotency.py", f"{UNIT}/test_busy_retry.py", f"{UNIT}/test_new_line_rows.py",
                                         *_api("order_history_exact", "inventory_write_exact", "inventory_history_exact",
                                               "inventory_upload_exact"),
                                         ]),
    "bulk": (["shared/bulk/*"], [*[f"{UNIT}/test_{name}.py" for name in ("csv_cells", "csv_format", "csv_reader", "reformatting",
                                                                      "workbook_rows", "workbook_sheets", "zip_upload",
                                                                      "reconcile_imports")],
                                 *_api("upload", "upload_cell_formats", "upload_changes", "upload_encodings",
                                       "upload_padded_references", "spreadsheet_damage", "export", "blob_trigger",
                                       "upload_reconcile", "xlsx_upload", "xlsx_export", "order_rules_both_paths",
                                       "reference_case", "organisations"),
                                 # reading/, csv_format, columns, reformatting, import_service:
                                 f"{UNIT}/test_workbook_child.py", f"{UNIT}/test_multipart.py",
                                 # planning/, exporting/, blob_uploads/, writing:
                                 *_api("upload_safety_net_exact", "upload_planning_exact", "upload_new_order_lines",
                                       "reservation_release", "export_pages"),
                                 f"{UNIT}/test_zip_writer.py",
                                 ]),
}


TYPE_CHECKED = 37  # mutmut's exit code for a mutant its type-check command rejected


def scratch_copy(name: str) -> Path:
    """The work tree's tracked files (and the tests, tracked or not) in .mutation/NAME, mutmut's state kept."""
    target = WORK / name
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)  # noqa: S607
    tracked = listed.stdout.decode().split("\0")
    for relative in filter(None, tracked):
        source = ROOT / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    shutil.copytree(ROOT / "tests", target / "tests", dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def configure(copy: Path, mutate: list[str], tests: list[str]) -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config = {
        "source_paths": ["shared"],
        "only_mutate": mutate,
        "also_copy": ["functions", "function_app.py", "devhost", "host.json"],
        "pytest_add_cli_args_test_selection": tests,
        # --assert=plain: a failing assert fails a test all the same; pytest's rewriting only makes its message, and
        # preparing it (scanning every installed package for plugins to rewrite) cost each mutant's session ~40 ms.
        "pytest_add_cli_args": ["-p", "no:randomly", "-p", "no:xdist", "-p", "no:cacheprovider", "-q", "--assert=plain"],
        # mypy --strict guards every change (tests/infra/test_static_checks.py): a mutant it rejects cannot land, so it
        # is detected without running a test (mutmut checks all mutants in one mypy run; about half of them).
        # mutmut stops a mutant after (its tests' recorded call time + 1 s) x this, wall clock (x 2 in CPU time). The
        # slowest honest mutant measured took 5.4x alone (fixture set-up is not in the recorded time), and two targets
        # side by side can double a mutant's wall time: 16 keeps a false timeout (it would count as detected) away.
        # Endless loops do not wait for it: tests/mutation_order.py stops a test past its own CPU budget.
        "timeout_multiplier": 16,
        "type_check_command": [sys.executable, "-m", "mypy", "shared", "--output", "json", "--no-warn-unused-ignores"],
    }
    lines = [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    (copy / "pyproject.toml").write_text(pyproject + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n", encoding="utf-8")


_DIFFS = """import json, sys
from mutmut.__main__ import find_mutant, get_diff_for_mutant
print(json.dumps({name: get_diff_for_mutant(name, path=find_mutant(name).path) for name in sys.argv[1:]}))"""


def seed_kills(kills: Path, name: str) -> None:
    """A fresh copy's kill lists start from the last complete run's (one file per module, as the plugin reads them)."""
    seed = KILL_SEEDS / f"{name}.tsv"
    if kills.exists() or not seed.exists():
        return
    kills.mkdir(parents=True)
    by_module: dict[str, list[str]] = {}
    for line in seed.read_text(encoding="utf-8").splitlines():
        by_module.setdefault(line.split("\t", 1)[0].rsplit(".", 1)[0], []).append(line)
    for module, lines in by_module.items():
        (kills / f"{module}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def save_kill_seed(kills: Path, name: str) -> None:
    """tools/mutation-kills/NAME.tsv: each (function, killing test) of this copy's runs with its count (seed lines,
    which carry a count, are not counted again), sorted so that a re-run changes few lines."""
    counts: Counter[tuple[str, str]] = Counter()
    for path in kills.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            function, test, *seeded = line.split("\t")
            if not seeded:
                counts[(function, test)] += 1
    if counts:
        KILL_SEEDS.mkdir(exist_ok=True)
        lines = [f"{function}\t{test}\t{count}" for (function, test), count in sorted(counts.items())]
        (KILL_SEEDS / f"{name}.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


@contextmanager
def session_files(name: str) -> Iterator[Path]:
    """The folder for the mutant sessions' temporary files (pytest's tmp_path, the tests' database copies): on the
    machine's RAM-backed tmpfs when it has one, removed afterwards. Each session creates and deletes dozens of files;
    on ext4 that took about a fifth of a run's CPU (perf: inode allocation searching past recently deleted inodes,
    ``recently_deleted`` and ``find_get_block_common``), and the http target took 122-127 s instead of 107 s."""
    base = SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else WORK
    folder = Path(tempfile.mkdtemp(prefix=f"orders-api-mutation-{name}-", dir=base))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_target(name: str, children: int, *, run: bool = True) -> dict[str, object]:
    """Run mutmut on the target (or, with ``run=False``, only collect what an interrupted run has tested so far)."""
    mutate, tests = TARGETS[name]
    only = os.environ.get("MUTATION_ONLY", "").split()
    # A re-test of some mutants runs in its own copy: a changed test list makes mutmut forget every verdict of the copy.
    copy = WORK / (f"{name}-only" if only else name)
    if run:
        scratch_copy(copy.name)
        configure(copy, mutate, tests)
    # tests/mutation_order.py runs each mutant's likeliest killers first (set here, not in mutmut's config: it changes
    # no verdict, so a cache built without it stays valid).
    # No plugin autoloading: the fast tests need none of the installed ones (Hypothesis' @given runs without its
    # plugin), and finding and registering them (schemathesis, anyio, ...) cost each mutant's session ~30 ms.
    kills = WORK / f"{copy.name}.kills"
    if run:
        seed_kills(kills, name)
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTEST_PLUGINS": "tests.mutation_order",
           "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "MUTATION_KILLS": str(kills)}
    started = time.monotonic()
    mutmut = [sys.executable, "-m", "mutmut"]
    if run:
        # MUTATION_ONLY="shared.repositories.order_list* ..." re-runs only those mutants (mutmut's name globs).
        command = [*mutmut, "run", "--max-children", str(children), *only]
        # progress: tail -f .mutation/NAME.log
        with (WORK / f"{copy.name}.log").open("w", encoding="utf-8") as log, session_files(copy.name) as tmp:
            run_env = {**env, "TMPDIR": str(tmp)}
            subprocess.run(command, cwd=copy, env=run_env, check=False, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    elapsed = time.monotonic() - started
    if run and not only:
        save_kill_seed(kills, name)
    subprocess.run([*mutmut, "export-cicd-stats"], cwd=copy, env=env, check=True, capture_output=True)  # noqa: S603
    stats = json.loads((copy / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    listing = subprocess.run([*mutmut, "results"], cwd=copy, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    unkilled = re.findall(r"^\s*(\S+): (survived|no tests)", listing, re.MULTILINE)
    timed_out = re.findall(r"^\s*(\S+): timeout", listing, re.MULTILINE)
    # One process for every diff (``mutmut show`` per mutant costs a second or more of start-up each).
    shown = json.loads(subprocess.run([sys.executable, "-c", _DIFFS, *(mutant for mutant, _ in unkilled)], cwd=copy, env=env,  # noqa: S603
                                      check=True, capture_output=True, text=True).stdout)
    survivors = [{"mutant": mutant, "status": status, "diff": [line for line in shown[mutant].splitlines()
                                                               if line[:1] in "+-" and line[:3] not in ("+++", "---")]}
                 for mutant, status in unkilled]
    verdicts = {key: code for meta in (copy / "mutants").rglob("*.meta")
                for key, code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items() if code is not None}
    stats["caught_by_type_check"] = sum(1 for code in verdicts.values() if code == TYPE_CHECKED)  # not in mutmut's export
    stats["tested"] = sum(stats[key] for key in ("killed", "survived", "no_tests", "timeout", "suspicious", "segfault",
                                                 "caught_by_type_check"))
    tested = list(verdicts)
    return {"name": name, "mutate": mutate, "tests": tests, "stats": stats, "seconds": round(elapsed), "only": only,
            "survivors": survivors, "timed_out": timed_out, "retested": sorted(tested) if only else []}


def main(argv: list[str]) -> int:
    if argv == ["report"]:
        write_report()
        return 0
    if argv[:1] == ["collect"]:  # what an interrupted run of these targets has tested so far
        for name in argv[1:]:
            record(run_target(name, 1, run=False))
        write_report()
        return 0
    names = argv or list(TARGETS)
    unknown = set(names) - TARGETS.keys()
    if unknown:
        print(f"unknown targets {sorted(unknown)}; known: {sorted(TARGETS)}", file=sys.stderr)
        return 2
    children = int(os.environ.get("MUTATION_CHILDREN", "2"))
    lanes = min(int(os.environ.get("MUTATION_LANES", "2")), len(names))
    last = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    names.sort(key=lambda name: -last.get(name, {}).get("seconds", 0))  # longest first: the lanes end together
    WORK.mkdir(exist_ok=True)
    started = time.monotonic()
    failed = False
    with ThreadPoolExecutor(lanes) as pool:
        for future in as_completed([pool.submit(run_target, name, children) for name in names]):
            result = future.result()
            name = cast(str, result["name"])
            stats = cast(dict[str, int], result["stats"])
            if not stats["tested"]:
                print(f"{name}: mutmut tested nothing; see .mutation/{name}.log", file=sys.stderr)
                failed = True
                continue
            record(result)
            survivors = cast(list[object], result["survivors"])
            print(f"{name}: {stats['killed']}/{stats['total']} killed, {len(survivors)} survived, {result['seconds']} s",
                  flush=True)
    print(f"{len(names)} targets in {time.monotonic() - started:.0f} s ({lanes} side by side)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
