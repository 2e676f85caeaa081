"""Benchmarks: ``make bench`` (python -m bench [NAME ...]). Each ``bench_*.py`` module has ``run() -> list[str]``
returning result lines (figures and their ratio to a raw baseline measured in the same run)."""
