"""Run every benchmark module (or the ones named) and print their figures, then one summary table.

Each ``bench_*.py`` has ``run()`` returning text lines and ``bench.report.Figure`` rows (see bench/report.py);
the rows make the table. A benchmark that raises is reported as a failed row and the others still run. The exit
status is 1 when any goal is missed (or a benchmark failed), else 0.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
import traceback

import bench
from bench.report import Figure, table


def main(names: list[str]) -> int:
    modules = sorted(module.name for module in pkgutil.iter_modules(bench.__path__) if module.name.startswith("bench_"))
    chosen = [name for name in modules if not names or name.removeprefix("bench_") in names or name in names]
    rows: list[tuple[str, Figure]] = []
    for name in chosen:
        rows.extend((name.removeprefix("bench_"), figure) for figure in _run(name))
    print("\n== summary (ratios against a raw baseline measured in the same run)", flush=True)
    for line in table(rows):
        print(line, flush=True)
    return 0 if all(figure.passed is not False for _, figure in rows) else 1


def _run(name: str) -> list[Figure]:
    started = time.perf_counter()
    print(f"== {name}", flush=True)
    figures = []
    try:
        for item in importlib.import_module(f"bench.{name}").run():
            if isinstance(item, Figure):
                figures.append(item)
            print(f"   {item.line() if isinstance(item, Figure) else item}", flush=True)
    except Exception:
        traceback.print_exc()
        figures.append(Figure("benchmark raised (see above)", 1, goal=0, unit="error"))
    print(f"   ({time.perf_counter() - started:.1f}s)", flush=True)
    return figures


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
