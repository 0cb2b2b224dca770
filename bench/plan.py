"""Benchmark `plan` and `progress` in-process on the docs/examples assessments.

    .venv/bin/python bench/plan.py [--runs 500]

Budget (DESIGN.md): `plan` under 5 ms at the 95th percentile. The knowledge base is loaded once
before timing, as it is in a running server.
"""

from __future__ import annotations

import argparse
import functools
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from myomap.clinical.kb import get_kb  # noqa: E402
from myomap.clinical.planning import plan_build  # noqa: E402
from myomap.clinical.progress import progress_evaluate  # noqa: E402

EXAMPLES = ROOT / "docs" / "examples"
BUDGET_MS = 5.0


def _time(call, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    runs = parser.parse_args().runs
    get_kb()
    documents = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.assessment.json"))]
    plan = plan_build(documents[0])
    sessions = [
        {"number": n, "nprs_before": 6 - n // 2, "muscles_in_spasm": []} for n in range(1, 6)
    ]
    cases: dict[str, Callable[[], dict]] = {
        f"plan[{i}]": functools.partial(plan_build, d) for i, d in enumerate(documents)
    }
    cases["progress"] = lambda: progress_evaluate({"plan": plan, "sessions": sessions})
    worst = 0.0
    for name, call in cases.items():
        call()  # warm caches
        p50, p95 = _time(call, runs)
        worst = max(worst, p95) if name.startswith("plan") else worst
        print(f"{name:<12} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms")
    print(
        f"plan worst p95 {worst:.2f} ms (budget {BUDGET_MS} ms): "
        f"{'within' if worst < BUDGET_MS else 'OVER'} budget"
    )
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
