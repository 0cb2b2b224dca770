"""No test measures elapsed time: timing budgets live in `bench/`, where they print a figure.

A timed assert fails on a busy machine, and a red CI throws the work away. This scans every
Python file under `tests/` for clocks that measure elapsed time: any read of a duration clock
(`perf_counter`, `monotonic`, `process_time`, `thread_time`), and `time.time()` where it is
compared or subtracted from directly. A `time.time()` that only sets a timestamp (a session
that started nine hours ago) is not a measurement and is allowed.
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
WALL = {"time", "time_ns"}


def _is_wall_clock(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WALL
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "time"
    )


def clock_reads(source: str) -> list[int]:
    """Line numbers where the source measures elapsed time."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in CLOCKS:
            found.append(node.lineno)
        elif isinstance(node, ast.Name) and node.id in CLOCKS:
            found.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            if any(alias.name in CLOCKS for alias in node.names):
                found.append(node.lineno)
        elif isinstance(node, ast.Compare) and any(_is_wall_clock(part) for part in ast.walk(node)):
            found.append(node.lineno)
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
            if _is_wall_clock(node.left) or _is_wall_clock(node.right):
                found.append(node.lineno)
    return sorted(set(found))


def test_the_scan_finds_a_timed_assert_in_each_spelling():
    assert clock_reads("import time\nt = time.perf_counter()\nassert time.perf_counter() - t < 1")
    assert clock_reads("from time import monotonic\nassert monotonic() < 5")
    assert clock_reads("import time\nassert time.time() > 0")
    assert clock_reads("from time import perf_counter as clock")
    assert clock_reads("import time\nt = time.time()\nelapsed = time.time() - t")
    assert not clock_reads("from datetime import timedelta\nassert timedelta(seconds=1)")
    assert not clock_reads("import time\nsession['started'] = int(time.time()) - 1801")


def test_no_test_file_reads_an_elapsed_time_clock():
    offenders = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if (lines := clock_reads(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, f"timing budgets belong in bench/, not tests/: {offenders}"
