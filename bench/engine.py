"""In-process latency of the engine commands: p50 and p95 per command on realistic inputs.

Run: `.venv/bin/python -m bench.engine [--runs 2000]`. Budget (DESIGN.md): `sources` and
`triage` under 5 ms at the 95th percentile.

To add a case, append to CASES: `("command", {document})`. Several cases per command are fine;
the report groups them by command. The knowledge base is loaded once before timing, as in a
running server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # when run as `python bench/engine.py`
    sys.path.insert(0, str(ROOT))

from myomap.clinical.engine import COMMANDS, run_command  # noqa: E402
from myomap.clinical.kb import get_kb  # noqa: E402

BUDGET_MS = {"sources": 5.0, "triage": 5.0, "plan": 5.0}

CASES: list[tuple[str, dict]] = [
    ("score", {"instrument": "odi", "answers": [2, 1, 3, 1, 3, 2, 1, None, 2, 2]}),
    ("score", {"instrument": "start_back", "items": [1, 0, 1, 0, 0, 1, 0, 0],
               "item9": "moderately"}),
    ("change", {"measure": "nrs", "baseline": 6, "follow_up": 3}),
    ("triage", {"age": 42, "sex": "male", "findings": []}),
    ("triage", {"age": 63, "sex": "female", "onset_age": 61, "duration_weeks": 10,
                "findings": ["history_of_cancer", "night_pain_persistent",
                             "unexplained_weight_loss", "radicular_pain", "osteoporosis",
                             "minor_trauma"]}),
    ("triage", {"age": 29, "onset_age": 24, "duration_weeks": 30,
                "findings": ["onset_before_35", "buttock_pain", "improves_with_movement"]}),
    ("duration", {"onset": "2026-09-01", "on": "2026-11-21"}),
    ("severity", {"pain_pattern": "persistent", "pain_at_rest": False, "eases_with_movement": True,
                  "difficulties": ["lifting", "prolonged_sitting"], "weakness": True,
                  "postural_imbalance": "mild", "daily_impact": "some", "odi": 38}),
    ("leg-length", {"pelvic_torsion": True, "true_length_mm": {"left": 880, "right": 880},
                    "apparent_length_mm": {"left": 921, "right": 912},
                    "supine_to_long_sit": {"right": "short_to_long"}}),
    ("sources", {"regions": ["si_joint_r", "buttock_lower_r", "greater_trochanter_r"],
                 "intensity": {"si_joint_r": 6}}),
    ("sources", {"regions": ["lumbar_paraspinal_lower_l", "lumbar_paraspinal_lower_r", "si_joint_l",
                             "si_joint_r", "sacrum", "buttock_mid_r", "buttock_lateral_r",
                             "lateral_thigh_r", "leg_lateral_r", "lumbar_midline"]}),
]  # fmt: skip


def time_case(command: str, document: dict, runs: int) -> list[float]:
    run_command(command, document)  # warm caches, as a running process would be
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run_command(command, document)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def percentile(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000)
    runs = parser.parse_args().runs
    get_kb()
    by_command: dict[str, list[float]] = {}
    for command, document in CASES:
        if command in COMMANDS:
            by_command.setdefault(command, []).extend(time_case(command, document, runs))
    print(f"kb {get_kb().version}, {runs} runs per case, milliseconds")
    print(f"{'command':<12}{'p50':>8}{'p95':>8}  budget")
    for command, samples in by_command.items():
        p95 = percentile(samples, 95)
        budget = BUDGET_MS.get(command)
        verdict = "" if budget is None else f"{budget:g} ({'ok' if p95 < budget else 'OVER'})"
        print(f"{command:<12}{percentile(samples, 50):>8.3f}{p95:>8.3f}  {verdict}")


if __name__ == "__main__":
    main()
