"""Load time of the knowledge base and build time of a 50-session NPRS chart.

Run: `.venv/bin/python bench/kb_and_charts.py [--runs 20]`. Budgets (from the tests these
timings used to live in): a cold knowledge-base load and validation under 500 ms; the NPRS chart
of fifty sessions under 5 ms at the median after one warm-up. Prints each figure against its
budget; exits 1 when one is over.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/kb_and_charts.py`
    sys.path.insert(0, str(ROOT))

from myomap.charts import nprs_chart_svg  # noqa: E402
from myomap.clinical.kb import load_kb  # noqa: E402

KB_BUDGET_MS = 500.0
CHART_BUDGET_MS = 5.0
STAGES = ["relieve_spasm", "restore_length", "strengthen"]
STAGE_LABELS = {"relieve_spasm": "Relieve spasm", "restore_length": "Restore length"}


def _sessions() -> list[dict]:
    return [
        {
            "number": n,
            "nprs_before": (n * 7) % 11,
            "nprs_after": None if n % 9 == 0 else n % 5,
            "stage": STAGES[min(2, n // 17)],
        }
        for n in range(1, 51)
    ]


def _time_ms(call, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    kb = statistics.median(_time_ms(load_kb, runs))
    sessions = _sessions()
    nprs_chart_svg(sessions, baseline=8, stage_labels=STAGE_LABELS)  # warm-up
    chart = statistics.median(
        _time_ms(lambda: nprs_chart_svg(sessions, baseline=8, stage_labels=STAGE_LABELS), runs)
    )
    over = False
    for name, figure, budget in (
        ("knowledge base load", kb, KB_BUDGET_MS),
        ("NPRS chart, 50 sessions", chart, CHART_BUDGET_MS),
    ):
        verdict = "ok" if figure < budget else "OVER"
        over = over or figure >= budget
        print(f"{name:<26} median {figure:8.2f} ms  budget {budget:g} ms ({verdict})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
