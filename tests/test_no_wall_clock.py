"""No test reads a wall clock: timing budgets live in `bench/`, where they print a figure.

A timed assert fails on a busy machine, and a red CI throws the work away. This scans every
Python file under `tests/` for a call of the clocks that measure elapsed time.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CLOCKS = {
    "perf_counter",
    "perf_counter_ns",
    "monotonic",
    "monotonic_ns",
    "process_time",
    "process_time_ns",
    "thread_time",
    "thread_time_ns",
}


def clock_reads(source: str) -> list[int]:
    """Line numbers where the source reads an elapsed-time clock (or `time.time`)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            if node.attr in CLOCKS or (
                node.attr in {"time", "time_ns"}
                and isinstance(node.value, ast.Name)
                and node.value.id == "time"
            ):
                found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            if any(alias.name in CLOCKS | {"time", "time_ns"} for alias in node.names):
                found.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in CLOCKS:
            found.append(node.lineno)
    return sorted(found)


def test_the_scan_finds_a_timed_assert_in_each_spelling():
    assert clock_reads("import time\nt = time.perf_counter()\nassert time.perf_counter() - t < 1")
    assert clock_reads("from time import monotonic\nassert monotonic() < 5")
    assert clock_reads("import time\nassert time.time() > 0")
    assert clock_reads("from time import perf_counter as clock")
    assert not clock_reads("from datetime import timedelta\nassert timedelta(seconds=1)")


def test_no_test_file_reads_an_elapsed_time_clock():
    offenders = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if (lines := clock_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, f"timing budgets belong in bench/, not tests/: {offenders}"
