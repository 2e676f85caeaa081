"""Concurrent load through devhost: 50 clients against one client, the same realistic mix, in one run.

devhost serves a SQLite file with ``WORKERS`` worker processes of ``THREADS`` threads each (as
``FUNCTIONS_WORKER_PROCESS_COUNT`` and ``PYTHON_THREADPOOL_THREAD_COUNT`` do on Azure, at their recommended values).
Each client has one keep-alive HTTP/1.1 connection and loops with no think time over a weighted mix
(bench/load_mix.py): list pages, get, details, history, create, update, reserve + unreserve of its own stock row,
and the cached certificate pack download. The clients run in ``GENERATORS`` processes, each driving its clients on
one event loop (bench/load_client.py), so that the generator spends as little of the shared cores as it can.
Phases: a warm-up (every worker's first request of each kind pays its imports; not counted), then ``ROUNDS`` times
one client for ``SINGLE_SECONDS`` and 50 clients for ``LOAD_SECONDS``; each phase's figures cover all its rounds.

Goals: zero errors (anything but the expected 200/201) and no 5xx; throughput at 50 clients ≥ 1.5× the single
client's; p99 at 50 clients ≤ 3× the p50 at 50 clients.
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.load_client import Record
from bench.load_mix import World, build_world, client_loop
from bench.report import Figure
from bench.served import devhost

WORKERS = 2  # FUNCTIONS_WORKER_PROCESS_COUNT as recommended for this 2-vCPU machine (docs/performance.md)
THREADS = 2  # PYTHON_THREADPOOL_THREAD_COUNT as recommended there for this CPU-bound app
CLIENTS = 50
GENERATORS = 2  # one event loop per core, as wrk runs one thread per core (five cost 0.29 ms of CPU per request, two 0.20)
WARM_SECONDS = 4.0
SINGLE_SECONDS = 6.0  # per round
LOAD_SECONDS = 10.0  # per round
ROUNDS = 2  # the two phases alternate, so that both meet the host's slow and quick spells alike


def _generate(world: World, port: int, clients: int, seconds: float) -> tuple[list[Record], float]:
    """``clients`` looping for ``seconds`` from a common start, spread over generator processes; the records and the
    CPU seconds the generator processes used (start-up included)."""
    generators = min(GENERATORS, clients)
    start = time.time() + 1.5  # every generator process is up and connected before the clock starts
    groups = [list(range(first, clients, generators)) for first in range(generators)]
    context = multiprocessing.get_context("spawn")
    before = _children_cpu()
    with context.Pool(generators) as pool:
        parts = pool.starmap(client_loop, [(world, port, group, start, start + seconds) for group in groups])
    return [record for part in parts for record in part], _children_cpu() - before


def _children_cpu() -> float:
    """CPU seconds of this process's reaped children (the generator pool's, once it has closed)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _summary(records: list[Record], generator_cpu: float, seconds: float) -> dict[str, Any]:
    cuts = statistics.quantiles([record.seconds for record in records], n=100, method="inclusive")
    statuses = Counter(record.status for record in records)
    return {
        "requests": len(records), "rps": len(records) / seconds, "generator_ms": 1000 * generator_cpu / len(records),
        "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
        "errors": sum(1 for record in records if not record.ok), "5xx": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": dict(sorted(statuses.items())), "kinds": dict(sorted(Counter(record.kind for record in records).items())),
        "by_kind": {kind: _p50_p99([r.seconds for r in records if r.kind == kind]) for kind in sorted({r.kind for r in records})},
    }


def _p50_p99(seconds: list[float]) -> tuple[float, float]:
    if len(seconds) < 2:
        return (seconds or [0.0])[0], (seconds or [0.0])[0]
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return cuts[49], cuts[98]


def run() -> list[Any]:
    with tempfile.TemporaryDirectory() as tmp:
        world, settings = build_world(Path(tmp), CLIENTS)
        with devhost(settings, workers=WORKERS, threads=THREADS) as server:
            port = server.port
            _generate(world, port, 8, WARM_SECONDS)
            phases: dict[int, tuple[list[Record], float]] = {1: ([], 0.0), CLIENTS: ([], 0.0)}
            for _ in range(ROUNDS):
                for clients, seconds in ((1, SINGLE_SECONDS), (CLIENTS, LOAD_SECONDS)):
                    records, cpu = _generate(world, port, clients, seconds)
                    phases[clients] = (phases[clients][0] + records, phases[clients][1] + cpu)
            single = _summary(*phases[1], ROUNDS * SINGLE_SECONDS)
            loaded = _summary(*phases[CLIENTS], ROUNDS * LOAD_SECONDS)
    lines: list[Any] = [f"devhost --workers {WORKERS} --threads {THREADS}; mix per request kind at {CLIENTS} clients: {loaded['kinds']}"]
    for name, result in (("1 client", single), (f"{CLIENTS} clients", loaded)):
        lines.append(
            f"{name}: {result['requests']} requests, {result['rps']:.0f} req/s, p50 {result['p50'] * 1000:.1f} ms,"
            f" p95 {result['p95'] * 1000:.1f} ms, p99 {result['p99'] * 1000:.1f} ms, errors {result['errors']},"
            f" statuses {result['statuses']}; generator CPU {result['generator_ms']:.2f} ms per request"
        )
    by_kind = loaded["by_kind"].items()
    lines += [f"{CLIENTS} clients, {kind}: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms" for kind, (p50, p99) in by_kind]
    return [
        *lines,
        Figure(f"throughput, {CLIENTS} clients vs 1 client", loaded["rps"], single["rps"], goal=1.5, unit="req/s", at_least=True),
        Figure(f"p99 vs p50 latency at {CLIENTS} clients", loaded["p99"] * 1000, loaded["p50"] * 1000, goal=3, unit="ms"),
        Figure("errors (not 200/201) in both phases", single["errors"] + loaded["errors"], goal=0, unit="requests"),
        Figure("5xx responses in both phases", single["5xx"] + loaded["5xx"], goal=0, unit="requests"),
    ]
